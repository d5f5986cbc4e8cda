// The human report: one line per check, the findings of failing checks right under them, the
// questions, a summary and what to do next. Compact on purpose: with a typical lab (6–8 checks)
// the first failure is on screen without scrolling.
import { isAbsolute, join, relative } from 'node:path';
import picocolors from 'picocolors';
import type { CheckResult, Finding } from '../types';
import { hyperlink } from '../ui/hyperlink';
import { wrapText } from '../ui/markdown-terminal';
import { watchWording } from '../ui/watch-wording';
import { sharedCauses, type SharedCause } from './causes';
import {
  STATUS_SYMBOL,
  checkCounts,
  faultLine,
  findingResource,
  toPosix,
  workspacePath,
  formatDuration,
  KIND_LABEL,
  answerText,
  nextStep,
  questionCounts,
  reflectionLine,
} from './describe';
import type { ReportOptions } from './options';
import type { LabReport, QuestionGrade } from './types';

type Colors = ReturnType<typeof picocolors.createColors>;

const CHECK_INDENT = ' ';
const DETAIL_INDENT = '   ';
const MORE_INDENT = '     ';

export function terminalReporter(report: LabReport, options: ReportOptions = {}): string {
  const c = picocolors.createColors(options.color ?? false);
  const width = options.width ?? 80;
  const wrap = (text: string, indent: string, style: (s: string) => string = (s) => s): string[] =>
    wrapText(text, width - indent.length).map((line) => indent + style(line));

  const out: string[] = [];
  out.push(`${c.bold(report.lab.title)}  ${c.dim(`${report.lab.id} · ${report.target}`)}`, '');
  if (report.appOutput) out.push(...appOutputBlock(report.appOutput, c), '');

  const ctx: DetailContext = {
    c,
    wrap,
    options,
    maxFindings: options.expand ? Infinity : (options.maxFindings ?? 3),
    causes: options.expand ? new Map() : sharedCauses(report),
    shownCauses: new Set(),
    at: (f, checkId) => {
      const better = options.locate?.(checkId, f.location);
      return locationFromCwd(better ? { ...f, location: better } : f, report.workspace, options.cwd);
    },
  };
  for (const check of report.checks) {
    const pts = options.checkPoints?.[check.id];
    const worth = pts === undefined ? '' : ` · ${check.status === 'pass' ? pts : 0}/${pts}`;
    out.push(`${CHECK_INDENT}${symbol(check.status, c)} ${check.title}  ${c.dim(check.id + worth)}`);
    const fault = report.faults?.find((f) => f.check === check.id);
    if (fault) out.push(...wrap(`⚡ replayed ${faultLine(fault)}`, DETAIL_INDENT, fault.passed ? c.dim : c.yellow));
    out.push(...checkDetails(check, ctx));
  }

  if (report.questions && report.questions.length > 0) {
    out.push('', c.bold('Questions'));
    for (const q of report.questions) {
      out.push(`${CHECK_INDENT}${symbol(q.passed ? 'pass' : 'fail', c)} ${q.title}  ${c.dim(`${q.id} · ${q.points}/${q.maxPoints}`)}`);
      out.push(...questionDetails(q, c, wrap));
    }
  }

  out.push(...warningLines(report.warnings, options, c, wrap));

  // A failing report explains its score on the next line instead of repeating it here.
  out.push('', ...wrapParts(summaryParts(report, c, report.passed), width));
  // Once everything passes there is nothing left to explain.
  if (!report.passed) out.push(...wrap(scoreExplained(report, options.checkPoints), '', c.dim));
  // In watch mode the watch itself offers the next lab (n) once this one passes.
  const next = options.watch ? (report.passed ? WATCH_PASSED : watchWording(nextStep(report))) : nextStep(report);
  out.push(...wrap(next, '', report.passed ? c.green : (s) => s));
  return out.join('\n');
}

/** CDK's own warnings are construct annotations, `<construct path>: <message>`; the rest are the runner's (answers.md …). */
export function isCdkWarning(w: string): boolean {
  return /^[A-Za-z][\w-]*\/[^\s:]*: /.test(w);
}

/**
 * The runner's warnings in yellow. CDK's own (minHealthyPercent, circuit breaker advice…) are not
 * what the lab grades: dimmed, and in a watch session only once — later rounds count them.
 */
