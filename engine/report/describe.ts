// Words every reporter uses the same way: where a finding is, what a failed question lacks,
// what the learner should do next. Plain strings; each reporter adds its own markup.
import { isAbsolute, relative, sep } from 'node:path';
import type { CheckStatus, Finding } from '../types';
import type { LabReport, QuestionGrade } from './types';

export const STATUS_SYMBOL: Record<CheckStatus, string> = { pass: '✓', fail: '✗', error: '!', skip: '-' };

/**
 * A location's file as the learner knows it: relative to the workspace. Source maps may give
 * absolute paths; those inside the workspace are made relative, others are left alone.
 */
export function workspacePath(file: string, workspace: string): string {
  if (!isAbsolute(file) || !isAbsolute(workspace)) return toPosix(file);
  const rel = relative(workspace, file);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? toPosix(rel) : toPosix(file);
}

export function toPosix(path: string): string {
  return sep === '\\' ? path.split(sep).join('/') : path;
}

/** `stack.ts:42:5`, or undefined when the finding has no location. */
export function findingLocation(f: Finding, workspace: string): string | undefined {
  if (!f.location) return undefined;
  return `${workspacePath(f.location.file, workspace)}:${f.location.line}:${f.location.column}`;
}

/** `Lab/TaskRole/Resource (TaskRole1234)`, either part alone, or undefined. */
export function findingResource(f: Finding): string | undefined {
  if (f.constructPath && f.logicalId) return `${f.constructPath} (${f.logicalId})`;
  return f.constructPath ?? f.logicalId;
}

/** A finding as plain lines: message, `at …`, `resource …`, `→ hint`. */
export function findingLines(f: Finding, workspace: string): string[] {
  const lines = [f.message];
  const at = findingLocation(f, workspace);
  if (at) lines.push(`at ${at}`);
  const resource = findingResource(f);
  if (resource) lines.push(`resource ${resource}`);
  if (f.hint) lines.push(`→ ${f.hint}`);
  return lines;
}

/**
 * Why a question did not pass, one line per part. An unanswered choice does not show the
 * explanation the grader gives (it is the correct option's, and would give the answer away).
 */
export function questionProblems(q: QuestionGrade): string[] {
  const problems: string[] = [];
  if (!q.choice.passed) {
    problems.push(
      q.choice.answered === undefined
        ? 'choice: not answered'
        : `choice: ${q.choice.answered} is not the best answer — ${q.choice.explanation}`,
    );
  }
  if (!q.open.passed) {
    if (!q.open.answered) problems.push('open answer: not answered');
    else {
      const named = q.open.concepts.filter((c) => c.found).length;
      const missing = q.open.missing.length ? `; missing: ${q.open.missing.join(', ')}` : '';
      problems.push(`open answer: names ${named} of the ${q.open.minConcepts} concepts needed${missing}`);
    }
  }
  return problems;
}

/** `1 failed, 1 errored, 4 passed (6)`: problems first, zero counts left out, as vitest does. */
export function checkCounts(report: LabReport): string {
  const c = report.summary.checks;
  const parts = [
    c.failed && `${c.failed} failed`,
    c.errored && `${c.errored} errored`,
    c.skipped && `${c.skipped} skipped`,
    c.passed && `${c.passed} passed`,
  ].filter(Boolean);
  return `${parts.join(', ') || 'none'} (${c.total})`;
}

export function questionCounts(report: LabReport): string {
  if (!report.questions) return 'not graded';
  const q = report.summary.questions;
  return `${q.passed}/${q.total} passed`;
}

/** `1.2s` or `340ms`. */
export function formatDuration(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)}ms` : `${(ms / 1000).toFixed(1)}s`;
}

/** One sentence that says what to do now, naming the command to run. */
export function nextStep(report: LabReport): string {
  if (report.passed) return 'All checks and questions pass. Well done! Run `lab status` for your progress, or `lab list` to pick the next lab.';
  const firstFailure = report.checks.find((c) => c.status === 'fail');
  if (firstFailure) return `Fix the first failure (${firstFailure.id}) and run \`lab check\` again, or \`lab hint\` for a nudge.`;
  const firstError = report.checks.find((c) => c.status === 'error');
  if (firstError) return `A check could not run (${firstError.id}). Read its message above, run \`lab check\` again, and report it if it persists.`;
  if (report.questions?.some((q) => !q.passed)) return 'The checks pass. Answer the questions in answers.md and run `lab check` again.';
  const firstSkip = report.checks.find((c) => c.status === 'skip');
  if (firstSkip) return `A check was skipped (${firstSkip.id}), so the lab is not complete yet; see its reason above.`;
  return 'Run `lab check` again.';
}
