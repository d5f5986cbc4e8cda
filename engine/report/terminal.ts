// The human report: one line per check, the findings of failing checks right under them, the
// questions, a summary and what to do next. Compact on purpose: with a typical lab (6–8 checks)
// the first failure is on screen without scrolling.
import picocolors from 'picocolors';
import type { CheckResult } from '../types';
import { wrapText } from '../ui/markdown-terminal';
import {
  STATUS_SYMBOL,
  checkCounts,
  faultLine,
  findingLocation,
  findingResource,
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

  for (const check of report.checks) {
    out.push(`${CHECK_INDENT}${symbol(check.status, c)} ${check.title}  ${c.dim(check.id)}`);
    const fault = report.faults?.find((f) => f.check === check.id);
    if (fault) out.push(...wrap(`⚡ replayed ${faultLine(fault)}`, DETAIL_INDENT, fault.passed ? c.dim : c.yellow));
    out.push(...checkDetails(check, report.workspace, c, wrap, options.maxFindings ?? 3));
  }

  if (report.questions && report.questions.length > 0) {
    out.push('', c.bold('Questions'));
    for (const q of report.questions) {
      out.push(`${CHECK_INDENT}${symbol(q.passed ? 'pass' : 'fail', c)} ${q.title}  ${c.dim(`${q.id} · ${q.points}/${q.maxPoints}`)}`);
      out.push(...questionDetails(q, c, wrap));
    }
  }

  if (report.warnings.length > 0) {
    out.push('');
    for (const w of report.warnings) out.push(...wrap(`warning: ${w}`, '', c.yellow));
  }

  out.push('', ...wrapParts(summaryParts(report, c), width));
  out.push(...wrap(nextStep(report), '', report.passed ? c.green : (s) => s));
  return out.join('\n');
}

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

/** Nothing under a passing check; under the others, what the learner needs to act. */
function checkDetails(check: CheckResult, workspace: string, c: Colors, wrap: Wrap, maxFindings: number): string[] {
  if (check.status === 'pass') return [];
  if (check.status === 'skip') {
    const reason = check.findings.map((f) => f.message).join('; ');
    return reason ? wrap(`skipped: ${reason}`, DETAIL_INDENT, c.dim) : [];
  }
  const lines: string[] = [];
  // A person must see the first failures without scrolling: the rest are a count away.
  const shown = check.findings.slice(0, maxFindings);
  for (const f of shown) {
    lines.push(...wrap(f.message, DETAIL_INDENT));
    const at = findingLocation(f, workspace);
    if (at) lines.push(`${MORE_INDENT}${c.dim('at')} ${c.cyan(at)}`);
    const resource = findingResource(f);
    if (resource) lines.push(`${MORE_INDENT}${c.dim(`resource ${resource}`)}`);
    if (f.hint) lines.push(...wrap(`→ ${f.hint}`, MORE_INDENT, c.yellow));
  }
  const hidden = check.findings.length - shown.length;
  if (hidden > 0) lines.push(`${DETAIL_INDENT}${c.dim(`… and ${hidden} more finding${hidden > 1 ? 's' : ''} (\`lab check --json\` lists them all)`)}`);
  return lines;
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

function summaryParts(report: LabReport, c: Colors): { plain: string; styled: string }[] {
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
    part('Score', `${report.score.points}/${report.score.maxPoints}`),
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
