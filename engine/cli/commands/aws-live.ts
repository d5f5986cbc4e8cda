// The aws target's side of `lab check`, `lab break` and `lab reset`: live checks beside the offline
// ones, drift and FIS breaks in the deployed account, and undoing a drift break. The offline
// paths never load this module (nor the AWS SDK).
import { judgeLive, realSleep } from '../../aws/live/run-live';
import { openLiveSession, type AwsOptions, type LiveSession } from '../../aws/live/session';
import { readDeployedTemplate, resourceByConstruct } from '../../aws/live/stack';
import { realClock, type Clock } from '../../aws/breaks/clock';
import { applyDrift, describeChange, undoDrift } from '../../aws/breaks/drift';
import { readDriftRecord, removeDriftRecord, type DriftRecord } from '../../aws/breaks/drift-record';
import { runExperiment, type ExperimentRun, type ObservedStep } from '../../aws/breaks/experiment';
import { observeServices } from '../../aws/breaks/observe';
import { renderRun } from '../../aws/breaks/render-run';
import { LabError } from '../../errors';
import type { Prediction } from '../../faults/predict';
import { renderReplay } from '../../faults/render';
import type { CheckOptions } from '../../grading/check-workspace';
import type { BreakDefinition, CfnTemplate } from '../../types';
import { updateState } from '../../workspace/state';
import type { Workspace } from '../../workspace/workspace';
import type { Io } from '../io';

export type { AwsOptions };

/** `lab check --target aws`: the CheckOptions.live hook, given an open session. */
export function liveHook(ws: Workspace, session: LiveSession, sleep = realSleep): NonNullable<CheckOptions['live']> {
  return (synth, offline) =>
    judgeLive(ws.lab.checks, offline, { clients: session.clients, stack: session.stack, model: synth.model, template: synth.template, sleep });
}

/** Says which account and stack a live command works on, before it does anything. */
function announce(io: Io, session: LiveSession, what: string): void {
  io.out(io.color.dim(`${what}: stack ${session.stack.name} in account ${session.stack.account}, ${session.stack.region}`));
}

export async function openForCheck(io: Io, ws: Workspace, opts: AwsOptions): Promise<LiveSession> {
  const session = await openLiveSession(ws, opts);
  // On stderr: stdout may be carrying the JSON report.
  const s = session.stack;
  io.err(io.color.dim(`Live checks: stack ${s.name} in account ${s.account}, ${s.region} (drift detection can take a minute)`));
  return session;
}

// ------------------------------------------------------------------ lab break --target aws

async function confirmLive(io: Io, what: string): Promise<void> {
  if (io.yes) return;
  if (!io.interactive) throw new LabError('E_USAGE', `${what} changes your AWS account — run it again with --yes to confirm`);
  const { confirm, isCancel } = await import('@clack/prompts');
  const ok = await confirm({ message: `${what} changes your AWS account. Go ahead?`, initialValue: false });
  if (isCancel(ok) || !ok) throw new LabError('E_CANCELLED', `${what} cancelled — nothing was changed in the account`);
}

export interface LiveBreakDeps {
  /** Opens the deployed stack (tests inject one with mocked clients). */
  open?: typeof openLiveSession;
  /** Predicts the fault offline (default: synthesize the workspace and replay it). */
  predict?: (ws: Workspace, brk: BreakDefinition) => Promise<Prediction>;
  clock?: Clock;
  /** Aborted to stop a running experiment (default: the first Ctrl-C). */
  signal?: AbortSignal;
}

export async function liveBreak(io: Io, ws: Workspace, brk: BreakDefinition, opts: AwsOptions, deps: LiveBreakDeps = {}): Promise<number> {
  if (brk.kind === 'code' || (brk.kind === 'fault' && brk.edits.length > 0)) {
    throw new LabError('E_USAGE', `break ${brk.id} changes your code, not the account — run \`lab break ${brk.id}\` (without --target aws), then \`lab deploy\``);
  }
  // Refused before any call: a fault the lab has no experiment for cannot run in the account.
  if (brk.kind === 'fault' && !brk.fault?.experiment) {
    throw new LabError('E_NO_EXPERIMENT', `break ${brk.id} has no FIS experiment to start in the account — run it offline with \`lab break ${brk.id}\`; nothing was changed`);
  }
  const session = await (deps.open ?? openLiveSession)(ws, opts);
  const template = await readDeployedTemplate(session.clients, session.stack.name);
  return brk.kind === 'drift' ? driftBreak(io, ws, brk, session, template) : faultBreak(io, ws, brk, session, template, deps);
}

async function driftBreak(io: Io, ws: Workspace, brk: BreakDefinition, session: LiveSession, template: CfnTemplate): Promise<number> {
  announce(io, session, `Drift break ${brk.id}`);
  await confirmLive(io, `\`lab break ${brk.id} --target aws\``);
  let record: DriftRecord;
  try {
    record = await applyDrift({ clients: session.clients, stack: session.stack, template, workspaceDir: ws.dir }, brk);
  } catch (e) {
    const made = readDriftRecord(ws.dir)?.changes.length ?? 0;
    if (made > 0 && e instanceof Error) e.message += ` — ${made} change${made === 1 ? ' was' : 's were'} made and recorded; \`lab reset\` undoes them`;
    throw e;
  }
  updateState(ws.dir, () => ({ break: { id: brk.id, appliedAt: record.appliedAt } }));
  io.out(`${io.color.yellow('⚡')} ${brk.story}`);
  for (const c of record.changes) io.out(`  ${io.color.dim('changed')} ${describeChange(c)}`);
  io.out(io.color.dim('Recorded in .lab/drift.json. Find it with `lab check --target aws`; `lab reset` puts it back.'));
  return 0;
}

