import { writeState } from '../../workspace/state';
import { updateProgress } from '../../workspace/progress';
import { findWorkspace, type Workspace } from '../../workspace/workspace';
import type { Io } from '../io';

const LEVELS = ['a nudge', 'a pointer', 'nearly the answer'];

export async function hint(io: Io): Promise<number> {
  showHint(io, findWorkspace(io.cwd));
  return 0;
}

/** Shows the next hint level and records it (hints are counted in progress). */
export function showHint(io: Io, ws: Workspace, again = 'Run `lab hint` again for a stronger hint.'): void {
  const c = io.color;
  const hints = ws.lab.hints;
  const shown = ws.state.hintsShown;
  if (shown >= hints.length) {
    io.out(c.bold(`All ${hints.length} hints for ${ws.lab.id}:`));
    hints.forEach((h, i) => io.out(`  ${i + 1}. ${h}`));
    io.out(c.dim('That is every hint there is. `lab check` tells you which checks still fail.'));
    return;
  }
  const level = shown + 1;
  io.out(c.bold(`Hint ${level} of ${hints.length} (${LEVELS[shown]}):`));
  io.out(`  ${hints[shown]}`);
  if (level < hints.length) io.out(c.dim(again));
  ws.state.hintsShown = level;
  writeState(ws.dir, ws.state);
  updateProgress(ws.root, ws.lab.id, (cur) => ({
    status: cur?.status ?? 'started',
    startedAt: cur?.startedAt ?? ws.state.createdAt,
    passedAt: cur?.passedAt,
    best: cur?.best,
    hintsShown: level,
    dir: cur?.dir ?? ws.dir.slice(ws.root.length + 1),
  }));
}
