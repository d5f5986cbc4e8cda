import { describe, expect, it } from 'vitest';
import { faultStack } from '../../../checks/faults/fixtures';
import { LabError } from '../../errors';
import { offlineContext } from '../../testing/offline-context';
import { assertExperimentRunnable, missingPrerequisites } from './prerequisites';
import { readExperiments } from './read';

const modelOf = (opts: Parameters<typeof faultStack>[0]) => offlineContext(faultStack(opts).stack).model;

function thrown(fn: () => void): LabError {
  try {
    fn();
  } catch (e) {
    return e as LabError;
  }
  throw new Error('expected it to throw');
}

describe('assertExperimentRunnable', () => {
  it('passes a prepared task', () => {
    expect(() => assertExperimentRunnable(modelOf({ experiment: 'network-latency' }), 'Chaos')).not.toThrow();
  });

  it('passes an experiment with no task-level action', () => {
    expect(() => assertExperimentRunnable(modelOf({ experiment: 'stop-tasks', exec: true }), 'Chaos')).not.toThrow();
  });

  it('throws one line naming the first thing missing and what to do, the rest in details', () => {
    const e = thrown(() => assertExperimentRunnable(modelOf({ experiment: 'cpu-stress', ready: false }), 'Chaos'));
    expect(e).toBeInstanceOf(LabError);
    expect(e.code).toBe('E_FAULT_PREREQ');
    expect(e.exitCode).toBe(2);
    expect(e.message).not.toContain('\n');
    expect(e.message).toBe(
      'Cannot run experiment Chaos/Template: task definition Task has no amazon-ssm-agent sidecar, which FIS runs the fault through (and 1 more missing). ' +
        'Add the SSM agent sidecar: call prepareTaskForFaults(this, taskDefinition) from ./faults.',
    );
    // The message names the first; details list only the others, so nothing is said twice.
    expect(e.details).toHaveLength(1);
    expect(e.details[0]).toMatch(/^task definition Task does not enable fault injection/);
  });

  it('throws for ECS Exec left on', () => {
    const e = thrown(() => assertExperimentRunnable(modelOf({ experiment: 'cpu-stress', exec: true }), 'Chaos'));
    expect(e.message).toBe(
      'Cannot run experiment Chaos/Template: service Service/Service has ECS Exec on, and FIS task actions refuse to run while it is. Turn ECS Exec off for the experiment (enableExecuteCommand: false).',
    );
  });

  it('throws when the stack has no such experiment', () => {
    const e = thrown(() => assertExperimentRunnable(modelOf({ experiment: 'cpu-stress' }), 'Nope'));
    expect(e.code).toBe('E_FAULT_PREREQ');
    expect(e.message).toBe('Cannot run the fault: the stack has no FIS experiment "Nope" (it has Chaos/Template); put the experiment back in the stack.');
  });
});

describe('missingPrerequisites', () => {
  it('names nothing for an experiment without task-level actions', () => {
    const model = modelOf({ experiment: 'az-outage', ready: false });
    expect(readExperiments(model).flatMap((e) => missingPrerequisites(model, e))).toEqual([]);
  });

  it('names a service the target points at that the stack does not have', () => {
    const model = modelOf({ experiment: 'cpu-stress', mutate: (e) => e.template.addPropertyOverride('Targets.Tasks.Parameters.service', 'other') });
    const [e] = readExperiments(model);
    expect(missingPrerequisites(model, e).map((m) => m.what)).toEqual(['experiment Chaos/Template targets the tasks of service other, which is not a service of this stack']);
  });
});
