// The learning path at a glance, for the watch screen and the bare `lab` menu: a progress bar,
// which lab comes next, and each lab's mark. Pure functions of the catalogue order and the
// statuses progress.json stores (engine/workspace/progress-status.ts).
import type { LabManifest } from '../types';
import type { LabStatus } from '../workspace/progress-status';

/** Cells of the progress bar: wide enough to move visibly with each of ~15 labs, narrow enough for 80 columns. */
const BAR_CELLS = 20;

/** `▕██████░░░░░░░░░░░░░░▏ 4/13 labs passed`. */
export function pathBar(labs: Pick<LabManifest, 'id'>[], statuses: Record<string, LabStatus>, cells = BAR_CELLS): string {
  const passed = labs.filter((l) => statuses[l.id] === 'passed').length;
  const full = labs.length ? Math.round((passed / labs.length) * cells) : 0;
  return `▕${'█'.repeat(full)}${'░'.repeat(cells - full)}▏ ${passed}/${labs.length} labs passed`;
}

/**
 * The lab to go on to: the first not passed after `current` in path order, else the first not
 * passed before it; undefined when every other lab is passed.
 */
export function nextLab<L extends Pick<LabManifest, 'id'>>(labs: L[], statuses: Record<string, LabStatus>, current?: string): L | undefined {
  const at = current ? labs.findIndex((l) => l.id === current) : -1;
  const open = (l: L) => statuses[l.id] !== 'passed' && l.id !== current;
  return labs.slice(at + 1).find(open) ?? labs.slice(0, Math.max(at, 0)).find(open);
}

/** The lab in progress to resume: the one started most recently is unknown here, so the first started in path order. */
export function labInProgress<L extends Pick<LabManifest, 'id'>>(labs: L[], statuses: Record<string, LabStatus>): L | undefined {
  return labs.find((l) => statuses[l.id] === 'started');
}

/** `✓` passed, `▸` started, `·` not started. */
export function statusMark(status: LabStatus | undefined): string {
  return status === 'passed' ? '✓' : status === 'started' ? '▸' : '·';
}
