// "Time spent" in the instructor report: from `lab start` (the workspace state's createdAt) to the
// submission's last change (its newest file). Both come from the learner's folder, so this is
// bookkeeping for an honest class, not a measurement a learner cannot change (docs/ci-grading.md).
import { existsSync } from 'node:fs';
import { statePath, readState } from '../../workspace/state';

/** When the workspace was started, from its state; undefined for a repository without one or a state that does not read. */
export function startedAt(dir: string): Date | undefined {
  if (!existsSync(statePath(dir))) return undefined;
  try {
    const t = Date.parse(readState(dir).createdAt);
    return Number.isFinite(t) ? new Date(t) : undefined;
  } catch {
    return undefined;
  }
}

/** Milliseconds from start to last change; undefined when either is unknown or they are out of order. */
export function timeSpentMs(started: Date | undefined, lastChanged: Date | undefined): number | undefined {
  if (!started || !lastChanged) return undefined;
  const ms = lastChanged.getTime() - started.getTime();
  return ms >= 0 ? ms : undefined;
}
