import { FisClient, GetExperimentCommand, StartExperimentCommand, StopExperimentCommand } from '@aws-sdk/client-fis';
import { afterEach, describe, expect, it } from 'vitest';
import { testClients } from '../live/test-context';
import { mockSdk } from '../sdk-mock';
import { fakeClock } from './clock';
import { runExperiment, SAMPLE_EVERY_MS, type ObservedStep } from './experiment';
import type { Observation } from './observe';

const fis = mockSdk(FisClient);
afterEach(() => fis.reset());

const clients = testClients();
const TEMPLATE = 'EXT6cXXJbn4ShJW9';
const EXPERIMENT = 'EXPaBcDeFgHiJkLmNo';

/** GetExperiment's answer in a given state. */
const at = (status: string, reason?: string) => ({
  experiment: {
    id: EXPERIMENT,
    experimentTemplateId: TEMPLATE,
    roleArn: 'arn:aws:iam::111122223333:role/LiveLab-FisRole',
    state: { status, ...(reason ? { reason } : {}) },
    startTime: new Date('2026-12-02T09:00:00Z'),
  },
});

function started() {
  fis.on(StartExperimentCommand).resolves({ experiment: { id: EXPERIMENT, experimentTemplateId: TEMPLATE, state: { status: 'initiating' } } });
}

/** Two tasks, one stopped by the fault and replaced a sample later. */
function observer(): () => Promise<Observation> {
  const samples: Observation[] = [
    { runningByAz: { 'eu-west-1a': 1, 'eu-west-1b': 1 }, healthyTargets: 2 },
    { runningByAz: { 'eu-west-1a': 0, 'eu-west-1b': 1 }, healthyTargets: 1 },
    { runningByAz: { 'eu-west-1a': 1, 'eu-west-1b': 1 }, healthyTargets: 1 },
  ];
  let i = 0;
  return async () => samples[Math.min(i++, samples.length - 1)];
}

