// `lab check --watch`: one warm process re-checks on every save, like rustlings' watch mode.
// The WorkspaceSynthesizer keeps TypeScript's parsed declarations and aws-cdk-lib loaded, so a
// re-check costs a fraction of a cold `lab check`.
import { watch as chokidarWatch } from 'chokidar';
import { relative } from 'node:path';
import { checkWorkspace } from '../../grading/check-workspace';
import { isLabError } from '../../errors';
import { WorkspaceSynthesizer } from '../../synth';
import type { IsolationLimits } from '../../synth/isolated';
import type { Workspace } from '../../workspace/workspace';
import { NON_SOURCE_DIRS } from '../../workspace/names';
import type { Io } from '../io';
import { emit } from './check';
import { showHint } from './hint';

// Editor backups and swap files, and anything under a folder that holds no learner source.
const EDITOR_TEMP = /~$|\.swp$/;
const ignoredIn = (dir: string) => (path: string) =>
  EDITOR_TEMP.test(path) || relative(dir, path).split(/[/\\]/).some((part) => NON_SOURCE_DIRS.has(part));

export interface WatchSession {
  /** Resolves when the learner quits (q, Ctrl-C) or `stop()` is called. */
  done: Promise<number>;
  stop(): void;
}

export interface WatchOptions {
  questions: boolean;
  limits?: Partial<IsolationLimits>;
}

export async function watch(io: Io, ws: Workspace, opts: WatchOptions): Promise<number> {
  return startWatch(io, ws, opts).done;
}

export function startWatch(io: Io, ws: Workspace, opts: WatchOptions): WatchSession {
  // A child is kept loading aws-cdk-lib for the next save: it is the learner's own machine.
  const synthesizer = new WorkspaceSynthesizer(ws.dir, ws.lab.entry, ws.lab.stackName, { limits: opts.limits, keepWarm: true });
  const c = io.color;
  let running = false;
  let pending = false;
  let timer: NodeJS.Timeout | undefined;
  let lastExit = 1;

  const footer = () =>
    io.out(c.dim(`\nWatching ${ws.lab.id} for changes — ${io.stdinIsTTY ? 'h: hint · c: check now · q: quit' : 'Ctrl-C to stop'}`));

  const runOnce = async (reason: string) => {
    if (running) {
      pending = true;
      return;
    }
    running = true;
    if (io.interactive) io.out('\x1b[2J\x1b[H');
    else io.out(c.dim(`── ${new Date().toLocaleTimeString()} · ${reason} ──`));
    try {
      const report = await checkWorkspace(ws, synthesizer, { questions: opts.questions });
      await emit(io, report, {});
      lastExit = report.passed ? 0 : 1;
      if (report.passed) io.out(c.green(c.bold('All checks and questions pass. Run `lab status` to pick your next lab.')));
    } catch (e) {
      if (!isLabError(e)) throw e;
      io.out(`${c.red('✗')} ${e.message}`);
      for (const d of e.details.slice(0, 5)) io.out(`  ${d}`);
      lastExit = 2;
    } finally {
      running = false;
    }
    footer();
    if (pending) {
      pending = false;
      await runOnce('changed while checking');
    }
  };

  const watcher = chokidarWatch(ws.dir, { ignored: ignoredIn(ws.dir), ignoreInitial: true });
  const onChange = (path: string) => {
    clearTimeout(timer);
    // Editors save in bursts (write, rename, chmod): wait for the burst to settle.
    timer = setTimeout(() => void runOnce(`${path.slice(ws.dir.length + 1)} changed`).catch(fail), 120);
  };
  watcher.on('add', onChange).on('change', onChange).on('unlink', onChange);

  let resolveDone!: (code: number) => void;
  let rejectDone!: (e: unknown) => void;
  const done = new Promise<number>((res, rej) => {
    resolveDone = res;
    rejectDone = rej;
  });
  const stop = () => {
    clearTimeout(timer);
    synthesizer.close();
    void watcher.close();
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    if (process.stdin.isTTY) {
      process.stdin.setRawMode(false);
      process.stdin.pause();
    }
    resolveDone(lastExit === 2 ? 1 : lastExit);
  };
  const fail = (e: unknown) => {
    stop();
    rejectDone(e);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);

  if (io.stdinIsTTY && process.stdin.isTTY) {
    process.stdin.setRawMode(true);
    process.stdin.resume();
    process.stdin.on('data', (buf) => {
      const key = buf.toString();
      if (key === 'q' || key === '\x03') stop();
      else if (key === 'h') {
        showHint(io, ws, 'Press h again for a stronger hint.');
        footer();
      } else if (key === 'c' || key === '\r') void runOnce('check requested').catch(fail);
    });
  }

  watcher.on('ready', () => void runOnce('first check').catch(fail));
  return { done, stop };
}
