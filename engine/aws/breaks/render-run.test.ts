import { describe, expect, it } from 'vitest';
import type { FaultReplay } from '../../faults/types';
import type { ExperimentRun } from './experiment';
import { outcomeLine, predictedAt, renderRun } from './render-run';

const step = (atSecond: number, a: number, b: number, healthy: number) => ({
  atSecond,
  runningByAz: { 'az-a': a, 'az-b': b },
  starting: 0,
  healthyTargets: healthy,
  capacityRps: 100,
  demandRps: 50,
  errorRate: 0,
  desired: 2,
});

/** An offline replay of stop-tasks: the fault at 60 s, one task gone for 40 s. */
const replay: FaultReplay = {
  experiment: 'stop-tasks',
  target: 'Service',
  availability: 1,
  worstErrorRate: 0,
  recoverySeconds: 0,
  events: [],
  azs: ['az-a', 'az-b'],
  stepSeconds: 10,
  startsAtSecond: 60,
  timeline: [step(0, 1, 1, 2), step(60, 0, 1, 1), step(100, 1, 1, 2)],
};

const run = (over: Partial<ExperimentRun> = {}): ExperimentRun => ({
  experimentId: 'EXP1',
  templateId: 'EXT1',
  status: 'completed',
  timeline: [
    { atSecond: 0, state: 'running', runningByAz: { 'eu-west-1a': 1, 'eu-west-1b': 1 }, healthyTargets: 2 },
    { atSecond: 10, state: 'running', runningByAz: { 'eu-west-1a': 0, 'eu-west-1b': 1 }, healthyTargets: 0 },
    { atSecond: 20, state: 'completed', missed: 'Rate exceeded' },
  ],
  ...over,
});

describe('renderRun: predicted vs observed', () => {
  it('lines up each sample with the replay step at the same time after the fault', () => {
    expect(predictedAt(replay, 0)!.healthyTargets).toBe(1);
    expect(predictedAt(replay, 39)!.healthyTargets).toBe(1);
    expect(predictedAt(replay, 40)!.healthyTargets).toBe(2);
    const lines = renderRun(run(), replay, { color: false });
    expect(lines[0]).toMatch(/Observed in the account vs predicted offline — experiment EXP1/);
    expect(lines[2]).toMatch(/^\s+0 s\s+1\s+2 \(eu-west-1a 1, eu-west-1b 1\)\s+1 \/ 2\s+running$/);
    expect(lines[3]).toMatch(/^\s+10 s\s+1\s+1 \(eu-west-1a 0, eu-west-1b 1\)\s+1 \/ 0\s+running$/);
    expect(lines[4]).toMatch(/20 s .*not sampled .*1 \/ \?/);
    expect(lines.at(-1)).toBe('✓ experiment completed');
  });

  it('without a prediction shows dashes on the predicted side', () => {
    const lines = renderRun(run(), undefined, { color: false });
    expect(lines[0]).toMatch(/vs no prediction/);
    expect(lines[2]).toMatch(/^\s+0 s\s+—\s+2 /);
  });

  it('says how it ended: failed, stopped by a stop condition, by you, by the cap', () => {
    expect(outcomeLine(run({ status: 'failed', reason: 'Target resolution failed' }))).toBe('✗ experiment failed — Target resolution failed');
    expect(outcomeLine(run({ status: 'stopped', reason: 'Experiment stopped by stop condition.' }))).toBe('■ experiment stopped by a stop condition — Experiment stopped by stop condition.');
    expect(outcomeLine(run({ status: 'stopped', stoppedBy: 'you' }))).toBe('■ experiment stopped by you (Ctrl-C)');
    expect(outcomeLine(run({ status: 'stopped', stoppedBy: 'time-cap' }))).toMatch(/by the runner/);
  });
});
