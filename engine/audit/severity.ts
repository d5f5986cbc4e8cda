// `--fail-on <severity>`: the exit code of an audit. 1 when a check fails (with findings left
// after suppressions) at or above the threshold, 0 otherwise; `none` never fails the run.
import { LabError } from '../errors';
import type { CheckResult, Severity } from '../types';

/** Lowest to highest. */
export const SEVERITIES: readonly Severity[] = ['low', 'medium', 'high', 'critical'];
export type FailOn = Severity | 'none';
export const DEFAULT_FAIL_ON: FailOn = 'high';

export function parseFailOn(value: string | undefined): FailOn {
  if (value === undefined) return DEFAULT_FAIL_ON;
  const v = value.trim().toLowerCase();
  if (v === 'none' || (SEVERITIES as readonly string[]).includes(v)) return v as FailOn;
  throw new LabError('E_USAGE', `--fail-on takes ${[...SEVERITIES].reverse().join(', ')} or none, not "${value}" — e.g. \`lab audit . --fail-on medium\``);
}

export const severityRank = (s: Severity): number => SEVERITIES.indexOf(s);

/** Failing checks at or above the threshold (a suppressed finding no longer fails its check). */
export function failingAtOrAbove(checks: Pick<CheckResult, 'severity' | 'status'>[], failOn: FailOn): number {
  if (failOn === 'none') return 0;
  return checks.filter((c) => c.status === 'fail' && severityRank(c.severity) >= severityRank(failOn)).length;
}

export function auditExitCode(checks: Pick<CheckResult, 'severity' | 'status'>[], failOn: FailOn): 0 | 1 {
  return failingAtOrAbove(checks, failOn) > 0 ? 1 : 0;
}
