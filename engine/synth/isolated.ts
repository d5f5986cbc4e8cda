// Runs one synthesis of the learner's app in a child process the grader controls (see
// child/synth-child.cjs): Node's permission model (read the workspace and the runner's
// node_modules, write one scratch folder, no child processes or workers), a scrubbed
// environment, a heap limit and a wall-clock limit. The child is started ahead of its job so
// aws-cdk-lib loads while the parent type-checks and bundles. Whatever the child prints, exits
// with or writes elsewhere never reaches a verdict: the parent reads the assembly it left.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LabError } from '../errors';
import { PACKAGE_ROOT } from '../paths';
import { runnerNodeModules, resolveShared } from './runner-modules';

export interface IsolationLimits {
  /** Wall-clock limit for one synthesis, including loading aws-cdk-lib. */
  timeoutMs: number;
  /** V8 old-space limit of the child. */
  heapMb: number;
}

export const DEFAULT_LIMITS: IsolationLimits = { timeoutMs: 60_000, heapMb: 1536 };

const CHILD_SCRIPT = join(PACKAGE_ROOT, 'engine', 'synth', 'child', 'synth-child.cjs');
/** Closes the network before the app loads; shared with the lifecycle hook child. */
export const NETWORK_GUARD = join(PACKAGE_ROOT, 'engine', 'synth', 'child', 'no-network.cjs');
/** What the app may print that the report shows, at most. */
const MAX_OUTPUT = 16 * 1024;

export interface SynthJob {
  workspaceDir: string;
  /** The entry, relative to the workspace, and its absolute path (the bundle runs under that name). */
  entry: string;
  entryFile: string;
  stackName: string;
  bundleCode: string;
  /** `app`: the entry builds its own App (`lab audit`); the child hands it `context` as the CDK CLI would. */
  mode?: 'app';
  context?: Record<string, unknown>;
}

export interface ChildResult {
  /** The cloud assembly the app wrote (untrusted: validate before reading). */
  assemblyDir: string;
  /** The child's own notes: the primary stack and creation traces (untrusted). */
  resultFile: string;
  /** What the app printed on stdout and stderr, capped. */
  output: string;
  /** Removes the scratch folder. */
  dispose(): void;
}

/** A thrown error as the child describes it. */
export interface ThrownInChild {
  message: string;
  stack: string;
  /** The lab's own code for it (E_NO_EXPORT, E_SYNTH), when the child knows it. */
  code?: string;
  /** Node's error code (ERR_ACCESS_DENIED …) and the resource the permission model refused. */
  errno?: string;
  resource?: string;
}

type Message = { type: 'ready' } | { type: 'done' } | { type: 'failed'; error: ThrownInChild };

/** The permission model's flag: `--permission` from Node 22.13/23.5, `--experimental-permission` before. */
function permissionFlag(): string {
  return process.allowedNodeEnvironmentFlags.has('--permission') ? '--permission' : '--experimental-permission';
}

/** A path and, when it differs, its real path: the permission model compares real paths. */
export const withRealPath = (p: string): string[] => {
  try {
    const real = realpathSync(p);
    return real === p ? [p] : [p, real];
  } catch {
    return [p];
  }
};

/** The environment the app sees: nothing from the grader's (no tokens, no CI variables). */
export function scrubbedEnv(): NodeJS.ProcessEnv {
  return {
    PATH: '/usr/local/bin:/usr/bin:/bin',
    LANG: 'C.UTF-8',
    TZ: 'UTC',
    NODE_ENV: 'production',
    // Read once by the child before the app loads, then deleted.
    ECS_LAB_CDK: resolveShared('aws-cdk-lib'),
  };
}

export class SynthChild {
  private readonly child: ChildProcess;
  private readonly scratch: string;
  private output = '';
  private readonly ready: Promise<void>;
  private readonly messages: Message[] = [];
  private waiter: ((m: Message | { type: 'exit'; code: number | null; signal: NodeJS.Signals | null }) => void) | undefined;
  private exited: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  private stderr = '';
  /** The child said it is done or failed. */
  private reported = false;

  /** Starts a child for one synthesis of the app in `workspaceDir`. */
  constructor(
    private readonly workspaceDir: string,
    private readonly limits: IsolationLimits = DEFAULT_LIMITS,
  ) {
    this.scratch = mkdtempSync(join(tmpdir(), 'ecs-lab-synth-'));
    const reads = [
      ...withRealPath(workspaceDir).map((p) => `${p}/*`),
      ...withRealPath(runnerNodeModules()).map((p) => `${p}/*`),
      ...withRealPath(this.scratch).map((p) => `${p}/*`),
      ...withRealPath(CHILD_SCRIPT),
      ...withRealPath(NETWORK_GUARD),
    ];
    const flags = [
      permissionFlag(),
      ...reads.map((p) => `--allow-fs-read=${p}`),
      ...withRealPath(this.scratch).map((p) => `--allow-fs-write=${p}/*`),
      `--max-old-space-size=${limits.heapMb}`,
      '--disable-warning=ExperimentalWarning',
    ];
    this.child = spawn(process.execPath, [...flags, CHILD_SCRIPT], {
      cwd: this.scratch,
      env: scrubbedEnv(),
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      serialization: 'json',
    });
    const capture = (d: Buffer) => {
      if (this.output.length < MAX_OUTPUT) this.output += d.toString('utf8');
    };
    this.child.stdout!.on('data', capture);
    this.child.stderr!.on('data', (d: Buffer) => {
      // The tail of stderr tells an out-of-memory abort from other deaths; it is never shown raw.
      this.stderr = (this.stderr + d.toString('utf8')).slice(-8192);
      capture(d);
    });
    this.child.on('message', (m) => this.deliver(m as Message));
    this.child.on('exit', (code, signal) => {
      this.exited = { code, signal };
      this.waiter?.({ type: 'exit', code, signal });
    });
    this.child.on('error', () => {
      this.exited ??= { code: null, signal: null };
      this.waiter?.({ type: 'exit', code: null, signal: null });
    });
    this.ready = this.next().then((m) => {
      if (m.type !== 'ready') throw this.death(m);
    });
    this.ready.catch(() => undefined); // observed by run()
  }

