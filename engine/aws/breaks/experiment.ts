// A fault break on the aws target: starts the stack's FIS experiment, follows it until it reaches a
// final state while sampling the service every 10 s, and stops it when asked (Ctrl-C aborts the
// signal). The clock is injected, so tests run a ten-minute experiment in no time.
import { randomUUID } from 'node:crypto';
import { GetExperimentCommand, StartExperimentCommand, StopExperimentCommand, type ExperimentStatus } from '@aws-sdk/client-fis';
import { LabError } from '../../errors';
import type { AwsClients } from '../clients';
import type { Clock } from './clock';
import type { Observation } from './observe';

/** The timeline's step: the issue asks for running tasks and healthy targets every 10 s. */
export const SAMPLE_EVERY_MS = 10_000;
/**
 * Every lab experiment has a duration cap well under this (stacks/faults guard rails); past it the
 * runner stops the experiment itself rather than poll forever.
 */
export const MAX_RUN_MS = 60 * 60_000;
/**
 * FIS states after which nothing changes any more: of @aws-sdk/client-fis `ExperimentStatus`
 * (pending, initiating, running, stopping, completed, stopped, failed), the last three.
 * (`cancelled` and `skipped` are states of one action, not of the experiment.)
 */
export const FINAL_STATES: ReadonlySet<string> = new Set<ExperimentStatus>(['completed', 'stopped', 'failed']);

export interface ObservedStep extends Partial<Observation> {
  /** Seconds since the experiment was started. */
  atSecond: number;
  /** The experiment's state at this step. */
  state: string;
  /** Why the sample could not be taken (the step still counts). */
  missed?: string;
}

export interface ExperimentRun {
  experimentId: string;
  templateId: string;
  /** The final state: completed, stopped or failed. */
  status: string;
  /** FIS's reason for the final state (a stop condition's alarm, an action's error). */
  reason?: string;
  /** Stopped by the person (Ctrl-C) or by the runner's cap, not by FIS or an alarm. */
  stoppedBy?: 'you' | 'time-cap';
  timeline: ObservedStep[];
}

export interface RunExperimentOptions {
  clients: Pick<AwsClients, 'fis'>;
  templateId: string;
  clock: Clock;
  observe: () => Promise<Observation>;
  /** Aborted on Ctrl-C: the experiment is stopped, then followed until it has stopped. */
  signal?: AbortSignal;
  onStep?: (step: ObservedStep) => void;
  /** Tags on the experiment (the lab and workspace), so `lab sweep` and the console can tell whose it is. */
  tags?: Record<string, string>;
  maxRunMs?: number;
}

export async function runExperiment(opts: RunExperimentOptions): Promise<ExperimentRun> {
  const { clients, clock, templateId } = opts;
  let experimentId: string;
  try {
    // The client token makes a retried StartExperiment start one experiment, not two.
    const out = await clients.fis.send(new StartExperimentCommand({ experimentTemplateId: templateId, clientToken: randomUUID(), tags: opts.tags }));
    if (!out.experiment?.id) throw new Error('FIS returned no experiment id');
    experimentId = out.experiment.id;
  } catch (e) {
    throw new LabError('E_AWS', `FIS did not start experiment template ${templateId}: ${(e as Error).message} — nothing was changed`);
  }
  const started = clock.now();
  const timeline: ObservedStep[] = [];
  let stoppedBy: ExperimentRun['stoppedBy'];
  let stopSent = false;
  for (;;) {
    const got = await clients.fis.send(new GetExperimentCommand({ id: experimentId }));
    const state = got.experiment?.state?.status ?? 'unknown';
    const step: ObservedStep = { atSecond: Math.round((clock.now() - started) / 1000), state };
    try {
      Object.assign(step, await opts.observe());
    } catch (e) {
      step.missed = (e as Error).message;
    }
    timeline.push(step);
    opts.onStep?.(step);
    if (FINAL_STATES.has(state)) {
      return { experimentId, templateId, status: state, reason: got.experiment?.state?.reason, stoppedBy, timeline };
    }
    if (!stoppedBy && opts.signal?.aborted) stoppedBy = 'you';
    else if (!stoppedBy && clock.now() - started >= (opts.maxRunMs ?? MAX_RUN_MS)) stoppedBy = 'time-cap';
    if (stoppedBy && !stopSent) {
      stopSent = true;
      try {
        await clients.fis.send(new StopExperimentCommand({ id: experimentId }));
      } catch {
        // It ended on its own between the two calls: the next GetExperiment says how.
      }
    }
    // Once stopping, poll without the signal: it has fired, and would otherwise end every sleep at once.
    await clock.sleep(SAMPLE_EVERY_MS, stoppedBy ? undefined : opts.signal);
  }
}
