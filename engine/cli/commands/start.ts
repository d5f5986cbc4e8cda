import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { resolveStartTarget, slugOf } from '../../catalogue/catalogue';
import { readProgress, updateProgress } from '../../workspace/progress';
import { defaultBreak, labFolder, startWorkspace } from '../../workspace/workspace';
import type { Io } from '../io';
import { resolveRoot } from './shared';
import { runCheckOnce } from './check';

/** `quiet`: the brief only, no first check and no next steps (the watch goes on with the lab and checks it). */
export async function start(io: Io, name: string, opts: { dir?: string; quiet?: boolean }): Promise<number> {
  const root = resolveRoot(io, opts.dir);
  const progress = readProgress(root);
  const lab = resolveStartTarget(name, (id) => progress.labs[id]?.status === 'passed');
  const { workspace, created } = startWorkspace(lab, root);
  updateProgress(root, lab.id, (cur) => cur ?? { status: 'started', startedAt: workspace.state.createdAt, hintsShown: 0, dir: slugOf(lab) });

  const c = io.color;
  const where = relative(io.cwd, workspace.dir) || '.';
  io.out(c.bold(`◆ ecs-lab · ${lab.id} — ${lab.title}`));
  io.out(created ? `  Workspace created: ${c.bold(where)}` : `  Resuming your workspace ${c.bold(where)} (your files were kept)`);
  const brk = defaultBreak(lab);
  if (created && brk) io.out(`  ${c.yellow('⚡')} Break applied: ${c.bold(brk.id)} — the story below says what happened`);
  io.out('');
  const { renderMarkdownTerminal } = await import('../../ui/markdown-terminal');
  io.out(renderMarkdownTerminal(readFileSync(join(labFolder(lab), 'brief.md'), 'utf8'), { color: io.colorEnabled, width: io.columns }));
  if (opts.quiet) return 0;
  await runCheckOnce(io, workspace, { questions: true, predict: created });
  io.out('');
  // Say the commands the way the learner ran this one: through npx, or installed.
  const lab_ = process.env.npm_command === 'exec' ? 'npx lab' : 'lab';
  io.out(c.bold('Next:'));
  // The file the lab is about (app/Dockerfile for the image lab), then the entry if that is another.
  const open = lab.focus && lab.focus !== lab.entry ? `${c.bold(lab.focus)} (and ${lab.entry})` : c.bold(lab.entry);
  io.out(`  1. ${c.bold(`cd ${where}`)} and open ${open} in your editor`);
  io.out(`  2. ${c.bold(`${lab_} check --watch`)} re-checks on every save (or ${c.bold(`${lab_} check`)} once)`);
  io.out(`  3. ${c.bold(`${lab_} hint`)} when stuck · ${c.bold(`${lab_} quiz`)} or answers.md for the key questions · ${c.bold(`${lab_} status`)} for the whole path`);
  return 0;
}
