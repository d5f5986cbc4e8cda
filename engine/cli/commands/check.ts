import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import { LabError } from '../../errors';
import { predictFault, type Prediction } from '../../faults/predict';
import { renderReplay } from '../../faults/render';
import type { FaultBreakSpec } from '../../faults/types';
import { checkedReport, checkWorkspace, type CheckOptions } from '../../grading/check-workspace';
import { findLab } from '../../catalogue/catalogue';
import { refinedLocation } from '../../report/locate';
import type { ReportOptions } from '../../report/options';
import type { LabReport } from '../../report/types';
import { supportsHyperlinks } from '../../ui/hyperlink';
import { WorkspaceSynthesizer } from '../../synth';
import { DEFAULT_LIMITS } from '../../synth/isolated';
import { assertWorkspaceMatchesState, openPinnedWorkspace } from '../../workspace/identity';
import { ensureEditorSupport, findWorkspace, type Workspace } from '../../workspace/workspace';
import type { Io } from '../io';

export interface CheckCommandOptions {
  /** Grade as this lab (CI, graders): a workspace of another lab is refused. */
  lab?: string;
  /** Seconds the learner's app may take to synthesize. */
  timeout?: string;
  watch?: boolean;
  json?: boolean;
  reporter?: 'terminal' | 'json' | 'junit' | 'markdown' | 'github' | 'sarif';
  outputFile?: string;
  questions?: boolean;
  /** An instructor's seed for the question draw (state is not changed). */
  seed?: string;
  /** `aws`: judge the deployed stack too (live checks); default `offline`. */
  target?: 'offline' | 'aws';
  profile?: string;
  region?: string;
  /** `--all`: the terminal shows every finding and every CDK warning, nothing folded. */
  all?: boolean;
  /** `-v`: the same as --all. */
  verbose?: boolean;
}

export async function check(io: Io, opts: CheckCommandOptions): Promise<number> {
  if (opts.outputFile && !opts.reporter) {
    throw new LabError('E_USAGE', '--output-file needs --reporter — e.g. `lab check --reporter junit --output-file junit.xml` (junit, json, markdown or github)');
  }
  if (opts.watch && (opts.json || opts.outputFile)) {
    throw new LabError('E_USAGE', '--watch runs until you stop it, so it cannot write --json or --output-file — drop --watch for CI');
  }
  if (opts.target === 'aws' && opts.watch) {
    throw new LabError('E_USAGE', '--watch re-checks on every save, which the deployed stack does not follow — run `lab check --target aws` after `lab deploy`');
  }
  if (opts.target !== 'aws' && (opts.profile || opts.region)) {
    throw new LabError('E_USAGE', '--profile and --region choose the AWS account and region: add --target aws');
  }
  const limits = { timeoutMs: timeoutMs(opts.timeout) };
  const { workspace: ws, ephemeral } = gradedWorkspace(io, opts.lab);
  // A workspace cloned from a repository has no editor link (.gitignore leaves it out): a check
  // that records into the workspace makes it again. A bare checkout graded with --lab is left as it is.
  if (!ephemeral) ensureEditorSupport(ws.dir);
  if (opts.seed !== undefined) ws.seedOverride = opts.seed;
  if (opts.watch) {
    const { watch } = await import('./watch');
    return watch(io, ws, { questions: opts.questions !== false, limits, expand: !!(opts.all || opts.verbose) });
  }
  // The aws target opens the deployed stack first: a workspace never deployed stops here (exit 2).
  const live = opts.target === 'aws' ? await liveOption(io, ws, opts) : undefined;
  const report = await checkedReport(ws, { limits, questions: opts.questions !== false, record: !ephemeral, pinned: opts.lab !== undefined, live });
  if (!report.lab.pinned && process.env.CI) {
    report.warnings.push(`graded as ${ws.lab.id}, the lab the workspace's own state names — in CI, pin it: \`lab check --lab ${ws.lab.id}\``);
  }
  await emit(io, report, opts);
  return report.passed ? 0 : 1;
}

async function liveOption(io: Io, ws: Workspace, opts: CheckCommandOptions): Promise<CheckOptions['live']> {
  const { liveHook, openForCheck } = await import('./aws-live');
  return liveHook(ws, await openForCheck(io, ws, { profile: opts.profile, region: opts.region }));
}

/** The workspace and the lab it is graded as: named by the grader, or its state checked against its content. */
function gradedWorkspace(io: Io, lab: string | undefined): { workspace: Workspace; ephemeral: boolean } {
  if (lab !== undefined) return openPinnedWorkspace(io.cwd, lab);
  const workspace = findWorkspace(io.cwd);
  assertWorkspaceMatchesState(workspace);
  return { workspace, ephemeral: false };
}

export function timeoutMs(seconds: string | undefined): number {
  if (seconds === undefined) return DEFAULT_LIMITS.timeoutMs;
  const n = Number(seconds);
  if (!Number.isFinite(n) || n <= 0 || n > 3600) {
    throw new LabError('E_USAGE', `--timeout takes a number of seconds from 1 to 3600, not "${seconds}" — e.g. \`lab check --timeout 120\``);
  }
  return Math.round(n * 1000);
}