describe('runExperiment (FIS, on an injected clock)', () => {
  it('starts the template with a client token and tags, samples every 10 s until completed', async () => {
    started();
    fis.on(GetExperimentCommand).resolvesOnce(at('initiating')).resolvesOnce(at('running')).resolvesOnce(at('running')).resolves(at('completed', 'Experiment completed.'));
    const clock = fakeClock();
    const steps: ObservedStep[] = [];
    const run = await runExperiment({ clients, templateId: TEMPLATE, clock, observe: observer(), onStep: (s) => steps.push(s), tags: { 'ecs-lab:lab': 'x/y' } });
    expect(run).toMatchObject({ experimentId: EXPERIMENT, status: 'completed', reason: 'Experiment completed.' });
    expect(run.stoppedBy).toBeUndefined();
    expect(run.timeline.map((s) => [s.atSecond, s.state, s.healthyTargets])).toEqual([
      [0, 'initiating', 2],
      [10, 'running', 1],
      [20, 'running', 1],
      [30, 'completed', 1],
    ]);
    expect(steps).toEqual(run.timeline);
    expect(clock.elapsed()).toBe(3 * SAMPLE_EVERY_MS);
    const start = fis.commandCalls(StartExperimentCommand)[0].args[0].input;
    expect(start).toMatchObject({ experimentTemplateId: TEMPLATE, tags: { 'ecs-lab:lab': 'x/y' } });
    expect(start.clientToken).toMatch(/^[0-9a-f-]{36}$/);
    expect(fis.commandCalls(StopExperimentCommand)).toHaveLength(0);
  });

  it('an experiment that ends failed, with FIS\'s reason', async () => {
    started();
    fis.on(GetExperimentCommand).resolvesOnce(at('running')).resolves(at('failed', 'Target resolution failed: no resources match tag ecs-lab:lab'));
    const run = await runExperiment({ clients, templateId: TEMPLATE, clock: fakeClock(), observe: observer() });
    expect(run).toMatchObject({ status: 'failed', reason: 'Target resolution failed: no resources match tag ecs-lab:lab' });
  });

  it('an experiment stopped by its alarm stop condition', async () => {
    started();
    fis.on(GetExperimentCommand)
      .resolvesOnce(at('running'))
      .resolvesOnce(at('stopping', 'Experiment stopped by stop condition.'))
      .resolves(at('stopped', 'Experiment stopped by stop condition: arn:aws:cloudwatch:eu-west-1:111122223333:alarm:LiveLab-5xx'));
    const run = await runExperiment({ clients, templateId: TEMPLATE, clock: fakeClock(), observe: observer() });
    expect(run).toMatchObject({ status: 'stopped', reason: expect.stringMatching(/stop condition: .*alarm:LiveLab-5xx/) });
    expect(run.stoppedBy).toBeUndefined();
    expect(fis.commandCalls(StopExperimentCommand)).toHaveLength(0);
  });

  it('Ctrl-C (the signal) calls StopExperiment once, then follows it until stopped', async () => {
    started();
    fis.on(StopExperimentCommand).resolves({ experiment: { id: EXPERIMENT, state: { status: 'stopping' } } });
    const controller = new AbortController();
    let polls = 0;
    fis.on(GetExperimentCommand).callsFake(() => {
      polls++;
      if (polls === 2) controller.abort(); // Ctrl-C while it runs
      if (polls <= 2) return at('running');
      if (polls <= 4) return at('stopping');
      return at('stopped', 'Experiment stopped by user.');
    });
    const run = await runExperiment({ clients, templateId: TEMPLATE, clock: fakeClock(), observe: observer(), signal: controller.signal });
    expect(fis.commandCalls(StopExperimentCommand).map((c) => c.args[0].input)).toEqual([{ id: EXPERIMENT }]);
    expect(run).toMatchObject({ status: 'stopped', stoppedBy: 'you', reason: 'Experiment stopped by user.' });
    expect(run.timeline).toHaveLength(5);
  });

  it('stops an experiment that runs past the time cap', async () => {
    started();
    let stopped = false;
    fis.on(StopExperimentCommand).callsFake(() => ((stopped = true), {}));
    fis.on(GetExperimentCommand).callsFake(() => (stopped ? at('stopped', 'Experiment stopped by user.') : at('running')));
    const run = await runExperiment({ clients, templateId: TEMPLATE, clock: fakeClock(), observe: observer(), maxRunMs: 60_000 });
    expect(run).toMatchObject({ status: 'stopped', stoppedBy: 'time-cap' });
    expect(run.timeline.at(-2)!.atSecond).toBe(60);
  });

  it('a sample that fails is marked, and the run goes on', async () => {
    started();
    fis.on(GetExperimentCommand).resolvesOnce(at('running')).resolves(at('completed'));
    let first = true;
    const observe = async () => {
      if (first) {
        first = false;
        throw new Error('Rate exceeded');
      }
      return { runningByAz: { 'eu-west-1a': 2 }, healthyTargets: 2 };
    };
    const run = await runExperiment({ clients, templateId: TEMPLATE, clock: fakeClock(), observe });
    expect(run.timeline.map((s) => s.missed ?? s.healthyTargets)).toEqual(['Rate exceeded', 2]);
  });

  it('FIS refusing to start is a one-line E_AWS saying nothing was changed', async () => {
    const e = new Error('The experiment template EXT6cXXJbn4ShJW9 does not exist.');
    e.name = 'ResourceNotFoundException';
    fis.on(StartExperimentCommand).rejects(e);
    await expect(runExperiment({ clients, templateId: TEMPLATE, clock: fakeClock(), observe: observer() })).rejects.toMatchObject({
      code: 'E_AWS',
      message: expect.stringMatching(/did not start .* does not exist\. — nothing was changed/),
    });
    expect(fis.commandCalls(GetExperimentCommand)).toHaveLength(0);
  });
});
