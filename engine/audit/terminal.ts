// The audit as a person reads it: the checks grouped by severity, most severe first, each failing
// check with its findings (file:line, resource, hint) and its suppressed findings with their
// reasons; then what was not judged and why; then one summary line with the exit decision.
import picocolors from 'picocolors';
import { findingLocation, findingResource, formatDuration, STATUS_SYMBOL } from '../report/describe';
import type { ReportOptions } from '../report/options';
import { appOutputBlock } from '../report/terminal';
import type { Finding, Severity } from '../types';
import { wrapText } from '../ui/markdown-terminal';
import type { AuditReport } from './report';
import { SEVERITIES } from './severity';
import type { AuditCheck } from './suppressions';

type Colors = ReturnType<typeof picocolors.createColors>;

const CHECK_INDENT = ' ';
const DETAIL_INDENT = '   ';
const MORE_INDENT = '     ';

const INPUT_LABEL: Record<AuditReport['audit']['input'], string> = {
  'cdk-app': 'CDK app',
  entry: 'CDK entry file',
  'cdk-out': 'cdk.out',
  template: 'CloudFormation template',
};

export function auditTerminalReporter(report: AuditReport, options: ReportOptions = {}): string {
  const c = picocolors.createColors(options.color ?? false);
  const width = options.width ?? 80;
  const maxFindings = options.maxFindings ?? 5;
  const wrap = (text: string, indent: string, style: (s: string) => string = (s) => s): string[] =>
    wrapText(text, width - indent.length).map((line) => indent + style(line));
  const a = report.audit;
  const out: string[] = [];
  const stacks = `${a.stacks.length} stack${a.stacks.length === 1 ? '' : 's'}`;
  out.push(`${c.bold(report.lab.title)}  ${c.dim(`${INPUT_LABEL[a.input]} · ${stacks} · ${a.resources} resources · ${report.target}`)}`, '');
  if (report.appOutput) out.push(...appOutputBlock(report.appOutput, c).map((l) => l.replace('(not part of the grade)', '(not judged)')), '');

  const judged = report.checks.filter((ch) => ch.status !== 'skip' || ch.suppressed?.length);
  for (const severity of [...SEVERITIES].reverse()) {
    const group = judged.filter((ch) => ch.severity === severity);
    if (group.length === 0) continue;
    out.push(heading(severity, c));
    // Problems first, then what passed: the first failure is on screen without scrolling.
    const order = (ch: AuditCheck) => ({ fail: 0, error: 1, skip: 2, pass: 3 })[ch.status];
    for (const check of [...group].sort((x, y) => order(x) - order(y))) {
      out.push(`${CHECK_INDENT}${symbol(check, c)} ${check.title}  ${c.dim(check.id)}`);
      out.push(...details(check, report.workspace, c, wrap, maxFindings));
    }
    out.push('');
  }

  const notJudged = report.checks.filter((ch) => ch.status === 'skip' && !ch.suppressed?.length);
  if (notJudged.length > 0) {
    out.push(c.bold(`Not judged (${notJudged.length})`));
    for (const ch of notJudged) out.push(...wrap(`${STATUS_SYMBOL.skip} ${ch.id}: ${ch.findings.map((f) => f.message).join('; ')}`, CHECK_INDENT, c.dim));
    out.push('');
  }

  if (report.warnings.length > 0) {
    for (const w of report.warnings) out.push(...wrap(`warning: ${w}`, '', c.yellow));
    out.push('');
  }
  out.push(...wrap(summary(report), ''));
  out.push(...wrap(verdict(report), '', report.passed ? c.green : c.red));
  return out.join('\n');
}

function heading(severity: Severity, c: Colors): string {
  const label = severity.toUpperCase();
  if (severity === 'critical') return c.bold(c.red(label));
  if (severity === 'high') return c.bold(c.red(label));
  if (severity === 'medium') return c.bold(c.yellow(label));
  return c.bold(label);
}

function symbol(check: AuditCheck, c: Colors): string {
  if (check.status === 'skip' && check.suppressed?.length) return c.dim('~');
  const s = STATUS_SYMBOL[check.status];
  if (check.status === 'pass') return c.green(s);
  if (check.status === 'fail') return c.red(s);
  if (check.status === 'error') return c.yellow(s);
  return c.dim(s);
}

type Wrap = (text: string, indent: string, style?: (s: string) => string) => string[];

function details(check: AuditCheck, workspace: string, c: Colors, wrap: Wrap, maxFindings: number): string[] {
  const lines: string[] = [];
  if (check.status === 'fail' || check.status === 'error') {
    const shown = check.findings.slice(0, maxFindings);
    for (const f of shown) lines.push(...findingBlock(f, workspace, c, wrap));
    const hidden = check.findings.length - shown.length;
    if (hidden > 0) lines.push(`${DETAIL_INDENT}${c.dim(`… and ${hidden} more finding${hidden > 1 ? 's' : ''} (\`lab audit --json\` lists them all)`)}`);
  }
  for (const f of check.suppressed ?? []) {
    lines.push(...wrap(`suppressed: ${f.message}`, DETAIL_INDENT, c.dim));
    const resource = findingResource(f);
    if (resource) lines.push(`${MORE_INDENT}${c.dim(`resource ${resource}`)}`);
    lines.push(...wrap(`because: ${f.suppressedBecause}`, MORE_INDENT, c.dim));
  }
  return lines;
}

function findingBlock(f: Finding, workspace: string, c: Colors, wrap: Wrap): string[] {
  const lines = wrap(f.message, DETAIL_INDENT);
  const at = findingLocation(f, workspace);
  if (at) lines.push(`${MORE_INDENT}${c.dim('at')} ${c.cyan(at)}`);
  const resource = findingResource(f);
  if (resource) lines.push(`${MORE_INDENT}${c.dim(`resource ${resource}`)}`);
  if (f.hint) lines.push(...wrap(`→ ${f.hint}`, MORE_INDENT, c.yellow));
  return lines;
}

/** `2 failed (1 critical, 1 high) · 1 errored · 9 passed · 5 not judged · 1 suppressed · 2.1s`. */
export function summary(report: AuditReport): string {
  const failing = report.checks.filter((ch) => ch.status === 'fail');
  const bySeverity = [...SEVERITIES]
    .reverse()
    .map((s) => [s, failing.filter((ch) => ch.severity === s).length] as const)
    .filter(([, n]) => n > 0)
    .map(([s, n]) => `${n} ${s}`);
  const suppressed = report.checks.filter((ch) => ch.suppressed?.length).length;
  const notJudged = report.checks.filter((ch) => ch.status === 'skip' && !ch.suppressed?.length).length;
  const s = report.summary.checks;
  return [
    `${s.failed} failed${bySeverity.length ? ` (${bySeverity.join(', ')})` : ''}`,
    s.errored && `${s.errored} errored`,
    `${s.passed} passed`,
    notJudged && `${notJudged} not judged`,
    suppressed && `${suppressed} with suppressed findings`,
    formatDuration(report.durationMs),
  ]
    .filter(Boolean)
    .join(' · ');
}

export function verdict(report: AuditReport): string {
  const { failOn, failing } = report.audit;
  if (failOn === 'none') return 'Exit 0: --fail-on none never fails the run.';
  if (failing > 0) return `Exit 1: ${failing} check${failing === 1 ? '' : 's'} failed at ${failOn} severity or above (--fail-on ${failOn}).`;
  return `Exit 0: no check failed at ${failOn} severity or above (--fail-on ${failOn}).`;
}
