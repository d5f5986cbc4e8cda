// From per-submission outcomes to the class report: points after the hint penalty, the passing
// score, late submissions, and one problem line per submission that could not be graded.
import type { LabReport } from '../report/types';
import { GRADE_SCHEMA, type GradeReport, type GradingConfig, type Learner } from './schema';

export type SubmissionOutcome =
  | { path: string; lab: string; report: LabReport; lastChanged?: Date; durationMs?: number }
  | { path: string; lab: string; error: string; durationMs?: number };

/** One learner's line of the class report. */
export function learnerOf(o: SubmissionOutcome, config: GradingConfig): Learner {
  const timing = o.durationMs !== undefined ? { durationMs: Math.round(o.durationMs) } : {};
  if ('error' in o) return { path: o.path, lab: o.lab, status: 'error', points: 0, maxPoints: 0, error: o.error, ...timing };
  const { report } = o;
  const hints = report.hintsShown ?? 0;
  const penalty = (config.hintPenalty ?? 0) * hints;
  const points = Math.max(0, round2(report.score.points - penalty));
  const maxPoints = report.score.maxPoints;
  const passed = config.passingScore === undefined ? report.passed : maxPoints > 0 && (points / maxPoints) * 100 >= config.passingScore;
  const late = config.dueDate !== undefined && o.lastChanged !== undefined ? o.lastChanged.getTime() > Date.parse(config.dueDate) : undefined;
  return {
    path: o.path,
    lab: o.lab,
    status: passed ? 'passed' : 'failed',
    points,
    maxPoints,
    ...(report.hintsShown !== undefined ? { hintsShown: hints } : {}),
    ...(late !== undefined ? { late } : {}),
    ...timing,
  };
}

export function classReport(outcomes: SubmissionOutcome[], config: GradingConfig, problems: string[] = [], shard?: { index: number; count: number }): GradeReport {
  const learners = outcomes.map((o) => learnerOf(o, config));
  const all = [...problems];
  for (const l of learners) {
    if (l.status === 'error') all.push(`${l.path}: ${l.error}`);
    if (l.late) all.push(`${l.path}: changed after the due date (${config.dueDate})`);
  }
  const count = (s: Learner['status']) => learners.filter((l) => l.status === s).length;
  return {
    schema: GRADE_SCHEMA,
    learners,
    problems: all,
    summary: { passed: count('passed'), failed: count('failed'), errored: count('error'), total: learners.length },
    ...(shard ? { shard } : {}),
  };
}

/** 0 every learner passed, 1 some failed or could not be graded, 2 nothing could be graded at all. */
export function gradeExitCode(report: GradeReport): number {
  if (report.summary.total === report.summary.errored) return 2;
  return report.summary.passed === report.summary.total ? 0 : 1;
}

const round2 = (n: number) => Math.round(n * 100) / 100;
