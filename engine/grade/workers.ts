// `lab grade`'s pool: one long-lived grading worker process per slot (worker.ts) and one shared
// TypeScript compiler (synth/typecheck-server.ts). Each submission is type-checked by the shared
// compiler, then graded by a free worker, which synthesizes the app in a fresh isolated child
// process as `lab check` does. Limits are the parent's: at the deadline, or when the worker dies
// (out of memory), its whole process group is killed, that submission alone is an error, and the
// slot starts a new worker for the next one.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { LabReportSchema } from '../report/schema';
import type { LabReport } from '../report/types';
import { TypeCheckServer } from '../synth/typecheck-server';
import type { TypeDiagnostic } from '../synth/typecheck';
import { KILL_GRACE_MS, LAB_BIN, type GradeLimits, type Graded, type Outcome } from './limits';
import { firstIssue, oneLine } from './one-line';
import type { GradeJob, JobDone } from './worker';

const MAX_STDERR = 16 * 1024;
/** Enough to load the checks once for many learners; few enough that no cache grows far. */
const JOBS_PER_WORKER = 25;

interface Slot {
  child: ChildProcess;
  ready: Promise<void>;
  stderr: string;
  /** The job in progress: settles when the worker answers or dies. */
  pending?: { id: number; settle: (r: JobDone | { type: 'exit'; code: number | null; signal: NodeJS.Signals | null }) => void };
  exited: boolean;
  /** Submissions it has graded. */
  jobs: number;
}

export class GradingWorkers {
  private readonly idle: Slot[] = [];
  private readonly all = new Set<Slot>();
  private readonly waiting: ((slot: Slot) => void)[] = [];
  private started = 0;
  private nextId = 0;
  private readonly compiler = new TypeCheckServer();
  private closed = false;

  constructor(
    private readonly size: number,
    private readonly limits: GradeLimits,
    private readonly bin = LAB_BIN,
    private readonly graceMs = KILL_GRACE_MS,
    /** A worker is replaced after this many submissions, so whatever it cached stays bounded. */
    private readonly jobsPerWorker = JOBS_PER_WORKER,
  ) {}

  /** Grades one submission as `lab check --lab <lab> --json` would. */
  async grade(dir: string, lab: string, entry: string): Promise<Outcome> {
    const started = performance.now();
    const diagnostics = await this.typeCheck(dir, entry);
    if (typeof diagnostics === 'string') return { kind: 'error', message: diagnostics, durationMs: performance.now() - started };
    const slot = await this.acquire();
    try {
      const outcome = await this.run(slot, { type: 'grade', id: ++this.nextId, dir, lab, timeoutMs: this.limits.timeoutMs, diagnostics });
      return { ...outcome, durationMs: performance.now() - started };
    } finally {
      this.release(slot);
    }
  }

  /** The shared compiler's verdict; a string when the type check itself timed out; undefined leaves it to the worker. */
  private async typeCheck(dir: string, entry: string): Promise<TypeDiagnostic[] | string | undefined> {
    const entryFile = join(dir, entry);
    if (!existsSync(entryFile)) return undefined; // the worker reports the missing entry as lab check does
    try {
      return await this.compiler.diagnostics(dir, entryFile);
    } catch (e) {
      const code = (e as { code?: string }).code;
      if (code === 'E_TIMEOUT') return oneLine((e as Error).message);
      return undefined; // the shared compiler failed: the worker runs its own
    }
  }

  private run(slot: Slot, job: GradeJob): Promise<Graded> {
    return new Promise((resolve) => {
      let killed = false;
      const timer = setTimeout(() => {
        killed = true;
        killGroup(slot.child);
      }, this.limits.timeoutMs + this.graceMs);
      slot.pending = {
        id: job.id,
        settle: (r) => {
          clearTimeout(timer);
          slot.pending = undefined;
          if (r.type === 'done') resolve(validated(r.outcome));
          else resolve({ kind: 'error', message: death(killed, r, slot.stderr, this.limits) });
        },
      };
      slot.ready.then(
        () => slot.child.send(job, (e) => e && slot.pending?.settle({ type: 'exit', code: null, signal: null })),
        () => undefined, // a worker that never became ready has exited: its exit settles the job
      );
    });
  }

  private acquire(): Promise<Slot> {
    const free = this.idle.pop();
    if (free) return Promise.resolve(free.exited ? this.replace(free) : free);
    if (this.started < this.size) {
      this.started++;
      return Promise.resolve(this.spawnSlot());
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  /** A worker that died or was killed gives way to a fresh one. */
  private replace(slot: Slot): Slot {
    this.all.delete(slot);
    return this.spawnSlot();
  }

  private release(slot: Slot): void {
    if (++slot.jobs >= this.jobsPerWorker && !slot.exited) {
      slot.exited = true;
      killGroup(slot.child);
    }
    const next = slot.exited ? this.replace(slot) : slot;
    const waiter = this.waiting.shift();
    if (waiter) waiter(next);
    else this.idle.push(next);
  }

  private spawnSlot(): Slot {
    const args = [`--max-old-space-size=${this.limits.memoryMb}`, this.bin, '__grading-worker'];
    const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
    delete env.FORCE_COLOR;
    // Its own process group: killing it takes the synthesis child it may have started too.
    const child = spawn(process.execPath, args, { detached: true, env, stdio: ['ignore', 'ignore', 'pipe', 'ipc'], serialization: 'json' });
    const slot: Slot = { child, stderr: '', exited: false, jobs: 0, ready: Promise.resolve() };
    this.all.add(slot);
    slot.ready = new Promise((resolve, reject) => {
      child.on('message', (m: JobDone | { type: 'ready' }) => {
        if (m?.type === 'ready') resolve();
        else if (m?.type === 'done' && slot.pending?.id === m.id) slot.pending.settle(m);
      });
      child.on('exit', (code, signal) => {
        slot.exited = true;
        reject(new Error('exited'));
        killGroup(child); // whatever it left running in its group ends with it
        slot.pending?.settle({ type: 'exit', code, signal });
      });
    });
    slot.ready.catch(() => undefined);
    child.stderr!.on('data', (d: Buffer) => {
      slot.stderr = (slot.stderr + d.toString('utf8')).slice(-MAX_STDERR);
    });
    child.on('error', () => {
      slot.exited = true;
      slot.pending?.settle({ type: 'exit', code: null, signal: null });
    });
    return slot;
  }

  /** Stops every worker and the shared compiler. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const slot of this.all) killGroup(slot.child);
    this.compiler.close();
  }
}

function killGroup(child: ChildProcess): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

/** The worker's report is checked against the schema as a `lab check --json` report would be. */
function validated(o: JobDone['outcome']): Graded {
  if (o.kind === 'error') return { kind: 'error', message: oneLine(o.message) };
  const parsed = LabReportSchema.safeParse(o.report);
  if (!parsed.success) return { kind: 'error', message: `the grader's report does not match ecs-lab/report@2: ${firstIssue(parsed.error)}` };
  return { kind: 'report', report: parsed.data as LabReport };
}

/** Why a worker ended without answering. */
function death(killed: boolean, r: { code: number | null; signal: NodeJS.Signals | null }, stderr: string, limits: GradeLimits): string {
  if (killed) return `grading took longer than ${Math.round(limits.timeoutMs / 1000)} s and was stopped`;
  if (/heap out of memory|Allocation failed/i.test(stderr) || r.signal === 'SIGABRT' || r.code === 134) {
    return `grading ran out of memory (limit ${limits.memoryMb} MB)`;
  }
  return `the grader ended with ${r.signal ? `signal ${r.signal}` : `exit code ${r.code}`}`;
}
