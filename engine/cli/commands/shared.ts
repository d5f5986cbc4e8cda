// Small pieces several commands share: where the workspaces live, rendering a report.
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { DEFAULT_ROOT } from '../../workspace/names';
import type { Io } from '../io';

/** The folder with .lab/ at or above `cwd`, without validating it. */
export function workspaceDirAbove(cwd: string): string | undefined {
  let dir = resolve(cwd);
  for (;;) {
    if (existsSync(join(dir, '.lab'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/** --dir if given; inside a workspace, the folder holding it; else ./ecs-labs. */
export function resolveRoot(io: Io, dir?: string): string {
  if (dir) return resolve(io.cwd, dir);
  const ws = workspaceDirAbove(io.cwd);
  return ws ? dirname(ws) : resolve(io.cwd, DEFAULT_ROOT);
}
