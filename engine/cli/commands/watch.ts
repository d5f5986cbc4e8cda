// `lab check --watch`: one warm process re-checks on every save, like rustlings' watch mode.
// The WorkspaceSynthesizer keeps TypeScript's parsed declarations and aws-cdk-lib loaded, so a
// re-check costs a fraction of a cold `lab check`.
import { watch as chokidarWatch } from 'chokidar';
import { join, relative } from 'node:path';
import { listLabs, slugOf } from '../../catalogue/catalogue';
import { checkById } from '../../checking/registry';
import { checkWorkspace } from '../../grading/check-workspace';
import { isLabError } from '../../errors';
import { isCdkWarning } from '../../report/terminal';
import type { LabManifest } from '../../types';
import { nextLab, pathBar } from '../../ui/path';
import { watchWording } from '../../ui/watch-wording';
import { readLabStatuses } from '../../workspace/progress-status';
import { findWorkspace } from '../../workspace/workspace';
import { WorkspaceSynthesizer } from '../../synth';
import type { IsolationLimits } from '../../synth/isolated';
import type { Workspace } from '../../workspace/workspace';
import { NON_SOURCE_DIRS } from '../../workspace/names';
import type { Io } from '../io';
import { emit } from './check';
import { hintDocs, showHint } from './hint';

// Editor backups and swap files, and anything under a folder that holds no learner source.
const EDITOR_TEMP = /~$|\.swp$/;
const ignoredIn = (dir: string) => (path: string) =>
  EDITOR_TEMP.test(path) || relative(dir, path).split(/[/\\]/).some((part) => NON_SOURCE_DIRS.has(part));

export interface WatchSession {
  /** Resolves when the learner quits (q, Ctrl-C) or `stop()` is called. */
  done: Promise<number>;
  stop(): void;
  /** Set when the learner pressed n on a passed lab: the lab to go on to. */
  next?: LabManifest;
}

export interface WatchOptions {
  questions: boolean;
  limits?: Partial<IsolationLimits>;
  /** --all / -v: every finding and CDK warning, every round. */
  expand?: boolean;
}

/** Ticks of the "checking…" line: often enough to look alive, rarely enough to cost nothing. */
const TICK_MS = 100;
const SPINNER = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

/**
 * Watches one lab after another: when a lab passes, n starts the next unfinished one (its
 * workspace beside this one) and the watch goes on there, as rustlings moves to the next exercise.
 */
export async function watch(io: Io, ws: Workspace, opts: WatchOptions): Promise<number> {
  const seenWarnings = new Set<string>();
  for (;;) {
    const session = startWatch(io, ws, opts, seenWarnings);
    const code = await session.done;
    if (!session.next) return code;
    const { start } = await import('./start');
    await start(io, session.next.id, { dir: ws.root, quiet: true });
    ws = findWorkspace(resolveWorkspaceDir(ws.root, session.next));
    // This process watches the new folder; the learner's other terminals are still in the old one.
    const where = relative(io.cwd, ws.dir) || '.';
    io.out(io.color.dim(`Watching ${where} now. In another terminal, \`cd ${where}\` for lab hint and lab quiz.`));
  }
}

function resolveWorkspaceDir(root: string, lab: LabManifest): string {
  return join(root, slugOf(lab));
}

export function startWatch(io: Io, ws: Workspace, opts: WatchOptions, seenWarnings = new Set<string>()): WatchSession {
  // A child is kept loading aws-cdk-lib for the next save: it is the learner's own machine.
  const synthesizer = new WorkspaceSynthesizer(ws.dir, ws.lab.entry, ws.lab.stackName, { limits: opts.limits, keepWarm: true });
  const c = io.color;
  let running = false;
  let pending = false;
  let timer: NodeJS.Timeout | undefined;
  let lastExit = 1;
  let passed = false;
  const session: WatchSession = { done: undefined as unknown as Promise<number>, stop: () => stop() };

  const keys = () => ['h: hint', 'c: check now', 'l: labs', ...(passed ? ['n: next lab'] : []), 'q: quit'].join(' · ');
  const footer = () => io.out(c.dim(`\nWatching ${ws.lab.id} for changes — ${io.stdinIsTTY ? keys() : 'Ctrl-C to stop'}`));

  /** The path's progress bar and, once this lab passes, the lab to go on to. */
  const pathLines = () => {
    const labs = listLabs();
    const statuses = readLabStatuses(ws.root);
    io.out(c.dim(`Path ${pathBar(labs, statuses)}`));
    if (!passed) return;
    const next = nextLab(labs, statuses, ws.lab.id);
    if (!next) io.out(c.green('Every lab of the path is passed. Well done.'));
    else if (io.stdinIsTTY) io.out(c.green(`Press ${c.bold('n')} to go on to the next lab: ${next.id} — ${next.title}`));
    else io.out(c.green(`Next lab: \`lab start ${next.id}\` — ${next.title}`));
  };

  /** On a terminal, one line that counts the seconds while a check runs; elsewhere one plain line. */
  const checkingLine = (): (() => void) => {
    const started = Date.now();
    const text = () => `checking… ${((Date.now() - started) / 1000).toFixed(1)}s`;
    if (!io.interactive) {
      io.out(c.dim('checking…'));
      return () => {};
    }
    let frame = 0;
    const draw = () => process.stdout.write(`\r\x1b[2K${c.cyan(SPINNER[frame++ % SPINNER.length])} ${c.dim(text())}`);
    draw();
    const ticker = setInterval(draw, TICK_MS);
    return () => {
      clearInterval(ticker);
      process.stdout.write('\r\x1b[2K');
    };
  };

  const runOnce = async (reason: string) => {
    if (running) {
      pending = true;
      return;
    }
    running = true;
    if (io.interactive) io.out('\x1b[2J\x1b[H');
    else io.out(c.dim(`── ${new Date().toLocaleTimeString()} · ${reason} ──`));
    const doneChecking = checkingLine();
    try {
      const report = await checkWorkspace(ws, synthesizer, { questions: opts.questions });
      doneChecking();
      await emit(io, report, { all: opts.expand }, { watch: true, seenWarnings });
      for (const w of report.warnings) if (isCdkWarning(w)) seenWarnings.add(w);
      lastExit = report.passed ? 0 : 1;
      passed = report.passed;
    } catch (e) {
      doneChecking();
      if (!isLabError(e)) throw e;
      // Errors are written for `lab check`; here a save re-checks.
      io.out(`${c.red('✗')} ${watchWording(e.message)}`);
      for (const d of e.details.slice(0, 5)) io.out(`  ${watchWording(d)}`);
      lastExit = 2;
    } finally {
      running = false;
    }
    pathLines();
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
    process.stdin.off('data', onKey);
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
    process.stdin.on('data', onKey);
  }
  function onKey(buf: Buffer) {
    {
      const key = buf.toString();
      if (key === 'q' || key === '\x03') stop();
      else if (key === 'n' && passed && !running) {
        session.next = nextLab(listLabs(), readLabStatuses(ws.root), ws.lab.id);
        if (session.next) stop();
      } else if (key === 'l') {
        void import('./list').then(({ list }) => list(io, { dir: ws.root })).then(footer);
      } else if (key === 'h') {
        showHint(io, ws, 'Press h again for a stronger hint.', hintDocs(ws, (id) => checkById(id)?.refs.docs ?? []));
        footer();
      } else if (key === 'c' || key === '\r') void runOnce('check requested').catch(fail);
    }
  }

  watcher.on('ready', () => void runOnce('first check').catch(fail));
  session.done = done;
  return session;
}
