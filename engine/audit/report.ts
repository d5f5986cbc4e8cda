// The report of an audit: a LabReport (so every reporter renders it) whose `lab` describes the
// audited app (id `audit`, layer `audit`), with no questions, each check's suppressed findings,
// and an `audit` block saying what was judged and how the exit code was decided.
import { REPORT_SCHEMA, type LabReport } from '../report/types';
import type { CheckResult } from '../types';
import type { AuditInput } from './detect';
import { auditExitCode, failingAtOrAbove, type FailOn } from './severity';
import { applySuppressions, type AuditCheck, type Suppression } from './suppressions';

export interface AuditInfo {
  /** What was given: a CDK app folder, an entry file, a cdk.out folder or a template file. */
  input: AuditInput['kind'];
  /** The path as given on the command line. */
  path: string;
  /** The app's stacks (a template alone is one). */
  stacks: string[];
  /** Resources judged (all stacks, first condition scenario). */
  resources: number;
  failOn: FailOn;
  /** Failing checks at or above failOn: the exit code is 1 when this is above 0. */
  failing: number;
  suppressions: Omit<Suppression, 'source'>[];
  /** A file to attach results without a source line to (the template, cdk.json, the entry), relative to `workspace`. */
  anchor?: string;
}

export interface AuditReport extends LabReport {
  checks: AuditCheck[];
  audit: AuditInfo;
}

export interface AuditFacts {
  name: string;
  path: string;
  input: AuditInput['kind'];
  root: string;
  stacks: string[];
  resources: number;
  anchor?: string;
  appOutput?: string;
  warnings: string[];
}

export function buildAuditReport(facts: AuditFacts, results: CheckResult[], suppressions: Suppression[], failOn: FailOn, durationMs: number): AuditReport {
  const { checks, unused } = applySuppressions(
    results.map(({ replay: _, ...reported }) => reported),
    suppressions,
  );
  const count = (status: CheckResult['status']) => checks.filter((c) => c.status === status).length;
  const warnings = [...facts.warnings, ...unused.map((s) => `suppression ${s.id}${s.resource ? ` (${s.resource})` : ''} from ${s.source} matched no finding`)];
  const failing = failingAtOrAbove(checks, failOn);
  const judged = checks.filter((c) => c.status === 'pass' || c.status === 'fail').length;
  return {
    schema: REPORT_SCHEMA,
    lab: { id: 'audit', title: `Audit of ${facts.name}`, layer: 'audit' },
    target: 'offline',
    workspace: facts.root,
    checks,
    score: { points: count('pass'), maxPoints: judged },
    summary: {
      checks: { passed: count('pass'), failed: count('fail'), errored: count('error'), skipped: count('skip'), total: checks.length },
      questions: { passed: 0, total: 0 },
      items: { passed: 0, total: 0 },
    },
    passed: auditExitCode(checks, failOn) === 0,
    warnings,
    ...(facts.appOutput?.trim() ? { appOutput: facts.appOutput } : {}),
    durationMs: Math.round(durationMs),
    audit: {
      input: facts.input,
      path: facts.path,
      stacks: facts.stacks,
      resources: facts.resources,
      failOn,
      failing,
      suppressions: suppressions.map(({ source: _, ...s }) => s),
      ...(facts.anchor ? { anchor: facts.anchor } : {}),
    },
  };
}

/** Reports are rendered from a LabReport; an audit's extra fields ride along when present. */
export function isAuditReport(report: LabReport): report is AuditReport {
  return typeof (report as Partial<AuditReport>).audit === 'object';
}