/**
 * Runs the checks once and prints the terminal report (used by `lab start` and `lab break`).
 * With `predict`, a fault break's impact on the stack is predicted and shown first.
 */
export async function runCheckOnce(
  io: Io,
  ws: Workspace,
  opts: { questions: boolean; predict?: boolean; /** Called once the fault is predicted, before anything is recorded. */ onPredicted?: () => void },
): Promise<LabReport> {
  // `lab start` resumes an existing workspace too: its state is checked as `lab check` checks it.
  assertWorkspaceMatchesState(ws);
  const synthesizer = new WorkspaceSynthesizer(ws.dir, ws.lab.entry, ws.lab.stackName);
  const fault = opts.predict ? appliedFault(ws) : undefined;
  let prediction: Prediction | undefined;
  const checkOpts: CheckOptions = {
    questions: opts.questions,
    observe: fault
      ? (synth) => {
          prediction = predictFault(synth.model, fault.spec);
          opts.onPredicted?.();
        }
      : undefined,
  };
  let report: LabReport;
  if (io.interactive) {
    // Synthesis takes a few seconds: on a terminal, show that something is happening.
    const { spinner } = await import('@clack/prompts');
    const s = spinner();
    s.start('Synthesizing your stack and running the checks');
    try {
      report = await checkWorkspace(ws, synthesizer, checkOpts);
    } catch (e) {
      s.error('Could not check the stack');
      throw e;
    }
    s.stop(`Checked in ${(report.durationMs / 1000).toFixed(1)} s`);
  } else {
    io.out(io.color.dim('Synthesizing your stack and running the checks…'));
    report = await checkWorkspace(ws, synthesizer, checkOpts);
  }
  if (fault && prediction) showPrediction(io, fault.id, fault.spec, prediction);
  await emit(io, report, {});
  return report;
}

/** The workspace's applied break, when it is a fault. */
function appliedFault(ws: Workspace): { id: string; spec: FaultBreakSpec } | undefined {
  const brk = ws.lab.breaks.find((b) => b.id === ws.state.break?.id);
  return brk?.kind === 'fault' && brk.fault ? { id: brk.id, spec: brk.fault } : undefined;
}

function showPrediction(io: Io, breakId: string, spec: FaultBreakSpec, prediction: Prediction): void {
  const c = io.color;
  io.out('');
  io.out(`${c.yellow('⚡')} ${c.bold(`Fault ${breakId}`)} — hypothesis: ${spec.hypothesis}`);
  if ('reason' in prediction) {
    io.out(c.dim(`  No prediction: ${prediction.reason}.`));
    return;
  }
  for (const line of renderReplay(prediction.replay, { color: io.colorEnabled, width: Math.min(io.columns, 100) - 2 })) io.out(`  ${line}`);
  io.out(c.dim('  `lab check` replays it against your fixed stack and shows before → after.'));
}

/** How the watch screen renders a round, beside the command's own options. */
export interface TerminalExtras {
  watch?: boolean;
  /** CDK warnings this watch session already showed. */
  seenWarnings?: ReadonlySet<string>;
}

export async function emit(io: Io, report: LabReport, opts: CheckCommandOptions, extras: TerminalExtras = {}): Promise<void> {
  const { renderReport } = await import('../../report');
  const options = { color: io.colorEnabled, width: io.columns, repoRoot: process.env.GITHUB_WORKSPACE ?? io.cwd, ...(await terminalOptions(io, report, opts, extras)) };
  if (opts.json) {
    io.out(renderReport('json', report, options));
    return;
  }
  if (opts.reporter && !opts.outputFile) {
    io.out(renderReport(opts.reporter, report, options));
    return;
  }
  if (opts.reporter && opts.outputFile) {
    writeFileSync(resolve(io.cwd, opts.outputFile), renderReport(opts.reporter, report, { ...options, color: false }));
  }
  io.out(renderReport('terminal', report, options));
}

/** What only the terminal reporter reads: folding, links, points, paths from the learner's shell. */
async function terminalOptions(io: Io, report: LabReport, opts: CheckCommandOptions, extras: TerminalExtras): Promise<ReportOptions> {
  const { checkById } = await import('../../checking/registry');
  const lab = findLab(report.lab.id);
  return {
    expand: !!(opts.all || opts.verbose),
    cwd: io.cwd,
    docLinks: (id) => checkById(id)?.refs.docs ?? [],
    locate: (id, location) => refinedLocation(id, location, (file) => readWorkspaceFile(report.workspace, file)),
    hyperlinks: supportsHyperlinks(process.env, !!process.stdout.isTTY),
    checkPoints: lab ? Object.fromEntries(lab.checks.map((c) => [c.id, c.points ?? 1])) : undefined,
    watch: extras.watch,
    seenWarnings: extras.seenWarnings,
  };
}

/** Source files read to place a finding: at most this size (a learner's stack file is far smaller). */
const MAX_SOURCE_BYTES = 1_000_000;

/** A file of the workspace as text, or undefined when it is outside it, missing or too large. */
function readWorkspaceFile(workspace: string, file: string): string | undefined {
  const path = resolve(workspace, file);
  const rel = relative(workspace, path);
  if (rel.startsWith('..') || isAbsolute(rel)) return undefined;
  try {
    return statSync(path).size > MAX_SOURCE_BYTES ? undefined : readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}
