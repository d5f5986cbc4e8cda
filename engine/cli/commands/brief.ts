import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { findLab } from '../../catalogue/catalogue';
import { LabError } from '../../errors';
import { findWorkspace, labFolder } from '../../workspace/workspace';
import type { Io } from '../io';

/** `lab brief [lab]`: the brief of this workspace's lab (or the named one), rendered for the terminal. */
export async function brief(io: Io, labArg?: string): Promise<number> {
  let lab;
  if (labArg) {
    lab = findLab(labArg);
    if (!lab) throw new LabError('E_UNKNOWN_LAB', `no lab called "${labArg}" — run \`lab list\` to see the lab ids`);
  } else {
    lab = findWorkspace(io.cwd).lab;
  }
  const { renderMarkdownTerminal } = await import('../../ui/markdown-terminal');
  io.out(renderMarkdownTerminal(readFileSync(join(labFolder(lab), 'brief.md'), 'utf8'), { color: io.colorEnabled, width: io.columns }));
  return 0;
}
