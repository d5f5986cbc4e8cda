import { describe, expect, it } from 'vitest';
import { check, makeReport } from '../report/test-fixtures';
import { classReport, gradeExitCode, learnerOf, type SubmissionOutcome } from './class-report';
import { parseGradingConfig } from './config';
import { GradeReportSchema } from './schema';

const LAB = 'security/iam-roles';
/** A report with `pass` of 4 one-point checks passing, and its verdict. */
function outcome(path: string, pass: number, extra: Partial<ReturnType<typeof makeReport>> = {}): SubmissionOutcome {
  const checks = ['a', 'b', 'c', 'd'].map((id, i) => check({ id: `x.${id}`, status: i < pass ? 'pass' : 'fail' }));
  const report = makeReport(checks, [], extra);
  report.score = { points: pass, maxPoints: 4 };
  report.passed = pass === 4;
  return { path, lab: LAB, report };
}

describe('a learner of the class report', () => {
  it('keeps lab check’s verdict and points without a grading.json', () => {
    expect(learnerOf(outcome('l1', 4), {})).toEqual({ path: 'l1', lab: LAB, status: 'passed', points: 4, maxPoints: 4 });
    expect(learnerOf(outcome('l2', 3), {})).toMatchObject({ status: 'failed', points: 3, maxPoints: 4 });
  });

  it('takes the hint penalty off the points, never below 0, and the passing score decides by percent', () => {
    const config = { hintPenalty: 0.5, passingScore: 75 };
    expect(learnerOf(outcome('l1', 4, { hintsShown: 2 }), config)).toMatchObject({ status: 'passed', points: 3, hintsShown: 2 });
    expect(learnerOf(outcome('l2', 4, { hintsShown: 3 }), config)).toMatchObject({ status: 'failed', points: 2.5 });
    expect(learnerOf(outcome('l3', 1, { hintsShown: 9 }), config)).toMatchObject({ status: 'failed', points: 0 });
    // Partial credit passes when the percentage does, even though lab check failed it.
    expect(learnerOf(outcome('l4', 3), { passingScore: 75 })).toMatchObject({ status: 'passed', points: 3 });
  });

  it('marks a submission changed after the due date as late', () => {
    const config = { dueDate: '2026-05-01T12:00:00Z' };
    const at = (iso: string) => ({ ...outcome('l', 4), lastChanged: new Date(iso) });
    expect(learnerOf(at('2026-05-01T12:00:01Z'), config).late).toBe(true);
    expect(learnerOf(at('2026-05-01T11:59:59Z'), config).late).toBe(false);
    expect(learnerOf(outcome('l', 4), config).late).toBeUndefined();
  });
});

describe('the class report', () => {
  it('has one problem line per submission that could not be graded, validates, and exits by the worst case', () => {
    const report = classReport(
      [outcome('a', 4), { path: 'b', lab: LAB, error: 'your app exited with code 0 before synthesis finished' }, outcome('c', 2)],
      {},
      ['grading.json: not JSON'],
    );
    expect(GradeReportSchema.parse(report)).toEqual(report);
    expect(report.problems).toEqual(['grading.json: not JSON', 'b: your app exited with code 0 before synthesis finished']);
    expect(report.summary).toEqual({ passed: 1, failed: 1, errored: 1, total: 3 });
    expect(report.learners[1]).toEqual({ path: 'b', lab: LAB, status: 'error', points: 0, maxPoints: 0, error: 'your app exited with code 0 before synthesis finished' });
    expect(gradeExitCode(report)).toBe(1);
    expect(gradeExitCode(classReport([outcome('a', 4)], {}))).toBe(0);
    expect(gradeExitCode(classReport([{ path: 'x', lab: LAB, error: 'no such folder' }], {}))).toBe(2);
    expect(gradeExitCode(classReport([], {}))).toBe(2);
  });
});

describe('grading.json', () => {
  it('accepts every field', () => {
    const text = JSON.stringify({ hintPenalty: 1, requiredLabs: [LAB], passingScore: 80, dueDate: '2026-05-01T12:00:00+02:00' });
    expect(parseGradingConfig(text, 'grading.json')).toEqual({ config: JSON.parse(text) });
  });

  it('says what is wrong in one line and grades without it', () => {
    const cases: [string, RegExp][] = [
      ['{', /^grading\.json: not JSON \(.+\) — graded without it$/],
      ['{"passingScore": 120}', /^grading\.json: passingScore: .+ — graded without it$/],
      ['{"requiredLabs": ["iam roles"]}', /^grading\.json: requiredLabs\.0: a lab id is <layer>\/<slug> — graded without it$/],
      ['{"dueDate": "next friday"}', /^grading\.json: dueDate: .+ — graded without it$/],
      ['{"hintPenalyt": 1}', /^grading\.json: .*hintPenalyt.* — graded without it$/],
    ];
    for (const [text, message] of cases) {
      const r = parseGradingConfig(text, 'grading.json');
      expect(r.config).toEqual({});
      expect(r.problem).toMatch(message);
      expect(r.problem).not.toContain('\n');
    }
  });
});
