// The deadline and the reading of one grading process, with stand-in "graders" (tiny scripts) in
// place of `lab check`: no lab is synthesized here. The real thing is in engine/cli/grade.e2e.test.ts.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeReport, check } from '../report/test-fixtures';
import { gradeSubmission, interpret, oneLine, type Exited } from './run-one';

const dir = mkdtempSync(join(tmpdir(), 'ecs-lab-grade-run-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function fakeBin(name: string, code: string): string {
  const file = join(dir, `${name}.mjs`);
  writeFileSync(file, code);
  return file;
}

const limits = { timeoutMs: 400, memoryMb: 256 };
const base: Exited = { code: 1, signal: null, stdout: '', stderr: '', killed: false, limits: { timeoutMs: 60_000, memoryMb: 1024 } };
/** Running: it exists and is not a zombie (a container's init may leave the dead unreaped). */
const alive = (pid: number) => {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
};

describe('gradeSubmission', () => {
  it('kills a grading that never ends, and every process it started, at the deadline', async () => {
    const pidFile = join(dir, 'grandchild.pid');
    const bin = fakeBin(
      'hang',
      `import { spawn } from 'node:child_process'; import { writeFileSync } from 'node:fs';
       const c = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
       writeFileSync(${JSON.stringify(pidFile)}, String(c.pid));
       setInterval(() => {}, 1000);`,
    );
    const started = performance.now();
    // Long enough for the stand-in to start its own child on a busy machine.
    const out = await gradeSubmission(dir, 'security/iam-roles', { timeoutMs: 3_000, memoryMb: 256 }, bin, 100);
    expect(out).toMatchObject({ kind: 'error', message: 'grading took longer than 3 s and was stopped' });
    expect(performance.now() - started).toBeLessThan(8_000);
    const grandchild = Number(readFileSync(pidFile, 'utf8'));
    await new Promise((r) => setTimeout(r, 100));
    expect(alive(grandchild)).toBe(false);
  });

  it('reads the report a grader prints and validates it', async () => {
    const report = makeReport([check({ id: 'iam.roles-separated', status: 'pass' })], []);
    const bin = fakeBin('ok', `process.stdout.write(${JSON.stringify(JSON.stringify(report))}); process.exitCode = 0;`);
    const out = await gradeSubmission(dir, 'security/iam-roles', limits, bin, 100);
    expect(out.kind).toBe('report');
    expect(out.kind === 'report' && out.report.score).toEqual(report.score);
  });
});

describe('interpret', () => {
  it('exit 0 or 1 with something that is not a report is an error, never a pass', () => {
    expect(interpret({ ...base, code: 0, stdout: 'all checks pass' })).toEqual({ kind: 'error', message: 'the grader printed no JSON report' });
    const fake = interpret({ ...base, code: 0, stdout: JSON.stringify({ schema: 'ecs-lab/report@2', passed: true }) });
    expect(fake.kind).toBe('error');
    expect(fake.kind === 'error' && fake.message).toMatch(/does not match ecs-lab\/report@2/);
  });

  it('exit 2 gives the one-line message of the ecs-lab/error@1 JSON, else of stderr', () => {
    const json = JSON.stringify({ schema: 'ecs-lab/error@1', error: { code: 'E_APP_EXITED', message: 'your app exited with code 0 before synthesis finished\nmore', details: [] } });
    expect(interpret({ ...base, code: 2, stdout: json })).toEqual({ kind: 'error', message: 'your app exited with code 0 before synthesis finished' });
    expect(interpret({ ...base, code: 2, stderr: '✗ this workspace is for foundation/x, not security/y\n' })).toEqual({ kind: 'error', message: 'this workspace is for foundation/x, not security/y' });
  });

  it('a killed grading, an out-of-memory abort and a crash are each named', () => {
    expect(interpret({ ...base, killed: true, code: null, signal: 'SIGKILL' })).toEqual({ kind: 'error', message: 'grading took longer than 60 s and was stopped' });
    expect(interpret({ ...base, code: 134, stderr: 'FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory' })).toEqual({ kind: 'error', message: 'grading ran out of memory (limit 1024 MB)' });
    expect(interpret({ ...base, code: 3, stderr: 'x\n✗ internal error: boom' })).toEqual({ kind: 'error', message: 'the grader ended with exit code 3: ✗ internal error: boom' });
  });
});

describe('oneLine', () => {
  it('keeps the first line, without control characters or bidi overrides, capped', () => {
    expect(oneLine('\x1b[31mred\u202e\nsecond')).toBe('[31mred');
    expect(oneLine('x'.repeat(400))).toHaveLength(300);
  });
});