function warningLines(warnings: string[], options: ReportOptions, c: Colors, wrap: Wrap): string[] {
  const ours = warnings.filter((w) => !isCdkWarning(w));
  const cdk = warnings.filter(isCdkWarning);
  const fresh = options.expand ? cdk : cdk.filter((w) => !options.seenWarnings?.has(w));
  const repeated = cdk.length - fresh.length;
  if (ours.length + cdk.length === 0) return [];
  const lines = [''];
  for (const w of ours) lines.push(...wrap(`warning: ${w}`, '', c.yellow));
  if (fresh.length) {
    lines.push(c.dim('CDK says (advice, not part of the grade):'));
    // One line each (the whole text with -v): advice to read once, not to scroll past.
    const width = options.width ?? 80;
    for (const w of fresh) lines.push(options.expand ? wrap(`· ${w}`, '  ', c.dim).join('\n') : c.dim(`  ${oneLine(`· ${w}`, width - 2)}`));
  }
  if (repeated) lines.push(c.dim(`${repeated} CDK warning${repeated > 1 ? 's' : ''} as before (not graded; \`lab check -v\` shows them)`));
  return lines;
}

/** The text cut to `width` columns with an ellipsis. */
function oneLine(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, Math.max(width - 1, 1)).trimEnd()}…`;
}

/**
 * Where the score comes from and what is left: `Score 2/19: checks 2 of 15 points (each check's points beside
 * it) · questions 0 of 4 (a point per item right) · 16 left: 12 in 4 checks, 4 in 4 items`.
 */
export function scoreExplained(report: LabReport, checkPoints?: Record<string, number>): string {
  const worth = (id: string) => checkPoints?.[id] ?? 1;
  const checkMax = report.checks.reduce((s, ch) => s + worth(ch.id), 0);
  const checkGot = report.checks.filter((ch) => ch.status === 'pass').reduce((s, ch) => s + worth(ch.id), 0);
  const items = (report.questions ?? []).flatMap((q) => q.items);
  const itemMax = items.reduce((s, i) => s + i.maxPoints, 0);
  const itemGot = items.reduce((s, i) => s + i.points, 0);
  const open = report.checks.filter((ch) => ch.status !== 'pass');
  const wrong = items.filter((i) => !i.passed);
  const parts = [`checks ${checkGot} of ${checkMax} points${checkPoints ? " (each check's points beside it)" : ''}`];
  parts.push(report.questions ? `questions ${itemGot} of ${itemMax} (each item's points beside its question)` : 'questions not graded');
  const left = checkMax - checkGot + itemMax - itemGot;
  const where = [
    open.length && `${checkMax - checkGot} in ${open.length} check${open.length > 1 ? 's' : ''}`,
    wrong.length && `${itemMax - itemGot} in ${wrong.length} item${wrong.length > 1 ? 's' : ''}`,
  ].filter(Boolean);
  const reflections = (report.questions ?? []).filter((q) => !q.reflection.present).length;
  if (left > 0) parts.push(`${left} left: ${where.join(', ')}`);
  if (reflections) parts.push(`${reflections} reflection${reflections > 1 ? 's' : ''} to write (no points, but needed to pass)`);
  return `Score ${report.score.points}/${report.score.maxPoints}: ${parts.join(' · ')}.`;
}

/**
 * `stack.ts:42:5` relative to the learner's shell (so terminals and editors open it on click):
 * `ecs-labs/iam-roles/stack.ts:42:5` from the folder above the workspace. Without a cwd, or for a
 * file outside the workspace, as the workspace knows it.
 */
export function locationFromCwd(f: Finding, workspace: string, cwd?: string): string | undefined {
  if (!f.location) return undefined;
  const inWorkspace = workspacePath(f.location.file, workspace);
  let shown = inWorkspace;
  if (cwd && isAbsolute(workspace) && !isAbsolute(inWorkspace)) shown = toPosix(relative(cwd, join(workspace, inWorkspace))) || inWorkspace;
  return `${shown}:${f.location.line}:${f.location.column}`;
}

const WATCH_PASSED = 'All checks and questions pass. Well done!';

const APP_OUTPUT_LINES = 12;

