// Small pieces several commands share: where the workspaces live.
import { dirname, resolve } from 'node:path';
import { DEFAULT_ROOT } from '../../workspace/names';
import { workspaceDirAbove } from '../../workspace/find';
import type { Io } from '../io';

export { workspaceDirAbove };

/** --dir if given; inside a workspace, the folder holding it; else ./ecs-labs. */
export function resolveRoot(io: Io, dir?: string): string {
  if (dir) return resolve(io.cwd, dir);
  const ws = workspaceDirAbove(io.cwd);
  return ws ? dirname(ws) : resolve(io.cwd, DEFAULT_ROOT);
}