async function faultBreak(io: Io, ws: Workspace, brk: BreakDefinition, session: LiveSession, template: CfnTemplate, deps: LiveBreakDeps): Promise<number> {
  const spec = brk.fault!;
  const experiment = resourceByConstruct(session.stack, template, spec.experiment!, 'AWS::FIS::ExperimentTemplate', 'FIS experiment template');
  // The prediction runs first: an experiment whose prerequisites the stack lacks is refused here (exit 2).
  const prediction = await (deps.predict ?? predictFromWorkspace)(ws, brk);
  announce(io, session, `Fault ${brk.id}`);
  await confirmLive(io, `\`lab break ${brk.id} --target aws\` (FIS experiment ${experiment.physicalId})`);
  io.out(`${io.color.yellow('⚡')} ${brk.story}`);
  io.out(io.color.dim(`Hypothesis: ${spec.hypothesis}`));
  // The prediction first, as offline: the observed run is then read against it.
  if ('replay' in prediction) for (const line of renderReplay(prediction.replay, { color: io.colorEnabled, width: Math.min(io.columns, 100) - 2 })) io.out(`  ${line}`);

  const serviceIds = spec.service ? [resourceByConstruct(session.stack, template, spec.service, 'AWS::ECS::Service', 'ECS service').logicalId] : [];
  const { signal, release } = deps.signal ? { signal: deps.signal, release: () => {} } : ctrlC(io);
  const progress = await progressDisplay(io);
  let run: ExperimentRun;
  try {
    run = await runExperiment({
      clients: session.clients,
      templateId: experiment.physicalId,
      clock: deps.clock ?? realClock,
      observe: () => observeServices({ clients: session.clients, resources: session.stack.resources }, serviceIds),
      signal,
      onStep: progress.step,
      tags: { 'ecs-lab:lab': ws.lab.id, 'ecs-lab:break': brk.id },
    });
  } finally {
    release();
    progress.done();
  }
  updateState(ws.dir, () => ({ break: { id: brk.id, appliedAt: new Date().toISOString() } }));
  const predicted = 'replay' in prediction ? prediction.replay : undefined;
  if (!predicted && 'reason' in prediction) io.out(io.color.dim(`No prediction: ${prediction.reason}.`));
  for (const line of renderRun(run, predicted, { color: io.colorEnabled })) io.out(line);
  // A run that failed did not test the hypothesis: say so in the exit code too.
  return run.status === 'failed' ? 1 : 0;
}

async function predictFromWorkspace(ws: Workspace, brk: BreakDefinition): Promise<Prediction> {
  const { WorkspaceSynthesizer } = await import('../../synth');
  const { predictFault } = await import('../../faults/predict');
  const synth = await new WorkspaceSynthesizer(ws.dir, ws.lab.entry, ws.lab.stackName).run();
  try {
    return predictFault(synth.model, brk.fault!);
  } finally {
    synth.dispose();
  }
}

/** The first Ctrl-C stops the experiment (a second one leaves the runner at once, as Node does). */
function ctrlC(io: Io): { signal: AbortSignal; release: () => void } {
  const controller = new AbortController();
  const onInt = () => {
    io.err(io.color.yellow('Stopping the experiment (StopExperiment)… press Ctrl-C again to leave without waiting.'));
    controller.abort();
  };
  process.once('SIGINT', onInt);
  return { signal: controller.signal, release: () => process.removeListener('SIGINT', onInt) };
}

/** A spinner on a terminal, a line per sample otherwise. */
async function progressDisplay(io: Io): Promise<{ step: (s: ObservedStep) => void; done: () => void }> {
  const line = (s: ObservedStep) => {
    const tasks = s.runningByAz ? Object.values(s.runningByAz).reduce((a, b) => a + b, 0) : '?';
    return `${s.state} · ${s.atSecond} s · ${tasks} tasks running · ${s.healthyTargets ?? '?'} healthy targets`;
  };
  if (!io.interactive) return { step: (s) => io.out(io.color.dim(`  ${line(s)}`)), done: () => {} };
  const { spinner } = await import('@clack/prompts');
  const sp = spinner();
  sp.start('Starting the FIS experiment');
  return { step: (s) => sp.message(line(s)), done: () => sp.stop('Experiment over') };
}

// ------------------------------------------------------------------ lab reset

/**
 * Undoes a recorded drift break in the account it was made in (checked against the allow-list
 * and the record). Returns false when there was none.
 */
export async function undoRecordedDrift(io: Io, ws: Pick<Workspace, 'dir' | 'state' | 'lab'>, opts: AwsOptions, open: typeof openLiveSession = openLiveSession): Promise<boolean> {
  const record = readDriftRecord(ws.dir);
  if (!record) return false;
  let session: LiveSession;
  try {
    session = await open(ws, { stackName: record.stackName, region: opts.region ?? record.region, profile: opts.profile });
  } catch (e) {
    if (!(e instanceof LabError) || e.code !== 'E_NOT_DEPLOYED') throw e;
    // The stack was destroyed: its drift went with it.
    removeDriftRecord(ws.dir);
    io.out(io.color.dim(`Stack ${record.stackName} is no longer deployed, so drift break ${record.breakId} went with it.`));
    return true;
  }
  if (session.stack.account !== record.account) {
    throw new LabError('E_AWS_ACCOUNT', `drift break ${record.breakId} was made in account ${record.account}, but these credentials are for ${session.stack.account} — use the profile you broke it with; nothing was changed`);
  }
  const undone = await undoDrift(session.clients, ws.dir, record, session.stack);
  for (const c of undone) io.out(`  ${io.color.dim('undone')} ${describeChange(c)}`);
  io.out(`${io.color.green('✓')} drift break ${record.breakId} undone in stack ${record.stackName}`);
  return true;
}
