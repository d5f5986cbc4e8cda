// Evidence by SOC 2 criterion: each check of a report that names Trust Services Criteria
// (its `refs.soc2`), once per criterion, with its verdict and the controls it stands for.
// Pure: the check library supplies the mappings, the report the verdicts.
import { checkById } from '../checking/registry';
import type { CheckStatus } from '../types';
import type { LabReport } from './types';

/**
 * Short names of the criteria the check library uses, paraphrased from the AICPA's 2017 Trust
 * Services Criteria (TSP section 100, points of focus revised 2022). Unknown ids print bare.
 */
export const TSC_TITLES: Record<string, string> = {
  'CC6.1': 'Logical access security over information assets (incl. inventory and encryption)',
  'CC6.3': 'Access authorized, changed and removed by role; least privilege',
  'CC6.6': 'Protection against threats from outside the system boundary',
  'CC6.7': 'Information protected in transmission',
  'CC7.2': 'System components monitored for anomalies',
  'CC7.3': 'Security events evaluated',
  'C1.1': 'Confidential information identified and protected',
};

export interface EvidenceRow {
  criterion: string;
  checkId: string;
  title: string;
  status: CheckStatus;
  /** Findings of a failing check; the skip reason of a skipped one. */
  findings: number;
  note?: string;
  securityHub: string[];
  awsConfig: string[];
}

export interface Evidence {
  rows: EvidenceRow[];
  /** Checks of the report that name no criterion (guards, resilience, …). */
  unmapped: string[];
}

/** The evidence rows of a report, ordered by criterion (CC before A, C, …) and then as the report lists checks. */
export function evidenceOf(report: LabReport): Evidence {
  const rows: EvidenceRow[] = [];
  const unmapped: string[] = [];
  for (const c of report.checks) {
    const refs = checkById(c.id)?.refs;
    if (!refs?.soc2?.length) {
      unmapped.push(c.id);
      continue;
    }
    for (const criterion of refs.soc2) {
      rows.push({
        criterion,
        checkId: c.id,
        title: c.title,
        status: c.status,
        findings: c.status === 'fail' ? c.findings.length : 0,
        note: c.status === 'skip' || c.status === 'error' ? c.findings[0]?.message : undefined,
        securityHub: refs.securityHub ?? [],
        awsConfig: refs.awsConfig ?? [],
      });
    }
  }
  rows.sort((a, b) => compareCriteria(a.criterion, b.criterion));
  return { rows, unmapped };
}

/** CC1.1 < CC6.1 < CC6.10 < A1.2 < C1.1: the common criteria first, then numerically. */
export function compareCriteria(a: string, b: string): number {
  const key = (s: string) => {
    const m = /^([A-Z]+)(\d+)\.(\d+)$/.exec(s);
    return m ? [m[1] === 'CC' ? '' : m[1], Number(m[2]), Number(m[3])] as const : [s, 0, 0] as const;
  };
  const [pa, ma, na] = key(a);
  const [pb, mb, nb] = key(b);
  return pa.localeCompare(pb) || ma - mb || na - nb;
}
