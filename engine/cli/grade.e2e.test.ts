// `lab grade` end to end, with the real binary: a small class in which one submission never
// terminates (after printing a fake passing report) and one calls process.exit(0). Those two are
// errors that cost only their own slot; the others are graded exactly as `lab check --lab` grades
// them; bad input is one problem line each. Then `lab grade --merge` reads a `lab check --json`
// report as the CI workflow (docs/ci-grading.md) produces it. Needs `npm run build`.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireLab } from '../catalogue/catalogue';
import { GradeReportSchema, type GradeReport, type Learner } from '../grade/schema';
import { KILL_GRACE_MS } from '../grade/limits';
import { findAll, parseXml } from '../report/test-xml';
import { runLab } from '../testing/run-lab';
import { writeRightAnswers } from '../testing/solve-workspace';
import { labFolder, startWorkspace } from '../workspace/workspace';

const IAM = requireLab('security/iam-roles');
/** Per submission: ample for a real check on a loaded 2-core machine, and what the hang costs. */
const TIMEOUT_S = 25;
const root = mkdtempSync(join(tmpdir(), 'ecs-lab-grade-e2e-'));
const cls = join(root, 'class');
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A sealed workspace of `lab`, as `lab start` makes it, moved to class/<name>. */
function workspace(name: string, lab = IAM): string {
  const { workspace: ws } = startWorkspace(lab, join(root, `home-${name}`));
  const dir = join(cls, name);
  cpSync(ws.dir, dir, { recursive: true, verbatimSymlinks: true });
  return dir;
}
const append = (dir: string, code: string) => writeFileSync(join(dir, 'stack.ts'), `${readFileSync(join(dir, 'stack.ts'), 'utf8')}\n${code}\n`);

let report: GradeReport;
let byPath: Record<string, Learner>;
let stderr = '';
let code: number | null;

beforeAll(async () => {
  mkdirSync(cls);
  const solved = workspace('a-solved');
  cpSync(join(labFolder(IAM), 'solution', 'stack.ts'), join(solved, 'stack.ts'));
  writeRightAnswers(solved);
  workspace('b-starter');
  append(workspace('c-hangs'), 'console.log(JSON.stringify({ schema: "ecs-lab/report@2", passed: true })); while (true) {}');
  append(workspace('d-exits'), 'process.exit(0);');
  workspace('e-other-lab', requireLab('foundation/container-image'));
  mkdirSync(join(cls, 'f-empty'));
  writeFileSync(join(root, 'grading.json'), '{ "passingScore": 500 }');
  const run = await runLab(
    ['grade', '--lab', IAM.id, 'class/*', '--jobs', '2', '--timeout', String(TIMEOUT_S), '--json', '--csv', 'grades.csv', '--junit', 'grades.xml'],
    // As in a GitHub Actions job: a step summary file and annotations.
    { cwd: root, timeoutMs: 180_000, env: { GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: join(root, 'summary.md') } },
  );
  code = run.code;
  stderr = run.stderr;
  report = GradeReportSchema.parse(JSON.parse(run.stdout));
  byPath = Object.fromEntries(report.learners.map((l) => [l.path.replace('class/', ''), l]));
}, 200_000);