/**
 * What the learner's app printed, fenced off and labelled, with control characters (colours,
 * cursor moves, bidi overrides) removed: it cannot pass for a line of the report.
 */
export function appOutputBlock(output: string, c: Colors): string[] {
  const lines = stripControl(output).replace(/\n+$/, '').split('\n');
  const shown = lines.slice(0, APP_OUTPUT_LINES).map((l) => `${c.dim('  │')} ${l.slice(0, 200)}`);
  const more = lines.length - APP_OUTPUT_LINES;
  return [
    c.dim('  your app printed (not part of the grade):'),
    ...shown,
    ...(more > 0 ? [c.dim(`  │ … and ${more} more line${more > 1 ? 's' : ''}`)] : []),
  ];
}

/** Removes terminal control sequences and characters that change how text is displayed. */
export function stripControl(text: string): string {
  return text
    .replace(/\x1b\[[0-9;?]*[ -/]*[@-~]/g, '')
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '');
}

function symbol(status: CheckResult['status'], c: Colors): string {
  const s = STATUS_SYMBOL[status];
  if (status === 'pass') return c.green(s);
  if (status === 'fail') return c.red(s);
  if (status === 'error') return c.yellow(s);
  return c.dim(s);
}

type Wrap = (text: string, indent: string, style?: (s: string) => string) => string[];

interface DetailContext {
  c: Colors;
  wrap: Wrap;
  options: ReportOptions;
  maxFindings: number;
  /** Causes of several findings, folded (empty with --all). */
  causes: Map<string, SharedCause>;
  /** Causes already shown in full above. */
  shownCauses: Set<string>;
  at: (f: Finding, checkId: string) => string | undefined;
}

