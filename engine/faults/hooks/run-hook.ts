// Does a lifecycle hook actually test the release? The blue/green replay used to assume that a
// hook at a stage where requests reach green fails a release whose requests fail; an empty hook
// then "caught" the bad release. Now the replay runs the hook's function offline, twice, each in
// a fresh isolated child (hook-child.cjs): against a green that answers every request (a good
// release) and against one that fails every request (the bad release). A hook that succeeds on
// the first and not on the second tests the release; one that succeeds on both does not, which
// is evidence. Anything else (it calls AWS, needs a socket, is not Node.js, or fails a good
// release too) cannot be judged offline, and the replay says so instead of guessing.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, sep } from 'node:path';
import type { StackModel } from '../../model/model';
import { PACKAGE_ROOT } from '../../paths';
import { NETWORK_GUARD, scrubbedEnv, withRealPath } from '../../synth/isolated';

export type HookVerdict =
  /** Succeeds on a good release and fails the bad one: it tests green. */
  | { kind: 'tests' }
  /** Succeeds on the bad release too. */
  | { kind: 'passes-bad-release'; requests: number }
  | { kind: 'unknown'; reason: string };

const CHILD_SCRIPT = join(PACKAGE_ROOT, 'engine', 'faults', 'hooks', 'hook-child.cjs');
/** Lambda's default function timeout, and the most a run here may take whatever the function says. */
const DEFAULT_FUNCTION_SECONDS = 3;
const MAX_RUN_MS = 15_000;
/** Runs against each simulated green; all must agree. */
const RUNS_PER_SIDE = 2;
/** Ample for a smoke test; far below what could slow the grader. */
const HEAP_MB = 256;
/** Only the function's own variables, at most this many and this long, reach the child. */
const MAX_ENV = 100;
const MAX_ENV_VALUE = 4096;

interface HookFunction {
  codeDir: string;
  file: string;
  exportName: string;
  env: Record<string, string>;
  timeoutMs: number;
  cleanup(): void;
}

/** Runs the hook's function against a good and a bad green and says what it does. */
export async function judgeHook(model: StackModel, functionId: string | undefined, assemblyDir?: string): Promise<HookVerdict> {
  const fn = loadFunction(model, functionId, assemblyDir);
  if ('reason' in fn) return { kind: 'unknown', reason: fn.reason };
  try {
    // Each side runs twice and must answer the same both times: a hook that answers at random
    // would otherwise pass now and then (one time in four), and a re-run would find that time.
    for (let run = 0; run < RUNS_PER_SIDE; run++) {
      const good = await runOnce(fn, 'good');
      if (good.status !== 'SUCCEEDED') {
        return { kind: 'unknown', reason: `run offline against a healthy green, the hook ${answered(good)}, so what it tests cannot be told offline` };
      }
    }
    for (let run = 0; run < RUNS_PER_SIDE; run++) {
      const bad = await runOnce(fn, 'bad');
      if (bad.status === 'SUCCEEDED') return { kind: 'passes-bad-release', requests: bad.requests };
      // ECS rolls back on FAILED, and on a function that fails or returns no valid hookStatus.
      if (bad.status === 'IN_PROGRESS' || bad.status === 'TIMEOUT') {
        return { kind: 'unknown', reason: `run offline against a green that fails every request, the hook ${answered(bad)}` };
      }
      // Failing without asking green anything is not a test of green.
      if (bad.requests === 0) {
        return { kind: 'unknown', reason: 'run offline, the hook succeeded against a healthy green and failed against a failing one without sending green a request, so its answer does not come from green' };
      }
    }
    return { kind: 'tests' };
  } finally {
    fn.cleanup();
  }
}

interface RunResult {
  status: string;
  requests: number;
  message?: string;
}

function answered(r: RunResult): string {
  if (r.status === 'THREW') return `threw (${r.message})`;
  if (r.status === 'TIMEOUT') return 'did not answer in time';
  if (r.status === 'IN_PROGRESS') return 'still answered IN_PROGRESS after five calls';
  if (r.status === 'NO_HANDLER') return `could not be called (${r.message})`;
  if (r.status === 'NO_STATUS') return 'returned no hookStatus';
  return `returned ${r.status}`;
}

