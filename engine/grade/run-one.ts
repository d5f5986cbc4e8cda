// Grades one submission exactly as `lab check --lab <id> --json` grades it, by running that very
// command in a process of its own (its own process group), under a wall-clock limit and a heap
// limit. Whatever the submission does — never terminate, exit early, print a fake report — it
// stays inside that process group: the group is killed at the deadline and the outcome is read
// only from the grader's JSON on stdout and its exit code. Nothing is shared between submissions.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../paths';
import { LabReportSchema } from '../report/schema';
import type { LabReport } from '../report/types';

export const LAB_BIN = join(PACKAGE_ROOT, 'bin', 'lab.mjs');

export interface GradeLimits {
  /** Wall clock for the whole grading of one submission: type check, bundle, synthesis, checks. */
  timeoutMs: number;
  /** V8 heap of the grading process (the app's own synthesis child keeps `lab check`'s limit). */
  memoryMb: number;
}

/** `lab check`'s own synthesis limit (engine/synth/isolated.ts DEFAULT_LIMITS) and a heap ample for its checks. */
export const DEFAULT_GRADE_LIMITS: GradeLimits = { timeoutMs: 60_000, memoryMb: 1024 };

/**
 * The synthesis inside gets the whole limit; the group is killed this much later, so a slow app
 * gets `lab check`'s own one-line timeout message and a grading stuck anywhere else is still ended.
 */
export const KILL_GRACE_MS = 5_000;
/** A `lab check --json` report is far below this; more is not a report. */
const MAX_STDOUT = 8 * 1024 * 1024;
const MAX_STDERR = 16 * 1024;

export type Outcome = { kind: 'report'; report: LabReport; durationMs: number } | { kind: 'error'; message: string; durationMs: number };

const live = new Set<number>();
let cleanupInstalled = false;
/** If the grader itself is stopped, no grading process group outlives it. */
function installCleanup(): void {
  if (cleanupInstalled) return;
  cleanupInstalled = true;
  process.once('exit', () => {
    for (const pid of live) killGroup(pid);
  });
}

function killGroup(pid: number): void {
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

export function gradeSubmission(dir: string, lab: string, limits: GradeLimits = DEFAULT_GRADE_LIMITS, bin = LAB_BIN, graceMs = KILL_GRACE_MS): Promise<Outcome> {
  installCleanup();
  const started = performance.now();
  const seconds = Math.max(1, Math.round(limits.timeoutMs / 1000));
  const args = [`--max-old-space-size=${limits.memoryMb}`, bin, 'check', '--lab', lab, '--json', '--timeout', String(seconds)];
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  delete env.FORCE_COLOR;
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { cwd: dir, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    if (child.pid !== undefined) live.add(child.pid);
    let stdout = '';
    let stderr = '';
    let killed = false;
    child.stdout.on('data', (d: Buffer) => {
      if (stdout.length < MAX_STDOUT) stdout += d.toString('utf8');
    });
    child.stderr.on('data', (d: Buffer) => {
      stderr = (stderr + d.toString('utf8')).slice(-MAX_STDERR);
    });
    const timer = setTimeout(() => {
      killed = true;
      if (child.pid !== undefined) killGroup(child.pid);
    }, limits.timeoutMs + graceMs);
    const finish = (code: number | null, signal: NodeJS.Signals | null) => {
      clearTimeout(timer);
      if (child.pid !== undefined) {
        // Whatever the check left running in its group (it never should) ends with it.
        killGroup(child.pid);
        live.delete(child.pid);
      }
      const durationMs = performance.now() - started;
      resolve({ ...interpret({ code, signal, stdout, stderr, killed, limits }), durationMs } as Outcome);
    };
    child.on('error', (e) => {
      clearTimeout(timer);
      resolve({ kind: 'error', message: `could not start the grader: ${e.message}`, durationMs: performance.now() - started });
    });
    child.on('close', finish);
  });
}

export interface Exited {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** Killed at the deadline. */
  killed: boolean;
  limits: GradeLimits;
}

/** What one `lab check --lab --json` process ended with, as a report or a one-line error. */
export function interpret(e: Exited): { kind: 'report'; report: LabReport } | { kind: 'error'; message: string } {
  if (e.killed) return { kind: 'error', message: `grading took longer than ${Math.round(e.limits.timeoutMs / 1000)} s and was stopped` };
  if (e.code === 0 || e.code === 1) {
    const report = parseReport(e.stdout);
    return typeof report === 'string' ? { kind: 'error', message: report } : { kind: 'report', report };
  }
  if (e.code === 2) return { kind: 'error', message: inputError(e.stdout, e.stderr) };
  if (/heap out of memory|Allocation failed/i.test(e.stderr) || e.signal === 'SIGABRT' || e.code === 134) {
    return { kind: 'error', message: `grading ran out of memory (limit ${e.limits.memoryMb} MB)` };
  }
  return { kind: 'error', message: `the grader ended with ${e.signal ? `signal ${e.signal}` : `exit code ${e.code}`}${lastLine(e.stderr) ? `: ${lastLine(e.stderr)}` : ''}` };
}

/** The report on stdout, validated; a string says why it is not one. */
export function parseReport(stdout: string): LabReport | string {
  let json: unknown;
  try {
    json = JSON.parse(stdout);
  } catch {
    return 'the grader printed no JSON report';
  }
  const parsed = LabReportSchema.safeParse(json);
  if (!parsed.success) return `the grader's report does not match ecs-lab/report@2: ${firstIssue(parsed.error)}`;
  return parsed.data as LabReport;
}

/** Exit 2: `lab check --json` prints the error as ecs-lab/error@1 on stdout and one line on stderr. */
function inputError(stdout: string, stderr: string): string {
  try {
    const j = JSON.parse(stdout) as { error?: { message?: unknown } };
    if (typeof j.error?.message === 'string') return oneLine(j.error.message);
  } catch {
    // fall back to stderr
  }
  return oneLine(stderr.replace(/^✗\s*/, '')) || 'the submission could not be graded (exit 2)';
}

export function firstIssue(error: { issues: { path: PropertyKey[]; message: string }[] }): string {
  const i = error.issues[0];
  if (!i) return 'invalid';
  return `${i.path.length ? `${i.path.map(String).join('.')}: ` : ''}${i.message}`;
}

const lastLine = (s: string) => oneLine(s.trim().split('\n').at(-1) ?? '');
/** Report lines stay lines: the first line, control characters out, at most 300 characters. */
export function oneLine(s: string): string {
  // eslint-disable-next-line no-control-regex
  const first = (s.trim().split('\n')[0] ?? '').replace(/[\u0000-\u001f\u007f\u202a-\u202e\u2066-\u2069]/g, '');
  return first.length > 300 ? `${first.slice(0, 299)}…` : first;
}