/** Nothing under a passing check; under the others, what the learner needs to act. */
function checkDetails(check: CheckResult, ctx: DetailContext): string[] {
  const { c, wrap } = ctx;
  if (check.status === 'pass') return [];
  if (check.status === 'skip') {
    const reason = check.findings.map((f) => f.message).join('; ');
    return reason ? wrap(`skipped: ${reason}`, DETAIL_INDENT, c.dim) : [];
  }
  const lines: string[] = [];
  const folded = new Set<Finding>();
  for (const cause of ctx.causes.values()) {
    const here = cause.byCheck.find((b) => b.checkId === check.id);
    if (!here) continue;
    here.findings.forEach((f) => folded.add(f));
    lines.push(...causeLines(cause, here.findings, check.id, ctx));
  }
  // A person must see the first failures without scrolling: the rest are a count away.
  const rest = check.findings.filter((f) => !folded.has(f));
  const shown = rest.slice(0, ctx.maxFindings);
  for (const f of shown) lines.push(...findingDetail(f, check.id, ctx));
  const hidden = rest.length - shown.length;
  if (hidden > 0) lines.push(`${DETAIL_INDENT}${c.dim(`… and ${hidden} more finding${hidden > 1 ? 's' : ''} (\`lab check --all\` shows them all)`)}`);
  lines.push(...docLines(check.id, ctx));
  return lines;
}

function findingDetail(f: Finding, checkId: string, ctx: DetailContext, indent = DETAIL_INDENT, more = MORE_INDENT): string[] {
  const { c, wrap } = ctx;
  const lines = wrap(f.message, indent);
  const at = ctx.at(f, checkId);
  if (at) lines.push(`${more}${c.dim('at')} ${c.cyan(at)}`);
  const resource = findingResource(f);
  if (resource) lines.push(`${more}${c.dim(`resource ${resource}`)}`);
  if (f.hint) lines.push(...wrap(`→ ${f.hint}`, more, c.yellow));
  return lines;
}

/**
 * A shared cause, in full where it first appears: what it is, how many findings it makes in which
 * checks, what it implies, where, and the first finding's advice. Further checks refer back to it.
 */
function causeLines(cause: SharedCause, here: Finding[], checkId: string, ctx: DetailContext): string[] {
  const { c, wrap } = ctx;
  const n = (k: number) => `${k} finding${k > 1 ? 's' : ''}`;
  if (ctx.shownCauses.has(cause.key)) return wrap(`◆ ${cause.label} (the cause above) → ${n(here.length)} here`, DETAIL_INDENT, c.magenta);
  ctx.shownCauses.add(cause.key);
  const spread = cause.byCheck.length > 1 ? ` in ${cause.byCheck.length} checks` : '';
  const lines = wrap(`◆ ${cause.label} → ${n(cause.total)}${spread}: one cause, fix it once`, DETAIL_INDENT, c.magenta);
  if (cause.implies) lines.push(...wrap(cause.implies, MORE_INDENT));
  const first = here[0];
  const at = ctx.at(first, checkId);
  if (at) lines.push(`${MORE_INDENT}${c.dim('at')} ${c.cyan(at)}`);
  const resource = findingResource(first);
  if (resource) lines.push(`${MORE_INDENT}${c.dim(`resource ${resource}`)}`);
  if (first.hint) lines.push(...wrap(`→ ${first.hint}`, MORE_INDENT, c.yellow));
  if (spread) lines.push(...wrap(cause.byCheck.map((b) => `${b.checkId === checkId ? 'here' : b.checkId} ${b.findings.length}`).join(' · '), MORE_INDENT, c.dim));
  lines.push(`${MORE_INDENT}${c.dim('`lab check --all` lists each finding')}`);
  return lines;
}

/** The check's documentation, one link a line (never wrapped: a broken URL is not clickable). */
function docLines(checkId: string, ctx: DetailContext): string[] {
  const links = ctx.options.docLinks?.(checkId) ?? [];
  return links.map((url) => `${DETAIL_INDENT}${ctx.c.dim('docs')} ${hyperlink(url, ctx.options.hyperlinks ?? false)}`);
}

/**
 * Each drawn item on one line; a wrong one adds the learner's answer and the feedback (which never
 * holds the right answer). Once the reflection is written, the model answer and the self-check
 * list follow, to compare with.
 */
function questionDetails(q: QuestionGrade, c: Colors, wrap: Wrap): string[] {
  const lines: string[] = [];
  for (const item of q.items) {
    lines.push(`${DETAIL_INDENT}${symbol(item.passed ? 'pass' : 'fail', c)} ${KIND_LABEL[item.kind]}  ${c.dim(item.id)}`);
    if (item.passed) continue;
    lines.push(...wrap(item.prompt, MORE_INDENT, c.dim));
    if (item.kind !== 'evidence') lines.push(...wrap(`your answer: ${answerText(item)}`, MORE_INDENT));
    lines.push(...wrap(`→ ${item.feedback}`, MORE_INDENT, c.yellow));
  }
  lines.push(...wrap(reflectionLine(q), DETAIL_INDENT, q.reflection.present ? c.dim : (s) => s));
  if (q.reflection.present && q.reflection.modelAnswer) {
    lines.push(...wrap(`model answer: ${q.reflection.modelAnswer}`, MORE_INDENT, c.dim));
    for (const s of q.reflection.selfCheck) lines.push(...wrap(`□ ${s}`, MORE_INDENT, c.dim));
  }
  return lines;
}

function summaryParts(report: LabReport, c: Colors, withScore: boolean): { plain: string; styled: string }[] {
  const part = (label: string, value: string, style: (s: string) => string = (s) => s) => ({
    plain: `${label} ${value}`,
    styled: `${c.bold(label)} ${style(value)}`,
  });
  const s = report.summary;
  const checksOk = s.checks.failed + s.checks.errored === 0;
  const questionsOk = !report.questions || s.questions.passed === s.questions.total;
  return [
    part('Checks', checkCounts(report), checksOk ? c.green : c.red),
    part('Questions', questionCounts(report), questionsOk ? c.green : c.red),
    ...(withScore ? [part('Score', `${report.score.points}/${report.score.maxPoints}`)] : []),
    { plain: formatDuration(report.durationMs), styled: c.dim(formatDuration(report.durationMs)) },
  ];
}

/** Joins the summary's parts with ` · `, breaking lines only between parts. */
function wrapParts(parts: { plain: string; styled: string }[], width: number): string[] {
  const lines: string[] = [];
  let plain = '';
  let styled = '';
  for (const p of parts) {
    if (plain && plain.length + 3 + p.plain.length > width) {
      lines.push(styled);
      plain = '';
      styled = '';
    }
    plain += (plain ? ' · ' : '') + p.plain;
    styled += (styled ? ' · ' : '') + p.styled;
  }
  if (styled) lines.push(styled);
  return lines;
}
