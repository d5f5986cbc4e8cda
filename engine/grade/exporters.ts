// The class report in the gradebook's and CI's formats: CSV, JUnit (one test suite per learner),
// a Markdown step summary and GitHub workflow commands. Every value a submission controls (its
// folder name, an error message) is escaped for the format it goes into.
import { command } from '../report/github';
import { escapeXmlAttr, escapeXmlText } from '../report/junit';
import type { LabReport } from '../report/types';
import type { GradeReport, Learner } from './schema';

const CSV_COLUMNS = ['path', 'lab', 'status', 'points', 'maxPoints', 'percent', 'hintsShown', 'late', 'error'] as const;

export function percent(l: Learner): number {
  return l.maxPoints > 0 ? Math.round((l.points / l.maxPoints) * 1000) / 10 : 0;
}

/** RFC 4180, plus a leading quote before = + - @ so a spreadsheet never runs a cell as a formula. */
export function csvCell(value: string | number | boolean | undefined): string {
  if (value === undefined) return '';
  let s = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsv(report: GradeReport): string {
  const rows = report.learners.map((l) =>
    [l.path, l.lab, l.status, l.points, l.maxPoints, percent(l), l.hintsShown, l.late, l.error].map(csvCell).join(','),
  );
  return [CSV_COLUMNS.join(','), ...rows].join('\r\n') + '\r\n';
}

/**
 * JUnit XML with one <testsuite> per learner: a test case per check and per key question when the
 * learner's report is known, one errored test case when the submission could not be graded.
 */
export function toJunit(report: GradeReport, details: ReadonlyMap<string, LabReport> = new Map()): string {
  const suites = report.learners.map((l) => learnerSuite(l, details.get(l.path)));
  const total = suites.reduce((t, s) => ({ tests: t.tests + s.tests, failures: t.failures + s.failures, errors: t.errors + s.errors }), { tests: 0, failures: 0, errors: 0 });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites${attrs({ name: 'ecs-lab grade', ...total })}>`,
    ...suites.flatMap((s) => s.lines.map((l) => `  ${l}`)),
    '</testsuites>',
    '',
  ].join('\n');
}

interface SuiteLines {
  tests: number;
  failures: number;
  errors: number;
  lines: string[];
}

function learnerSuite(l: Learner, report: LabReport | undefined): SuiteLines {
  const cases: string[] = [];
  let failures = 0;
  let errors = 0;
  const add = (name: string, outcome: 'pass' | 'fail' | 'error' | 'skip', message = '') => {
    const open = `<testcase${attrs({ classname: l.lab, name })}`;
    if (outcome === 'pass') cases.push(`${open}/>`);
    else if (outcome === 'skip') cases.push(`${open}>`, `  <skipped${attrs({ message })}/>`, '</testcase>');
    else {
      const element = outcome === 'fail' ? 'failure' : 'error';
      if (outcome === 'fail') failures++;
      else errors++;
      cases.push(`${open}>`, `  <${element}${attrs({ message })}>${escapeXmlText(message)}</${element}>`, '</testcase>');
    }
  };
  if (l.status === 'error') add('grading', 'error', l.error ?? 'could not be graded');
  else if (report) {
    for (const c of report.checks) add(`${c.id} ${c.title}`, c.status, c.findings.map((f) => f.message).join('\n'));
    for (const q of report.questions ?? []) add(`${q.id} ${q.title}`, q.passed ? 'pass' : 'fail', `${q.points}/${q.maxPoints} points${q.reflection.present ? '' : ', reflection not written'}`);
  }
  // The learner's verdict under grading.json (passing score, hint penalty) is a test case of its own.
  if (l.status !== 'error') add(`score ${l.points}/${l.maxPoints}`, l.status === 'passed' ? 'pass' : 'fail', `${l.points}/${l.maxPoints} points (${percent(l)}%)`);
  const tests = cases.filter((c) => c.startsWith('<testcase')).length;
  const head = attrs({ name: l.path, tests, failures, errors });
  return { tests, failures, errors, lines: [`<testsuite${head}>`, ...cases.map((c) => `  ${c}`), '</testsuite>'] };
}

function attrs(values: Record<string, string | number>): string {
  return Object.entries(values)
    .map(([k, v]) => ` ${k}="${escapeXmlAttr(String(v))}"`)
    .join('');
}

const STATUS_ICON: Record<Learner['status'], string> = { passed: '✅ passed', failed: '❌ failed', error: '⚠️ error' };

/** Markdown for $GITHUB_STEP_SUMMARY: the counts, a table of learners, the problems. */
export function toStepSummary(report: GradeReport): string {
  const s = report.summary;
  const lines = [
    `## ecs-lab grade${report.shard ? ` (shard ${report.shard.index}/${report.shard.count})` : ''}`,
    '',
    `**${s.passed}** passed · **${s.failed}** failed · **${s.errored}** could not be graded · ${s.total} in all`,
    '',
    '| Learner | Lab | Result | Points |',
    '| --- | --- | --- | --- |',
    ...report.learners.map((l) => `| ${md(l.path)} | ${md(l.lab)} | ${STATUS_ICON[l.status]}${l.late ? ' (late)' : ''} | ${l.status === 'error' ? '—' : `${l.points}/${l.maxPoints}`} |`),
  ];
  if (report.problems.length) lines.push('', '### Problems', '', ...report.problems.map((p) => `- ${md(p)}`));
  return lines.join('\n') + '\n';
}

/** Table cells: no pipes, no newlines, no HTML. */
function md(s: string): string {
  return s.replace(/[\r\n]+/g, ' ').replace(/\|/g, '\\|').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** GitHub workflow commands: an ::error per problem, a ::notice with the counts. */
export function toAnnotations(report: GradeReport): string {
  const s = report.summary;
  return [
    ...report.problems.map((p) => command('error', { title: 'lab grade' }, p)),
    command('notice', { title: 'lab grade' }, `${s.passed} passed, ${s.failed} failed, ${s.errored} could not be graded, of ${s.total}`),
  ].join('\n');
}
