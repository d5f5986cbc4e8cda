// `lab check` as a function: synthesize the workspace, run the lab's checks, grade answers.md,
// and record the outcome (workspace state, progress). Returns the report every reporter renders.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runChecksOnApp } from '../checking/run-on-app';
import { LabError } from '../errors';
import { answersTemplate, parseAnswers } from '../questions/answers-file';
import { gradeAll } from '../questions/grade';
import { loadQuestions } from '../questions/load';
import { REPORT_SCHEMA, type LabReport, type QuestionGrade } from '../report/types';
import type { WorkspaceSynthesizer } from '../synth';
import type { CheckResult, LabManifest } from '../types';
import { updateProgress } from '../workspace/progress';
import { writeState } from '../workspace/state';
import { ANSWERS_FILE, labFolder, type Workspace } from '../workspace/workspace';

export interface CheckOptions {
  /** Grade answers.md too (default true). */
  questions?: boolean;
  /** Record the outcome in state and progress (default true). */
  record?: boolean;
}

export async function checkWorkspace(ws: Workspace, synthesizer: WorkspaceSynthesizer, opts: CheckOptions = {}): Promise<LabReport> {
  const started = performance.now();
  // Answers are parsed first: a malformed answers.md is an input error, reported before any work.
  const graded = opts.questions === false ? undefined : gradeAnswers(ws);
  const synth = await synthesizer.run();
  let checks: CheckResult[];
  try {
    checks = await runChecksOnApp(ws.lab.checks, { scenarios: synth.scenarios, assemblyDir: synth.assemblyDir, workspaceDir: ws.dir });
  } finally {
    synth.dispose();
  }
  const warnings = [...synth.warnings, ...(graded?.problems ?? [])];
  const report = buildReport(ws, checks, graded?.grades, warnings, performance.now() - started);
  if (synth.appOutput.trim()) report.appOutput = synth.appOutput;
  if (opts.record !== false) record(ws, report);
  return report;
}

export function gradeAnswers(ws: Workspace): { grades: QuestionGrade[]; problems: string[] } {
  const questions = loadQuestions(join(labFolder(ws.lab), 'questions.yaml'));
  const file = join(ws.dir, ANSWERS_FILE);
  if (!existsSync(file)) {
    // A deleted answers.md comes back as the blank template: every question unanswered.
    writeFileSync(file, answersTemplate(ws.lab.title, questions));
  }
  const text = readFileSync(file, 'utf8');
  if (text.trim() === '') {
    throw new LabError('E_ANSWERS', `${ANSWERS_FILE} is empty — delete it and \`lab check\` writes a fresh template, or run \`lab quiz\``);
  }
  const parsed = parseAnswers(text, questions, { file: ANSWERS_FILE });
  return { grades: gradeAll(questions, parsed), problems: parsed.problems };
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

export function buildReport(ws: Workspace, checks: CheckResult[], questions: QuestionGrade[] | undefined, warnings: string[], durationMs: number): LabReport {
  const cp = checkPoints(ws.lab, checks);
  const qPoints = (questions ?? []).reduce((s, q) => s + q.points, 0);
  const qMax = (questions ?? []).reduce((s, q) => s + q.maxPoints, 0);
  const count = (status: CheckResult['status']) => checks.filter((c) => c.status === status).length;
  const checksPass = checks.every((c) => c.status === 'pass');
  const questionsPass = (questions ?? []).every((q) => q.passed);
  return {
    schema: REPORT_SCHEMA,
    lab: { id: ws.lab.id, title: ws.lab.title, layer: ws.lab.layer },
    target: 'offline',
    workspace: ws.dir,
    checks,
    questions,
    score: { points: cp.points + qPoints, maxPoints: cp.maxPoints + qMax },
    summary: {
      checks: { passed: count('pass'), failed: count('fail'), errored: count('error'), skipped: count('skip'), total: checks.length },
      questions: { passed: (questions ?? []).filter((q) => q.passed).length, total: (questions ?? []).length },
    },
    passed: checksPass && questionsPass,
    warnings,
    durationMs: Math.round(durationMs),
  };
}

function record(ws: Workspace, report: LabReport): void {
  const now = new Date().toISOString();
  ws.state.lastCheck = {
    at: now,
    passed: report.passed,
    points: report.score.points,
    maxPoints: report.score.maxPoints,
    failing: report.checks.filter((c) => c.status !== 'pass').map((c) => c.id),
  };
  writeState(ws.dir, ws.state);
  updateProgress(ws.root, ws.lab.id, (cur) => {
    const best = cur?.best && cur.best.points >= report.score.points ? cur.best : { points: report.score.points, maxPoints: report.score.maxPoints };
    const passedNow = report.passed && cur?.status !== 'passed';
    return {
      status: cur?.status === 'passed' || report.passed ? 'passed' : 'started',
      startedAt: cur?.startedAt ?? ws.state.createdAt,
      passedAt: passedNow ? now : cur?.passedAt,
      best,
      hintsShown: ws.state.hintsShown,
      dir: ws.dir.slice(ws.root.length + 1),
    };
  });
}
