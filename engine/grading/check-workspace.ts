// `lab check` as a function: synthesize the workspace, run the lab's checks, grade answers.md,
// and record the outcome (workspace state, progress). Returns the report every reporter renders.
import { runChecksOnApp } from '../checking/run-on-app';
import { gradeAll } from '../questions/grade';
import { labDraw, readWorkspaceAnswers, writeWorkspaceAnswers } from '../questions/lab-answers';
import { REPORT_SCHEMA, type FaultReport, type LabReport, type QuestionGrade } from '../report/types';
import { WorkspaceSynthesizer, type SynthResult } from '../synth';
import type { IsolationLimits } from '../synth/isolated';
import type { TypeChecker } from '../synth/typecheck';
import { RUNNER_VERSION } from '../paths';
import type { CheckResult, LabManifest } from '../types';
import { updateProgress } from '../workspace/progress';
import { updateState, type WorkspaceState } from '../workspace/state';
import { labFolder, type Workspace } from '../workspace/workspace';

export interface CheckOptions {
  /** Grade answers.md too (default true). */
  questions?: boolean;
  /** Record the outcome in state and progress (default true). */
  record?: boolean;
  /**
   * Sees the synthesized app before its files are cleaned up (e.g. to predict a fault break's
   * impact). It may throw a LabError to refuse the run; it never changes the verdict.
   */
  observe?: (synth: SynthResult) => void;
  /**
   * The aws target: judges the deployed stack beside the synthesized one (engine/aws/live), given
   * the offline results; the report then says `target: 'aws'`. Absent offline.
   */
  live?: (synth: SynthResult, offline: CheckResult[]) => Promise<CheckResult[]>;
}

export async function checkWorkspace(ws: Workspace, synthesizer: WorkspaceSynthesizer, opts: CheckOptions = {}): Promise<LabReport> {
  const started = performance.now();
  // Answers are parsed first: a malformed answers.md is an input error, reported before any work.
  const graded = opts.questions === false ? undefined : gradeAnswers(ws);
  // The checks run while the compiler may still be type-checking; a type error then wins (thrown
  // by typeChecked) and what the checks found is dropped, as if they had never run.
  const synth = await synthesizer.runEarly();
  let checks: CheckResult[];
  try {
    const early = await Promise.allSettled([
      runChecksOnApp(ws.lab.checks, { scenarios: synth.scenarios, assemblyDir: synth.assemblyDir, workspaceDir: ws.dir }),
    ]);
    await synth.typeChecked;
    // LAB_TIMINGS=1 prints where a check's time goes (for `npm run bench` and for curious learners).
    if (process.env.LAB_TIMINGS) process.stderr.write(`timings ${JSON.stringify(synth.timings)}\n`);
    if (early[0].status === 'rejected') throw early[0].reason;
    checks = early[0].value;
    opts.observe?.(synth);
    if (opts.live) checks = await opts.live(synth, checks);
  } finally {
    synth.dispose();
  }
  const warnings = [...synth.warnings, ...(graded?.problems ?? [])];
  const report = buildReport(ws, checks, graded?.grades, warnings, performance.now() - started, opts.live ? 'aws' : 'offline');
  if (synth.appOutput.trim()) report.appOutput = synth.appOutput;
  if (opts.record !== false) record(ws, report);
  return report;
}

/** Grades once the checks have run: evidence items are judged by this run's check results. */
export type PendingGrades = (checks: CheckResult[]) => QuestionGrade[];

/**
 * Reads answers.md against this workspace's draw. Called before synthesis, so a malformed file is
 * an input error before any work; the grading itself waits for the check results.
 */
export function gradeAnswers(ws: Workspace): { grades: PendingGrades; problems: string[] } {
  const { draw, sections } = labDraw(labFolder(ws.lab), ws.state, ws.seedOverride);
  let parsed = readWorkspaceAnswers(ws.dir, draw);
  if (!parsed) {
    // A deleted answers.md comes back as the blank template: every item unanswered.
    writeWorkspaceAnswers(ws.dir, draw, ws.lab.title);
    parsed = { items: {}, reflections: {}, problems: [] };
  }
  const answers = parsed;
  return { grades: (checks) => gradeAll(draw, answers, { checks, sections }), problems: answers.problems };
}

export function checkPoints(lab: LabManifest, results: CheckResult[]): { points: number; maxPoints: number } {
  let points = 0;
  let maxPoints = 0;
  for (const ref of lab.checks) {
    const value = ref.points ?? 1;
    maxPoints += value;
    if (results.find((r) => r.id === ref.id)?.status === 'pass') points += value;
  }
  return { points, maxPoints };
}

