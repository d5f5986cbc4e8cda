import { describe, expect, it } from 'vitest';
import { check, makeReport, question } from '../report/test-fixtures';
import { findAll, parseXml } from '../report/test-xml';
import { classReport, type SubmissionOutcome } from './class-report';
import { csvCell, toAnnotations, toCsv, toJunit, toStepSummary } from './exporters';

const LAB = 'security/iam-roles';
const passing = makeReport([check({ id: 'iam.roles-separated', status: 'pass' }), check({ id: 'ecs.service-behind-listener', status: 'pass' })], [question({ id: 'q1' })]);
const failing = makeReport(
  [check({ id: 'iam.roles-separated', status: 'fail', findings: [{ message: 'one role <for> both & "jobs"' }] }), check({ id: 'ecs.service-behind-listener', status: 'pass' })],
  [question({ id: 'q1' })],
);
const outcomes: SubmissionOutcome[] = [
  { path: 'learners/ada', lab: LAB, report: passing },
  { path: '=HYPERLINK("x")|, "b"', lab: LAB, report: failing },
  { path: 'learners/eve', lab: LAB, error: 'grading took longer than 60 s and was stopped\n::error::forged' },
];
const report = classReport(outcomes, {});
const details = new Map(outcomes.flatMap((o) => ('report' in o ? [[o.path, o.report] as const] : [])));

describe('CSV', () => {
  it('has a header and a row per learner, with formula-looking cells defused and quotes doubled', () => {
    const lines = toCsv(report).trimEnd().split('\r\n');
    expect(lines[0]).toBe('path,lab,status,points,maxPoints,percent,hintsShown,late,error');
    expect(lines).toHaveLength(4);
    expect(lines[1]).toBe(`learners/ada,${LAB},passed,${passing.score.points},${passing.score.maxPoints},100,,,`);
    expect(lines[2].startsWith(`"'=HYPERLINK(""x"")|, ""b""",${LAB},failed,`)).toBe(true);
    expect(csvCell('-1+2')).toBe("'-1+2");
    expect(csvCell(-1)).toBe('-1');
  });
});

describe('JUnit', () => {
  it('has one test suite per learner, a test case per check and question, and an errored case for an error', () => {
    const xml = parseXml(toJunit(report, details));
    const suites = findAll(xml, 'testsuite');
    expect(suites.map((s) => s.attrs.name)).toEqual(outcomes.map((o) => o.path));
    // Two checks, one question, the score.
    expect(suites.map((s) => s.attrs.tests)).toEqual(['4', '4', '1']);
    expect(suites.map((s) => s.attrs.failures)).toEqual(['0', '2', '0']);
    expect(suites[2].attrs.errors).toBe('1');
    const failure = findAll(suites[1], 'failure')[0];
    expect(failure.attrs.message).toBe('one role <for> both & "jobs"');
    expect(xml.attrs).toMatchObject({ tests: '9', failures: '2', errors: '1' });
  });
});

describe('GitHub', () => {
  it('the step summary is a table whose cells cannot break out of their row', () => {
    const md = toStepSummary(report);
    expect(md).toContain('**1** passed · **1** failed · **1** could not be graded · 3 in all');
    const rows = md.split('\n').filter((l) => l.startsWith('| '));
    expect(rows).toHaveLength(5);
    expect(rows[3]).toContain('=HYPERLINK("x")\\|, "b"');
    expect(md).toContain('- learners/eve: grading took longer than 60 s and was stopped ::error::forged');
  });

  it('annotations are one ::error per problem, escaped so a message cannot start a command of its own', () => {
    const lines = toAnnotations(report).split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toBe('::error title=lab grade::learners/eve: grading took longer than 60 s and was stopped%0A::error::forged');
    expect(lines[1]).toBe('::notice title=lab grade::1 passed, 1 failed, 1 could not be graded, of 3');
  });
});
