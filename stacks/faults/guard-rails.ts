// The guard rails every experiment of this library is built with, checked when the construct is
// created so a wrong value fails `cdk synth` with a readable message instead of reaching AWS.
import { Duration } from 'aws-cdk-lib';

/** The tag the runner puts on every resource of a lab; FIS selects its targets by it. */
export const LAB_TAG_KEY = 'ecs-lab:lab';

/** Longest an experiment of the labs may run (design.md: a duration cap on every experiment). */
export const MAX_EXPERIMENT_DURATION = Duration.minutes(10);

/** How many of the selected resources FIS acts on (FIS `selectionMode`). */
export type Selection = { count: number } | { percent: number } | 'all';

/** A lab id as the runner writes it (`operations/resilience`), the value of the lab tag. */
export function checkLabId(labId: string): string {
  if (typeof labId !== 'string' || !/^[a-z0-9-]+\/[a-z0-9-]+$/.test(labId)) {
    throw new Error(`labId must be the lab's id such as "operations/resilience" (it is the value of the ${LAB_TAG_KEY} tag FIS selects by); got ${JSON.stringify(labId)}`);
  }
  return labId;
}

/** The experiment's duration as ISO-8601 (`PT5M`), or a readable Error past the cap. */
export function checkDuration(what: string, duration: Duration): string {
  const seconds = duration.toSeconds();
  if (!(seconds > 0)) throw new Error(`${what}: the duration must be longer than 0 seconds`);
  if (seconds > MAX_EXPERIMENT_DURATION.toSeconds()) {
    throw new Error(`${what}: the duration ${duration.toHumanString()} is longer than the ${MAX_EXPERIMENT_DURATION.toHumanString()} cap every lab experiment has; shorten it`);
  }
  return duration.toIsoString();
}

/** A whole number within [min, max], or a readable Error. */
export function checkWhole(what: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) throw new Error(`${what} must be a whole number from ${min} to ${max}; got ${value}`);
  return value;
}

/** FIS `selectionMode`: `COUNT(n)`, `PERCENT(n)` or `ALL`. */
export function selectionMode(what: string, selection: Selection): string {
  if (selection === 'all') return 'ALL';
  if ('count' in selection) return `COUNT(${checkWhole(`${what}: count`, selection.count, 1, 1000)})`;
  return `PERCENT(${checkWhole(`${what}: percent`, selection.percent, 1, 100)})`;
}