export function buildReport(
  ws: Workspace,
  checks: CheckResult[],
  graded: QuestionGrade[] | PendingGrades | undefined,
  warnings: string[],
  durationMs: number,
  target: LabReport['target'] = 'offline',
): LabReport {
  const questions = typeof graded === 'function' ? graded(checks) : graded;
  const cp = checkPoints(ws.lab, checks);
  const qs = questions ?? [];
  const items = qs.flatMap((q) => q.items);
  const count = (status: CheckResult['status']) => checks.filter((c) => c.status === status).length;
  const checksPass = checks.every((c) => c.status === 'pass');
  const faults = faultReports(checks, ws.state.faultsAtBreak);
  return {
    schema: REPORT_SCHEMA,
    lab: { id: ws.lab.id, title: ws.lab.title, layer: ws.lab.layer },
    target,
    workspace: ws.dir,
    checks: checks.map(({ replay: _, ...reported }) => reported),
    ...(faults.length ? { faults } : {}),
    questions,
    score: { points: cp.points + items.reduce((s, i) => s + i.points, 0), maxPoints: cp.maxPoints + items.reduce((s, i) => s + i.maxPoints, 0) },
    summary: {
      checks: { passed: count('pass'), failed: count('fail'), errored: count('error'), skipped: count('skip'), total: checks.length },
      questions: { passed: qs.filter((q) => q.passed).length, total: qs.length },
      items: { passed: items.filter((i) => i.passed).length, total: items.length },
    },
    // A lab whose questions were not graded (--no-questions) has not passed, however green its checks.
    passed: checksPass && questions !== undefined && qs.every((q) => q.passed),
    warnings,
    durationMs: Math.round(durationMs),
  };
}

/** The report's `faults`: each resilience check's replay, with the replay at break time as "before". */
export function faultReports(checks: CheckResult[], atBreak: WorkspaceState['faultsAtBreak']): FaultReport[] {
  return checks.flatMap((c) => {
    if (!c.replay) return [];
    const r = c.replay;
    const before = atBreak?.[c.id];
    return [
      {
        check: c.id,
        experiment: r.experiment,
        target: r.target,
        availability: r.availability,
        worstErrorRate: r.worstErrorRate,
        recoverySeconds: r.recoverySeconds,
        ...(r.detectSeconds !== undefined ? { detectSeconds: r.detectSeconds } : {}),
        passed: c.status === 'pass',
        events: r.events,
        ...(before ? { before } : {}),
      },
    ];
  });
}

/**
 * Records the outcome in the workspace state and progress. State is re-read first and only
 * lastCheck is written, so a `lab hint` from another terminal is never undone. Progress shows the
 * latest result: a later failure (or an ungraded run) takes a pass back.
 */
export function record(ws: Workspace, report: LabReport, now = new Date()): void {
  const at = now.toISOString();
  const passed = report.passed && report.questions !== undefined;
  const state = updateState(ws.dir, (cur) => ({
    // The first replays after the break are its predicted impact: kept as the "before".
    ...(!cur.faultsAtBreak && report.faults?.length
      ? { faultsAtBreak: Object.fromEntries(report.faults.map((f) => [f.check, { availability: f.availability, worstErrorRate: f.worstErrorRate, recoverySeconds: f.recoverySeconds }])) }
      : {}),
    lastCheck: {
      at,
      passed,
      points: report.score.points,
      maxPoints: report.score.maxPoints,
      failing: report.checks.filter((c) => c.status !== 'pass').map((c) => c.id),
    },
  }));
  ws.state = state;
  updateProgress(ws.root, ws.lab.id, (cur) => {
    const best = cur?.best && cur.best.points >= report.score.points ? cur.best : { points: report.score.points, maxPoints: report.score.maxPoints };
    return {
      status: passed ? 'passed' : 'started',
      startedAt: cur?.startedAt ?? state.createdAt,
      ...(passed ? { passedAt: cur?.status === 'passed' && cur.passedAt ? cur.passedAt : at } : {}),
      best,
      hintsShown: state.hintsShown,
      dir: ws.dir.slice(ws.root.length + 1),
    };
  });
}

export interface CheckedReportOptions {
  limits: Partial<IsolationLimits>;
  questions: boolean;
  /** Record the outcome in the workspace (not for a bare checkout graded with --lab). */
  record: boolean;
  /** The grader named the lab (--lab). */
  pinned: boolean;
  live?: CheckOptions['live'];
  /** Where the type check comes from (lab grade's shared compiler); by default a compiler run. */
  checker?: TypeChecker;
}

/** One check of a workspace as `lab check` reports it; `lab grade`'s workers call this too. */
export async function checkedReport(ws: Workspace, o: CheckedReportOptions): Promise<LabReport> {
  const synthesizer = new WorkspaceSynthesizer(ws.dir, ws.lab.entry, ws.lab.stackName, { limits: o.limits }, o.checker);
  const report = await checkWorkspace(ws, synthesizer, { questions: o.questions, record: o.record, live: o.live });
  report.lab.pinned = o.pinned;
  report.runnerVersion = RUNNER_VERSION;
  report.hintsShown = ws.state.hintsShown;
  return report;
}
