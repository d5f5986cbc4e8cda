// Words every reporter uses the same way: where a finding is, what a failed question lacks,
// what the learner should do next. Plain strings; each reporter adds its own markup.
import { isAbsolute, relative, sep } from 'node:path';
import type { CheckStatus, Finding } from '../types';
import { REFLECTION_MIN_WORDS } from '../questions/answers-file';
import type { FaultNumbers, FaultReport, ItemGrade, LabReport, QuestionGrade } from './types';

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

/** `choice` → `choice`, for item lines: the kind the learner answered. */
export const KIND_LABEL: Record<ItemGrade['kind'], string> = {
  choice: 'choice',
  multi: 'multi-select',
  match: 'matching',
  order: 'ordering',
  exact: 'short answer',
  evidence: 'evidence',
};

/** What the learner answered, for a report line. */
export function answerText(item: ItemGrade): string {
  if (item.kind === 'evidence') return item.check ? `judged by your stack: ${item.check.title ?? item.check.id} (${item.check.status})` : 'judged by your stack';
  return item.answer === undefined ? 'not answered' : item.answer;
}

/** The reflection's state in one line. */
export function reflectionLine(q: QuestionGrade): string {
  const r = q.reflection;
  if (r.present) return `reflection: written (${r.words} words) — compare it with the model answer`;
  if (r.words === 0) return `reflection: not written — write at least ${REFLECTION_MIN_WORDS} words under "Your reflection:" in answers.md, or run \`lab quiz\``;
  return `reflection: ${r.words} of the ${REFLECTION_MIN_WORDS} words needed — say more under "Your reflection:" in answers.md`;
}

/**
 * Why a key question did not pass, one line per part: each wrong item with what was answered
 * and its feedback (which never holds the right answer), then the reflection if missing.
 */
export function questionProblems(q: QuestionGrade): string[] {
  const problems = q.items
    .filter((i) => !i.passed)
    .map((i) => `${KIND_LABEL[i.kind]} ${i.id}: ${i.answer === undefined ? '' : `answered ${i.answer} — `}${i.feedback}`);
  if (!q.reflection.present) problems.push(reflectionLine(q));
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
  const i = report.summary.items;
  return `${q.passed}/${q.total} passed (items ${i.passed}/${i.total} right)`;
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
  if (!report.questions && report.checks.every((c) => c.status === 'pass')) {
    return 'The checks pass, but the key questions were not graded (--no-questions), so the lab is not complete: run `lab check` (or `lab quiz`).';
  }
  if (report.questions?.some((q) => !q.passed)) return 'The checks pass. Answer the key questions (`lab quiz`, or answers.md) and run `lab check` again.';
  const firstSkip = report.checks.find((c) => c.status === 'skip');
  if (firstSkip) return `A check was skipped (${firstSkip.id}), so the lab is not complete yet; see its reason above.`;
  return 'Run `lab check` again.';
}

/** `99.95 %`: availability with the precision "three nines" needs. */
export function percentServed(share: number): string {
  const pct = share * 100;
  return `${pct >= 99 ? pct.toFixed(2) : pct.toFixed(1)} %`;
}

/** `recovered in 95 s`, `no errors`, `never recovered`. */
export function recoveryText(n: FaultNumbers): string {
  if (n.recoverySeconds === null) return 'never recovered';
  if (n.worstErrorRate === 0) return 'no errors';
  return `recovered in ${Math.round(n.recoverySeconds)} s`;
}

/**
 * A replayed fault in one line, with the break-time replay as "before" when known:
 * `az-outage on Web/Service: 92.1 % served, recovered in 95 s → 99.98 % served, no errors`.
 */
export function faultLine(f: FaultReport): string {
  const now = `${percentServed(f.availability)} served, ${recoveryText(f)}`;
  const was = f.before ? `${percentServed(f.before.availability)} served, ${recoveryText(f.before)} → ` : '';
  return `${f.experiment} on ${f.target}: ${was}${now}`;
}
