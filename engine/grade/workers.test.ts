// The pool's limits and its reading of a worker's answers, with stand-in workers (tiny scripts
// speaking the worker's IPC protocol) in place of `lab __grading-worker`: no lab is synthesized
// here. The real thing, hostile submissions included, is in engine/cli/grade.e2e.test.ts.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { check, makeReport } from '../report/test-fixtures';
import { GradingWorkers } from './workers';

const dir = mkdtempSync(join(tmpdir(), 'ecs-lab-grade-workers-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const report = makeReport([check({ id: 'iam.roles-separated', status: 'pass' })], []);

/**
 * A stand-in worker: says ready, then answers each job by the name of its folder — `hang` starts
 * a grandchild and never answers, `exit` ends the process, `bad` sends a report that is not one,
 * `refused` an input error; anything else the report above, with the worker's pid as its workspace.
 */
const worker = join(dir, 'worker.mjs');
writeFileSync(
  worker,
  `import { spawn } from 'node:child_process'; import { writeFileSync } from 'node:fs'; import { basename, join } from 'node:path';
   const report = ${JSON.stringify(report)};
   process.on('message', (job) => {
     const name = basename(job.dir);
     if (name === 'hang') {
       const c = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
       writeFileSync(join(job.dir, 'grandchild.pid'), String(c.pid));
       return;
     }
     if (name === 'exit') process.exit(0);
     const outcome = name === 'bad' ? { kind: 'report', report: { schema: 'ecs-lab/report@2', passed: true } }
       : name === 'refused' ? { kind: 'error', message: 'this workspace is for foundation/container-image\\nsecond line', code: 'E_LAB_MISMATCH' }
       : { kind: 'report', report: { ...report, workspace: String(process.pid) } };
     process.send({ type: 'done', id: job.id, outcome });
   });
   process.send({ type: 'ready' });`,
);

function submission(name: string): string {
  const d = join(dir, name);
  mkdirSync(d, { recursive: true });
  return d;
}

/** Running: it exists and is not a zombie (a container's init may leave the dead unreaped). */
const alive = (pid: number) => {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
};

describe('GradingWorkers', () => {
  it('reads a worker\'s report, validated, and keeps the worker for the next submission', async () => {
    const pool = new GradingWorkers(1, { timeoutMs: 5_000, memoryMb: 256 }, worker, 100);
    try {
      const first = await pool.grade(submission('a'), 'security/iam-roles', 'stack.ts');
      const second = await pool.grade(submission('b'), 'security/iam-roles', 'stack.ts');
      expect(first.kind).toBe('report');
      expect(first.kind === 'report' && first.report.score).toEqual(report.score);
      expect(second.kind === 'report' && second.report.workspace).toBe(first.kind === 'report' && first.report.workspace);
    } finally {
      pool.close();
    }
  });

  it('replaces a worker after its share of submissions, so nothing it caches grows without bound', async () => {
    const pool = new GradingWorkers(1, { timeoutMs: 5_000, memoryMb: 256 }, worker, 100, 2);
    try {
      const pids = [];
      for (const name of ['f', 'g', 'h']) {
        const o = await pool.grade(submission(name), 'security/iam-roles', 'stack.ts');
        pids.push(o.kind === 'report' ? o.report.workspace : o.message);
      }
      expect(pids[0]).toBe(pids[1]);
      expect(pids[2]).not.toBe(pids[1]);
    } finally {
      pool.close();
    }
  });

  it('kills a worker that never answers, and what it started, at the deadline; the slot goes on with a fresh worker', async () => {
    const pool = new GradingWorkers(1, { timeoutMs: 2_000, memoryMb: 256 }, worker, 100);
    try {
      const before = await pool.grade(submission('c'), 'security/iam-roles', 'stack.ts');
      const started = performance.now();
      const hang = submission('hang');
      const out = await pool.grade(hang, 'security/iam-roles', 'stack.ts');
      expect(out).toMatchObject({ kind: 'error', message: 'grading took longer than 2 s and was stopped' });
      expect(performance.now() - started).toBeLessThan(6_000);
      await new Promise((r) => setTimeout(r, 100));
      expect(alive(Number(readFileSync(join(hang, 'grandchild.pid'), 'utf8')))).toBe(false);
      const after = await pool.grade(submission('d'), 'security/iam-roles', 'stack.ts');
      expect(after.kind).toBe('report');
      expect(after.kind === 'report' && after.report.workspace).not.toBe(before.kind === 'report' && before.report.workspace);
    } finally {
      pool.close();
    }
  });

  it('a worker that exits, a report that is not one and an input error are each an error of that submission alone', async () => {
    const pool = new GradingWorkers(2, { timeoutMs: 5_000, memoryMb: 256 }, worker, 100);
    try {
      const [exits, bad, refused, fine] = await Promise.all(['exit', 'bad', 'refused', 'e'].map((n) => pool.grade(submission(n), 'security/iam-roles', 'stack.ts')));
      expect(exits).toMatchObject({ kind: 'error', message: 'the grader ended with exit code 0' });
      expect(bad.kind).toBe('error');
      expect(bad.kind === 'error' && bad.message).toMatch(/^the grader's report does not match ecs-lab\/report@2: /);
      expect(refused).toMatchObject({ kind: 'error', message: 'this workspace is for foundation/container-image' });
      expect(fine.kind).toBe('report');
    } finally {
      pool.close();
    }
  });
});
