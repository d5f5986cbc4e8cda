// Findings that share one cause, across the checks of a report. One managed policy such as
// AdministratorAccess makes several checks fail with a finding per service it reaches (30 or
// more): the terminal shows the cause once, with what it implies, instead of a wall of lines.
// Only the terminal folds them; JSON and the other reporters keep every finding.
import type { Finding } from '../types';
import type { LabReport } from './types';

/** Fewer findings than this from one cause read fine one by one. */
export const FOLD_MIN = 4;
/** Services named in a cause's summary before "and N other services". */
const SERVICES_SHOWN = 8;

export interface SharedCause {
  key: string;
  /** `AWS managed policy AdministratorAccess on AppRole`. */
  label: string;
  /** The findings of each check it caused, in report order. */
  byCheck: { checkId: string; findings: Finding[] }[];
  total: number;
  /** What the findings imply together: `AppRole can use dynamodb, ec2, … and 442 other services`. */
  implies?: string;
}

// `…: allowed by statement #1 of AWS managed policy AdministratorAccess (assuming …)` — the IAM
// probes' wording (checks/iam/probes.ts); the policy is the cause, the statement a detail of it.
const ALLOWED_BY = /: allowed by (?:statement #\d+ of )?(.+?)(?: \(|$)/;
// `… has the AWS managed policy AdministratorAccess, which is admin-level` (iam.no-admin-or-wildcard-actions).
const HAS_MANAGED = /\bhas the (AWS managed policy [\w+=,.@-]+?),? /;

/** The construct a finding is about, without the stack and CDK's `Resource`/`DefaultPolicy` leaves. */
export function subjectOf(f: Finding): string | undefined {
  if (!f.constructPath) return f.logicalId;
  const parts = f.constructPath.split('/').slice(1);
  return parts[0] ?? f.constructPath;
}

/** What caused a finding, when its message names it (a policy), as `<policy>|<subject>`; else undefined. */
export function causeOf(f: Finding): { key: string; label: string } | undefined {
  const policy = ALLOWED_BY.exec(f.message)?.[1] ?? HAS_MANAGED.exec(f.message)?.[1];
  const subject = subjectOf(f);
  if (!policy || !subject) return undefined;
  return { key: `${policy}|${subject}`, label: `${policy} on ${subject}` };
}

/** The causes of at least `min` findings in the report's failing checks, by key. */
export function sharedCauses(report: Pick<LabReport, 'checks'>, min = FOLD_MIN): Map<string, SharedCause> {
  const causes = new Map<string, SharedCause>();
  for (const check of report.checks) {
    if (check.status !== 'fail') continue;
    for (const f of check.findings) {
      const cause = causeOf(f);
      if (!cause) continue;
      const entry = causes.get(cause.key) ?? { key: cause.key, label: cause.label, byCheck: [], total: 0 };
      let slot = entry.byCheck.find((b) => b.checkId === check.id);
      if (!slot) entry.byCheck.push((slot = { checkId: check.id, findings: [] }));
      slot.findings.push(f);
      entry.total++;
      causes.set(cause.key, entry);
    }
  }
  for (const [key, cause] of causes) {
    if (cause.total < min) causes.delete(key);
    else cause.implies = impliedReach(cause);
  }
  return causes;
}

/**
 * The services the findings say the subject can act in, from their `can <service>:<Action>` and
 * `can also act in N other services` wording; undefined when no finding says.
 */
export function impliedReach(cause: SharedCause): string | undefined {
  const services = new Set<string>();
  let others = 0;
  for (const f of cause.byCheck.flatMap((b) => b.findings)) {
    const more = / can also act in (\d+) other services/.exec(f.message);
    if (more) others = Math.max(others, Number(more[1]));
    const service = / can ([a-z0-9-]+):[A-Za-z*]/.exec(f.message)?.[1];
    if (service) services.add(service);
  }
  if (services.size === 0 && others === 0) return undefined;
  const names = [...services].sort();
  const shown = names.slice(0, SERVICES_SHOWN);
  const rest = names.length - shown.length + others;
  const subject = cause.label.slice(cause.label.lastIndexOf(' on ') + 4);
  return `${subject} can use ${shown.join(', ')}${rest > 0 ? ` and ${rest} other service${rest > 1 ? 's' : ''}` : ''}`;
}