  /** Runs the job; resolves with the assembly the app left, or throws a LabError saying why there is none. */
  run(job: SynthJob, timeoutMs = this.limits.timeoutMs): Promise<ChildResult> {
    // The job is handed over before this returns: the child synthesizes while the caller goes on
    // (type-checking), even when the caller then blocks its own event loop.
    const bundleFile = join(this.scratch, 'app.cjs');
    const resultFile = join(this.scratch, 'result.json');
    const outdir = join(this.scratch, 'cdk.out');
    writeFileSync(bundleFile, job.bundleCode);
    if (!this.exited) {
      this.child.send(
        { type: 'job', workspaceDir: job.workspaceDir, entry: job.entry, entryFile: job.entryFile, stackName: job.stackName, bundleFile, resultFile, outdir, mode: job.mode, context: job.context },
        () => undefined, // a channel closed by a dying child: its exit tells why
      );
    }
    const started = Date.now();
    return this.await(outdir, resultFile, timeoutMs, started);
  }

  private async await(outdir: string, resultFile: string, timeoutMs: number, started: number): Promise<ChildResult> {
    let timedOut = false;
    // The caller may have kept this process busy past the limit (a long type check): let a
    // report that already arrived be read before calling the app too slow.
    const timer = setTimeout(() => {
      setImmediate(() => {
        if (this.reported) return;
        timedOut = true;
        this.kill();
      });
    }, Math.max(0, timeoutMs - (Date.now() - started)));
    try {
      await this.ready;
      const m = await this.next();
      if (m.type !== 'done') throw this.death(m);
      await this.stop();
      if (timedOut) throw this.death({ type: 'exit', code: null, signal: 'SIGKILL' });
      return { assemblyDir: outdir, resultFile, output: this.output, dispose: () => this.dispose() };
    } catch (e) {
      await this.stop();
      this.dispose();
      if (timedOut) {
        throw new LabError(
          'E_TIMEOUT',
          `your app did not finish synthesizing within ${Math.round(timeoutMs / 1000)} s (an endless loop, or waiting on something that never comes?) — fix it, or allow more time with --timeout <seconds>`,
        );
      }
      throw e;
    } finally {
      clearTimeout(timer);
    }
  }

  /** The thrown error of a failed synthesis, for the caller to map to the learner's file:line. */
  private death(m: Message | { type: 'exit'; code: number | null; signal: NodeJS.Signals | null }): Error {
    if (m.type === 'failed') return new ChildThrew(m.error);
    if (m.type === 'exit') {
      if (/heap out of memory|Reached heap limit|allocation failed/i.test(this.stderr)) {
        return new LabError('E_OUT_OF_MEMORY', `your app ran out of memory while synthesizing (over ${this.limits.heapMb} MB) — look for a loop that keeps creating constructs or data`);
      }
      if (/ERR_ACCESS_DENIED/.test(this.stderr) && m.code !== 0) {
        return new LabError('E_STACK_THREW', 'your app tried to use something a stack may not touch while it is synthesized (files outside the workspace, child processes) — keep the stack to building constructs');
      }
      const how = m.signal ? `was killed by ${m.signal}` : `exited with code ${m.code}`;
      return new LabError('E_APP_EXITED', `your app ${how} before synthesis finished — a stack must not end the process (remove process.exit and similar calls)`);
    }
    return new LabError('E_APP_EXITED', 'your app stopped before synthesis finished — a stack must not end the process');
  }

  private deliver(m: Message): void {
    if (!m || typeof m !== 'object' || !['ready', 'done', 'failed'].includes((m as Message).type)) return;
    if (m.type !== 'ready') this.reported = true;
    if (this.waiter) this.waiter(m);
    else this.messages.push(m);
  }

  private next(): Promise<Message | { type: 'exit'; code: number | null; signal: NodeJS.Signals | null }> {
    const queued = this.messages.shift();
    if (queued) return Promise.resolve(queued);
    if (this.exited) return Promise.resolve({ type: 'exit', ...this.exited });
    return new Promise((resolve) => {
      this.waiter = (m) => {
        this.waiter = undefined;
        resolve(m);
      };
    });
  }

  /** Kills the child and waits until it is gone, so nothing it does can touch what is read next. */
  private async stop(): Promise<void> {
    if (this.exited) return;
    const gone = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.kill();
    await gone;
  }

  kill(): void {
    if (!this.exited) this.child.kill('SIGKILL');
  }

  dispose(): void {
    this.kill();
    rmSync(this.scratch, { recursive: true, force: true });
  }
}

/** The app threw (or rejected) while it was built or synthesized. */
export class ChildThrew extends Error {
  constructor(readonly thrown: ThrownInChild) {
    super(thrown.message);
  }
}
