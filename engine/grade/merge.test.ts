import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LabReportSchema } from '../report/schema';
import { check, makeReport, question } from '../report/test-fixtures';
import type { LabReport } from '../report/types';
import { classReport } from './class-report';
import { mergeReports } from './merge';
import { GRADE_SCHEMA, GradeReportSchema } from './schema';

const LAB = 'security/iam-roles';
const VERSION = '9.9.9';
const expect_ = { labs: [LAB], runnerVersion: VERSION };
const root = mkdtempSync(join(tmpdir(), 'ecs-lab-merge-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A report as `lab check --lab <LAB> --json` of this version writes it; `n` decides its score. */
function learnerReport(n: number, over: Partial<LabReport> = {}): LabReport {
  const checks = Array.from({ length: 8 }, (_, i) => check({ id: `c.${i}`, status: i < n % 9 ? 'pass' : 'fail', findings: i < n % 9 ? [] : [{ message: `finding ${i}` }] }));
  const r = makeReport(checks, [question({ id: 'q1' })], { runnerVersion: VERSION, hintsShown: n % 3, ...over });
  r.lab = over.lab ?? { ...r.lab, id: LAB, pinned: true };
  return r;
}

function write(dir: string, name: string, content: unknown): string {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, name);
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

describe('lab grade --merge', () => {
  it('merges 200 reports from a folder of artifacts in well under the seconds it promises', () => {
    const dir = join(root, 'class');
    for (let i = 0; i < 200; i++) write(join(dir, `report-learner-${String(i).padStart(3, '0')}`), `org__learner-${i}.json`, learnerReport(i));
    expect(LabReportSchema.safeParse(learnerReport(1)).success).toBe(true);
    const started = performance.now();
    const { outcomes, problems } = mergeReports([dir], root, expect_);
    const report = classReport(outcomes, {});
    const ms = performance.now() - started;
    expect(ms).toBeLessThan(5_000);
    expect(problems).toEqual([]);
    expect(GradeReportSchema.parse(report).schema).toBe(GRADE_SCHEMA);
    expect(report.summary.total).toBe(200);
    expect(report.learners[0].path).toBe('class/report-learner-000/org__learner-0.json');
    // Learner i passes i % 9 of the 8 checks: i = 8, 17, …, 197 pass all of them (and the question).
    expect(report.summary.passed).toBe(22);
    // Fixture checks are worth 2 points, its question 2: 5 checks and the question.
    expect(report.learners[5]).toMatchObject({ status: 'failed', points: 5 * 2 + 2, maxPoints: 8 * 2 + 2, hintsShown: 2 });
  });

  it('lists every report that does not match as a problem and an error line, never merging its points', () => {
    const dir = join(root, 'mixed');
    write(dir, 'ok.json', learnerReport(8));
    write(dir, 'other-lab.json', learnerReport(8, { lab: { id: 'foundation/first-service', title: 't', layer: 'foundation', pinned: true } }));
    write(dir, 'unpinned.json', learnerReport(8, { lab: { id: LAB, title: 't', layer: 'security' } }));
    write(dir, 'old-runner.json', learnerReport(8, { runnerVersion: '0.0.1' }));
    write(dir, 'no-version.json', learnerReport(8, { runnerVersion: undefined }));
    write(dir, 'bad-schema.json', { ...learnerReport(8), checks: 'all pass' });
    write(dir, 'fake.json', { schema: 'ecs-lab/report@2', passed: true, score: { points: 100, maxPoints: 100 } });
    write(dir, 'inflated.json', { ...learnerReport(8), score: { points: 50, maxPoints: 9 } });
    write(dir, 'not-json.json', '{ nope');
    write(dir, 'input-error.json', { schema: 'ecs-lab/error@1', error: { code: 'E_TYPE', message: 'stack.ts:4:1: TS2322: nope', details: [] } });
    write(dir, 'grading.json', { passingScore: 50 });
    const { outcomes, problems } = mergeReports([dir, 'missing'], root, expect_);
    const report = classReport(outcomes, {}, problems);
    const byFile = Object.fromEntries(report.learners.map((l) => [l.path.replace('mixed/', ''), l]));
    expect(Object.keys(byFile).sort()).toEqual(
      ['bad-schema', 'fake', 'inflated', 'input-error', 'no-version', 'not-json', 'ok', 'old-runner', 'other-lab', 'unpinned'].map((f) => `${f}.json`),
    );
    expect(byFile['ok.json'].status).toBe('passed');
    const errors = Object.entries(byFile).filter(([, l]) => l.status === 'error');
    expect(errors.map(([f]) => f).sort()).toEqual(Object.keys(byFile).filter((f) => f !== 'ok.json').sort());
    for (const [, l] of errors) expect(l.points).toBe(0);
    expect(byFile['other-lab.json'].error).toBe(`a report of foundation/first-service, not ${LAB}`);
    expect(byFile['unpinned.json'].error).toMatch(/^not graded with --lab/);
    expect(byFile['old-runner.json'].error).toBe(`made by ecs-lab 0.0.1, not ${VERSION} (this runner): grade it again with the pinned version`);
    expect(byFile['no-version.json'].error).toMatch(/^names no runner version/);
    expect(byFile['bad-schema.json'].error).toMatch(/^not an ecs-lab\/report@2 report \(checks: /);
    expect(byFile['fake.json'].error).toMatch(/^not an ecs-lab\/report@2 report/);
    expect(byFile['inflated.json'].error).toBe('claims 50 of 9 points');
    expect(byFile['not-json.json'].error).toMatch(/^not a JSON report/);
    expect(byFile['input-error.json'].error).toBe('lab check could not grade it: stack.ts:4:1: TS2322: nope');
    expect(report.problems[0]).toBe('missing: no such file or folder');
    expect(report.problems).toHaveLength(1 + errors.length);
    for (const p of report.problems) expect(p).not.toContain('\n');
  });
});
