// JUnit XML for CI test tabs: one <testsuite> for the checks and one for the questions (left out
// when questions were not graded), a <testcase> for each, classname = the lab id.
import { KIND_LABEL, answerText, findingLines, reflectionLine } from './describe';
import type { LabReport, QuestionGrade } from './types';
import type { CheckResult } from '../types';

export function junitReporter(report: LabReport): string {
  const classname = report.lab.id;
  const suites = [checksSuite(report, classname)];
  if (report.questions) suites.push(questionsSuite(report.questions, classname));

  const total = sumCounts(suites.map((s) => s.counts));
  const root = attrs({
    name: `ecs-lab ${report.lab.id}`,
    tests: total.tests,
    failures: total.failures,
    errors: total.errors,
    skipped: total.skipped,
    time: seconds(report.durationMs),
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites${root}>`,
    ...suites.flatMap((s) => s.lines.map((l) => '  ' + l)),
    '</testsuites>',
  ].join('\n');
}

interface Counts {
  tests: number;
  failures: number;
  errors: number;
  skipped: number;
  timeMs: number;
}

interface Suite {
  counts: Counts;
  lines: string[];
}

function checksSuite(report: LabReport, classname: string): Suite {
  const counts: Counts = {
    tests: report.checks.length,
    failures: count(report.checks, 'fail'),
    errors: count(report.checks, 'error'),
    skipped: count(report.checks, 'skip'),
    timeMs: report.checks.reduce((t, c) => t + c.durationMs, 0),
  };
  const cases = report.checks.flatMap((check) => checkCase(check, classname, report.workspace));
  return { counts, lines: suite(`${report.lab.id} checks`, counts, cases) };
}

function checkCase(check: CheckResult, classname: string, workspace: string): string[] {
  const open = `<testcase${attrs({ classname, name: `${check.id} ${check.title}`, time: seconds(check.durationMs) })}`;
  const messages = check.findings.map((f) => f.message);
  const body = check.findings.map((f) => findingLines(f, workspace).join('\n')).join('\n\n');
  switch (check.status) {
    case 'pass':
      return [`${open}/>`];
    case 'skip':
      return [`${open}>`, `  <skipped${attrs({ message: messages.join('; ') })}/>`, '</testcase>'];
    case 'fail':
    case 'error': {
      const element = check.status === 'fail' ? 'failure' : 'error';
      const message = messages.length > 1 ? `${messages[0]} (and ${messages.length - 1} more)` : (messages[0] ?? '');
      return [
        `${open}>`,
        `  <${element}${attrs({ message, type: `${check.severity}` })}>${escapeXmlText(body)}</${element}>`,
        '</testcase>',
      ];
    }
  }
}

/** A testcase per drawn item and one per reflection (it fails until written; it earns no points). */
function questionsSuite(questions: QuestionGrade[], classname: string): Suite {
  const cases: string[] = [];
  let tests = 0;
  let failures = 0;
  for (const q of questions) {
    for (const i of q.items) {
      tests++;
      const open = `<testcase${attrs({ classname, name: `${q.id}/${i.id} ${KIND_LABEL[i.kind]}`, time: seconds(0) })}`;
      if (i.passed) {
        cases.push(`${open}/>`);
        continue;
      }
      failures++;
      const body = [i.prompt, i.kind === 'evidence' ? '' : `Your answer: ${answerText(i)}`, i.feedback].filter(Boolean).join('\n');
      cases.push(`${open}>`, `  <failure${attrs({ message: i.feedback, type: i.kind })}>${escapeXmlText(body)}</failure>`, '</testcase>');
    }
    tests++;
    const open = `<testcase${attrs({ classname, name: `${q.id}/reflection ${q.title}`, time: seconds(0) })}`;
    const r = q.reflection;
    const shown = [r.prompt, '', r.text, ...(r.modelAnswer ? ['', `Model answer: ${r.modelAnswer}`] : []), '', ...r.selfCheck.map((s) => `- ${s}`)].join('\n');
    if (r.present) {
      cases.push(`${open}>`, `  <system-out>${escapeXmlText(shown)}</system-out>`, '</testcase>');
    } else {
      failures++;
      cases.push(`${open}>`, `  <failure${attrs({ message: reflectionLine(q), type: 'reflection' })}>${escapeXmlText(shown)}</failure>`, '</testcase>');
    }
  }
  const counts: Counts = { tests, failures, errors: 0, skipped: 0, timeMs: 0 };
  return { counts, lines: suite(`${classname} questions`, counts, cases) };
}

function suite(name: string, c: Counts, cases: string[]): string[] {
  const head = attrs({ name, tests: c.tests, failures: c.failures, errors: c.errors, skipped: c.skipped, time: seconds(c.timeMs) });
  return [`<testsuite${head}>`, ...cases.map((l) => '  ' + l), '</testsuite>'];
}

function count(checks: CheckResult[], status: CheckResult['status']): number {
  return checks.filter((c) => c.status === status).length;
}

function sumCounts(all: Counts[]): Counts {
  return all.reduce(
    (t, c) => ({
      tests: t.tests + c.tests,
      failures: t.failures + c.failures,
      errors: t.errors + c.errors,
      skipped: t.skipped + c.skipped,
      timeMs: t.timeMs + c.timeMs,
    }),
    { tests: 0, failures: 0, errors: 0, skipped: 0, timeMs: 0 },
  );
}

/** JUnit times are seconds. */
function seconds(ms: number): string {
  return (ms / 1000).toFixed(3);
}

function attrs(values: Record<string, string | number>): string {
  return Object.entries(values)
    .map(([k, v]) => ` ${k}="${escapeXmlAttr(String(v))}"`)
    .join('');
}

// ---------------------------------------------------------------- escaping

// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-9;?]*[A-Za-z]/g;
// XML 1.0 allows only tab, LF and CR below U+0020, and neither U+FFFE nor U+FFFF; not even as
// character references. They are written as visible `\xNN` text instead of being lost.
// eslint-disable-next-line no-control-regex
const FORBIDDEN = /[\x00-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]/g;
// A lone surrogate is not a character at all: replaced with U+FFFD.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

function clean(s: string): string {
  return s
    .replace(ANSI, '') // a crash message may carry terminal colours
    .replace(FORBIDDEN, (ch) => {
      const code = ch.charCodeAt(0);
      return code > 0xff ? '\uFFFD' : `\\x${code.toString(16).toUpperCase().padStart(2, '0')}`;
    })
    .replace(LONE_SURROGATE, '\uFFFD');
}

export function escapeXmlText(s: string): string {
  // A raw CR would be read back as LF (end-of-line normalisation), so it is written as a reference.
  return clean(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\r/g, '&#13;');
}

/** Attribute values also escape quotes, and keep tabs and newlines, which parsers would turn into spaces. */
export function escapeXmlAttr(s: string): string {
  return escapeXmlText(s)
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(/\t/g, '&#9;')
    .replace(/\n/g, '&#10;');
}