describe('lab grade', () => {
  it('grades the good submissions as lab check does, and the hostile ones as errors in their own slot', () => {
    expect(code, stderr).toBe(1);
    expect(report.learners.map((l) => l.path)).toEqual(['a-solved', 'b-starter', 'c-hangs', 'd-exits', 'e-other-lab', 'f-empty'].map((n) => `class/${n}`));
    expect(byPath['a-solved']).toMatchObject({ status: 'passed', lab: IAM.id });
    expect(byPath['a-solved'].points).toBe(byPath['a-solved'].maxPoints);
    expect(byPath['b-starter'].status).toBe('failed');
    expect(byPath['b-starter'].points).toBeLessThan(byPath['b-starter'].maxPoints);
    // The hang printed a passing "report" before looping: it is an error, and it was stopped in time.
    expect(byPath['c-hangs']).toMatchObject({ status: 'error', points: 0 });
    expect(byPath['c-hangs'].error).toMatch(/did not finish synthesizing within 25 s|took longer than 25 s and was stopped/);
    expect(byPath['c-hangs'].durationMs!).toBeLessThan((TIMEOUT_S * 1000 + KILL_GRACE_MS) * 1.2);
    expect(byPath['d-exits']).toMatchObject({ status: 'error' });
    expect(byPath['d-exits'].error).toMatch(/exited with code 0 before synthesis finished/);
    expect(byPath['e-other-lab'].error).toMatch(/this workspace is for foundation\/container-image, not security\/iam-roles/);
    expect(byPath['f-empty'].error).toBe('not a workspace: no stack.ts and no .lab/state.json');
    expect(report.summary).toEqual({ passed: 1, failed: 1, errored: 4, total: 6 });
  });

  it('says each problem in one line, a bad grading.json among them, and leaves no process behind', () => {
    expect(report.problems[0]).toMatch(/^grading\.json: passingScore: .+ — graded without it$/);
    expect(report.problems.slice(1).map((p) => p.split(':')[0])).toEqual(['class/c-hangs', 'class/d-exits', 'class/e-other-lab', 'class/f-empty']);
    for (const p of report.problems) expect(p).not.toContain('\n');
    const ps = execFileSync('ps', ['-eo', 'stat=,args='], { encoding: 'utf8' });
    expect(ps.split('\n').filter((l) => l.includes(cls) && !l.startsWith('Z'))).toEqual([]);
  });

  it('under GitHub Actions, appends a step summary and annotates each problem (on stderr, stdout stays JSON)', () => {
    const summary = readFileSync(join(root, 'summary.md'), 'utf8');
    expect(summary).toContain('**1** passed · **1** failed · **4** could not be graded · 6 in all');
    expect(summary).toMatch(/^\| class\/a-solved \| security\/iam-roles \| ✅ passed \| (\d+)\/\1 \|$/m);
    expect(stderr).toMatch(/^::error title=lab grade::class\/d-exits: your app exited with code 0/m);
    expect(stderr.match(/^::error /gm)).toHaveLength(report.problems.length);
  });

  it('writes the CSV gradebook and JUnit with one suite per learner', () => {
    const csv = readFileSync(join(root, 'grades.csv'), 'utf8').trimEnd().split('\r\n');
    expect(csv).toHaveLength(7);
    expect(csv[1]).toMatch(/^class\/a-solved,security\/iam-roles,passed,(\d+),\1,100,0,,$/);
    const suites = findAll(parseXml(readFileSync(join(root, 'grades.xml'), 'utf8')), 'testsuite');
    expect(suites.map((s) => s.attrs.name)).toEqual(report.learners.map((l) => l.path));
    expect(Number(suites[0].attrs.tests)).toBeGreaterThan(IAM.checks.length);
  });

  it('--merge builds the class report from a lab check --json report made elsewhere', async () => {
    const check = await runLab(['check', '--lab', IAM.id, '--json'], { cwd: join(cls, 'b-starter'), timeoutMs: 90_000 });
    expect(check.code).toBe(1);
    mkdirSync(join(root, 'reports/report-org__b'), { recursive: true });
    writeFileSync(join(root, 'reports/report-org__b/org__b.json'), check.stdout);
    const other = { ...JSON.parse(check.stdout), runnerVersion: '0.0.0-elsewhere' };
    writeFileSync(join(root, 'reports/report-org__b/org__c.json'), JSON.stringify(other));
    const merged = await runLab(['grade', '--merge', 'reports', '--lab', IAM.id, '--json'], { cwd: root, timeoutMs: 60_000 });
    const m = GradeReportSchema.parse(JSON.parse(merged.stdout));
    expect(merged.code).toBe(1);
    expect(m.learners[0]).toMatchObject({ path: 'reports/report-org__b/org__b.json', status: 'failed', points: byPath['b-starter'].points, maxPoints: byPath['b-starter'].maxPoints });
    expect(m.learners[1]).toMatchObject({ status: 'error', error: expect.stringMatching(/^made by ecs-lab 0\.0\.0-elsewhere, not /) });
  });
});
