import * as ecs from 'aws-cdk-lib/aws-ecs';
import { describe, expect, it } from 'vitest';
import { checkStack } from '../../engine/testing/offline-context';
import { experimentPrerequisites } from './experiment-prerequisites';
import { faultStack } from './fixtures';

const messages = async (opts: Parameters<typeof faultStack>[0]) => {
  const r = await checkStack(experimentPrerequisites, faultStack(opts).stack);
  expect(r.status).toBe('fail');
  return r.findings.map((f) => f.message);
};

describe('faults.experiment-prerequisites', () => {
  it('Compliance 1: CPU stress on a task prepared with prepareTaskForFaults', async () => {
    expect((await checkStack(experimentPrerequisites, faultStack({ experiment: 'cpu-stress' }).stack)).status).toBe('pass');
  });

  it('Compliance 2: network latency on a task built with faultReadyTaskProps() and prepared', async () => {
    const r = await checkStack(experimentPrerequisites, faultStack({ experiment: 'network-latency', readyProps: true }).stack);
    expect(r.findings).toEqual([]);
    expect(r.status).toBe('pass');
  });

  it('skips experiments without task-level actions, and stacks without experiments', async () => {
    expect((await checkStack(experimentPrerequisites, faultStack({ experiment: 'stop-tasks' }).stack)).status).toBe('skip');
    expect((await checkStack(experimentPrerequisites, faultStack({ experiment: 'az-outage' }).stack)).status).toBe('skip');
    expect((await checkStack(experimentPrerequisites, faultStack().stack)).status).toBe('skip');
  });

  it('Noncompliance 1: a task definition never prepared lacks the sidecar, fault injection and the PID namespace', async () => {
    const m = await messages({ experiment: 'network-latency', ready: false });
    expect(m).toEqual([
      'task definition Task has no amazon-ssm-agent sidecar, which FIS runs the fault through',
      'task definition Task does not enable fault injection (EnableFaultInjection)',
      'task definition Task does not share one process namespace (PidMode: task), which aws:ecs:task-network-latency needs',
    ]);
  });

  it('Noncompliance 2: CPU stress does not need the PID namespace, only the sidecar and fault injection', async () => {
    const m = await messages({ experiment: 'cpu-stress', ready: false });
    expect(m).toEqual([
      'task definition Task has no amazon-ssm-agent sidecar, which FIS runs the fault through',
      'task definition Task does not enable fault injection (EnableFaultInjection)',
    ]);
  });

  it('Noncompliance 3: pidMode taken away again', async () => {
    const m = await messages({
      experiment: 'network-latency',
      mutate: (_e, stack) => (stack.node.findChild('Task').node.defaultChild as ecs.CfnTaskDefinition).addPropertyDeletionOverride('PidMode'),
    });
    expect(m).toEqual(['task definition Task does not share one process namespace (PidMode: task), which aws:ecs:task-network-latency needs']);
  });

  it('Noncompliance 4: ECS Exec on', async () => {
    const m = await messages({ experiment: 'cpu-stress', exec: true });
    expect(m).toEqual(['service Service/Service has ECS Exec on, and FIS task actions refuse to run while it is']);
  });

  it('Noncompliance 5: an essential sidecar without its role name', async () => {
    const m = await messages({
      experiment: 'cpu-stress',
      mutate: (_e, stack) => {
        const cfn = stack.node.findChild('Task').node.defaultChild as ecs.CfnTaskDefinition;
        cfn.addPropertyOverride('ContainerDefinitions.1.Essential', true);
        cfn.addPropertyDeletionOverride('ContainerDefinitions.1.Environment');
      },
    });
    expect(m).toEqual([
      'task definition Task has the amazon-ssm-agent sidecar as an essential container, so its exit would stop the task',
      'task definition Task has a sidecar without MANAGED_INSTANCE_ROLE_NAME, so it cannot register the task with SSM',
      expect.stringMatching(/^the task role Task\/TaskRole of task definition Task cannot iam:PassRole, so the sidecar cannot register the task with SSM$/),
    ]);
  });

  it('Noncompliance 6: network latency on Fargate without the ECS fault injection endpoints', async () => {
    const m = await messages({
      experiment: 'network-latency',
      mutate: (e) => e.template.addPropertyDeletionOverride('Actions.NetworkLatency.Parameters.useEcsFaultInjectionEndpoints'),
    });
    expect(m).toEqual(['experiment Chaos/Template: action NetworkLatency (aws:ecs:task-network-latency) hits Fargate tasks without useEcsFaultInjectionEndpoints: "true"']);
  });
});