/** The function's code, handler and environment, from the template (and the assembly for an asset). */
function loadFunction(model: StackModel, id: string | undefined, assemblyDir?: string): HookFunction | { reason: string } {
  const r = id ? model.resource(id) : undefined;
  if (!r || r.type !== 'AWS::Lambda::Function') return { reason: 'the hook calls no Lambda function of this stack, so the replay cannot run it' };
  const p = r.raw.Properties ?? {};
  const runtime = String(model.resolve(p.Runtime) ?? '');
  if (!runtime.startsWith('nodejs')) return { reason: `the hook's function runs ${runtime || 'an unknown runtime'}; the replay runs Node.js functions only` };
  const handler = String(model.resolve(p.Handler) ?? '');
  const dot = handler.lastIndexOf('.');
  if (dot <= 0) return { reason: `the hook's handler "${handler}" is not of the form file.function` };
  const env = environmentOf(model, p.Environment?.Variables);
  const seconds = Number(model.resolve(p.Timeout));
  const timeoutMs = Math.min(MAX_RUN_MS, (Number.isFinite(seconds) && seconds > 0 ? seconds : DEFAULT_FUNCTION_SECONDS) * 1000);
  const base = { exportName: handler.slice(dot + 1), env, timeoutMs };
  const inline = p.Code?.ZipFile;
  if (typeof inline === 'string') {
    // Lambda saves inline Node.js code as index.js.
    const dir = mkdtempSync(join(tmpdir(), 'ecs-lab-hook-'));
    writeFileSync(join(dir, 'index.js'), inline);
    return { ...base, codeDir: dir, file: handler.slice(0, dot), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
  }
  const asset = r.raw.Metadata?.['aws:asset:path'];
  if (typeof asset === 'string' && assemblyDir) {
    const dir = resolve(assemblyDir, asset);
    if (!(dir + sep).startsWith(resolve(assemblyDir) + sep) || !existsSync(dir)) return { reason: 'the hook\'s code asset is not in the cloud assembly' };
    return { ...base, codeDir: dir, file: handler.slice(0, dot), cleanup: () => undefined };
  }
  return { reason: 'the hook\'s code is neither inline nor an asset of the cloud assembly' };
}

/** The function's variables as strings; a value the model cannot resolve stays a placeholder. */
function environmentOf(model: StackModel, vars: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!vars || typeof vars !== 'object') return out;
  for (const [k, v] of Object.entries(vars).slice(0, MAX_ENV)) {
    const value = model.resolve(v);
    out[k] = (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value) : 'ecs-lab-unresolved').slice(0, MAX_ENV_VALUE);
  }
  return out;
}

/** One invocation (and its IN_PROGRESS follow-ups) in a fresh child, under the permission model. */
function runOnce(fn: HookFunction, green: 'good' | 'bad'): Promise<RunResult> {
  const flags = [
    process.allowedNodeEnvironmentFlags.has('--permission') ? '--permission' : '--experimental-permission',
    ...withRealPath(fn.codeDir).map((p) => `--allow-fs-read=${p}/*`),
    ...[...withRealPath(CHILD_SCRIPT), ...withRealPath(NETWORK_GUARD)].map((p) => `--allow-fs-read=${p}`),
    `--max-old-space-size=${HEAP_MB}`,
    '--disable-warning=ExperimentalWarning',
  ];
  const { ECS_LAB_CDK: _cdk, ...base } = scrubbedEnv();
  const child = spawn(process.execPath, [...flags, CHILD_SCRIPT], {
    cwd: fn.codeDir,
    env: { ...base, ...fn.env, AWS_REGION: 'us-east-1', AWS_LAMBDA_FUNCTION_NAME: 'ecs-lab-hook' },
    stdio: ['ignore', 'ignore', 'ignore', 'ipc'],
    serialization: 'json',
  });
  return new Promise((done) => {
    let settled = false;
    const finish = (r: RunResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      child.kill('SIGKILL');
      done(r);
    };
    // The function's own timeout, five times over for each IN_PROGRESS call, plus start-up.
    const timer = setTimeout(() => finish({ status: 'TIMEOUT', requests: 0 }), fn.timeoutMs * 5 + 2_000);
    child.on('message', (m: { type?: string; result?: RunResult }) => {
      if (m?.type === 'ready') {
        child.send({ type: 'job', codeDir: fn.codeDir, file: fn.file, exportName: fn.exportName, green, timeoutMs: fn.timeoutMs, event: lifecycleEvent() });
      } else if (m?.type === 'done' && m.result) {
        finish({ status: String(m.result.status).slice(0, 40), requests: Number(m.result.requests) || 0, message: m.result.message ? String(m.result.message).slice(0, 300) : undefined });
      }
    });
    child.on('exit', () => finish({ status: 'THREW', requests: 0, message: 'the function ended its process' }));
    child.on('error', () => finish({ status: 'THREW', requests: 0, message: 'the function could not be started' }));
  });
}

/** What ECS hands a lifecycle hook (ECS developer guide, "Lifecycle hooks for Amazon ECS service deployments"). */
function lifecycleEvent(): object {
  return {
    executionId: 'ecs-lab-offline-replay',
    lifecycleStage: 'POST_TEST_TRAFFIC_SHIFT',
    resourceArn: 'arn:aws:ecs:us-east-1:123456789012:service-deployment/ecs-lab/app/offline',
    executionDetails: { testTrafficWeights: {}, productionTrafficWeights: {}, serviceArn: 'arn:aws:ecs:us-east-1:123456789012:service/ecs-lab/app', targetServiceRevisionArn: 'arn:aws:ecs:us-east-1:123456789012:service-revision/ecs-lab/app/green' },
  };
}
