// Finding workspaces by walking up from a folder. No imports beyond Node's, so the fast commands
// (`lab list`, `lab status`) can use it without loading the rest of the engine.
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/** The nearest folder at or above `cwd` that satisfies `test`. */
export function findUp(cwd: string, test: (dir: string) => boolean): string | undefined {
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    if (test(dir)) return dir;
    if (dirname(dir) === dir) return undefined;
  }
}

/** The folder with .lab/ at or above `cwd`, even when its state is damaged (for reset, doctor). */
export function workspaceDirAbove(cwd: string): string | undefined {
  return findUp(cwd, (dir) => existsSync(join(dir, '.lab')));
}
