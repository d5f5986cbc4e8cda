// The verdict of a network check that judges several subjects: fail on any evidence; skip, with
// the reasons, when nothing failed but some subject could not be judged from this template;
// pass only when every subject was judged and passed.
import type { CheckOutcome, Finding } from '../../engine/types';

export function verdict(findings: Finding[], unknowns: string[]): CheckOutcome {
  if (findings.length) return { status: 'fail', findings };
  if (unknowns.length) return { status: 'skip', reason: [...new Set(unknowns)].join('; ') };
  return { status: 'pass' };
}
