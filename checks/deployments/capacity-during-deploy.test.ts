import { App, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { describe, expect, it } from 'vitest';
import { checkStack } from '../../engine/testing/offline-context';
import { capacityDuringDeploy, tasksAllowed, tasksKept } from './capacity-during-deploy';
import { deployStack } from './fixtures';

const messages = (r: { findings: { message: string }[] }) => r.findings.map((f) => f.message);

describe('deployments.capacity-during-deploy', () => {
  it('Compliance 1: 100/200 keeps both tasks serving and starts the new ones first', async () => {
    const { stack } = deployStack({ minHealthyPercent: 100, maxHealthyPercent: 200 });
    expect((await checkStack(capacityDuringDeploy, stack, { minServing: 2 })).status).toBe('pass');
  });

  it('Compliance 2: 50/100 with four tasks keeps two serving', async () => {
    const { stack } = deployStack({ desiredCount: 4, minHealthyPercent: 50, maxHealthyPercent: 100 });
    expect((await checkStack(capacityDuringDeploy, stack, { minServing: 2 })).status).toBe('pass');
  });

  it('Compliance 3: CloudFormation\'s defaults (100/200) when the template sets neither', async () => {
    const { stack, service } = deployStack();
    (service.node.defaultChild as ecs.CfnService).addPropertyDeletionOverride('DeploymentConfiguration.MinimumHealthyPercent');
    expect((await checkStack(capacityDuringDeploy, stack, { minServing: 2 })).status).toBe('pass');
  });

  it('Not applicable 1: a blue/green deployment brings the new revision up beside the old one', async () => {
    const { stack } = deployStack({ deploymentStrategy: ecs.DeploymentStrategy.BLUE_GREEN, minHealthyPercent: 50 });
    expect((await checkStack(capacityDuringDeploy, stack, { minServing: 2 })).status).toBe('skip');
  });

  it('Noncompliance 1: 0/100 stops every task first', async () => {
    const { stack } = deployStack({ minHealthyPercent: 0, maxHealthyPercent: 100 });
    const r = await checkStack(capacityDuringDeploy, stack, { minServing: 2 });
    expect(r.status).toBe('fail');
    expect(messages(r)).toEqual([
      'service Service/Service: with 2 tasks (its desired count) and minHealthyPercent 0 / maxHealthyPercent 100, a deployment keeps only 0 tasks serving; the load needs 2',
    ]);
    expect(r.findings[0].constructPath).toBe('Test/Service/Service');
  });

  it('Noncompliance 2: 50/100 with two tasks serves on one', async () => {
    const { stack } = deployStack({ minHealthyPercent: 50, maxHealthyPercent: 100 });
    const r = await checkStack(capacityDuringDeploy, stack, { minServing: 2 });
    expect(messages(r)).toEqual([expect.stringMatching(/keeps only 1 task serving; the load needs 2$/)]);
  });

  it('Noncompliance 3: 100/100 can neither start nor stop a task', async () => {
    const { stack } = deployStack({ minHealthyPercent: 100, maxHealthyPercent: 100 });
    const r = await checkStack(capacityDuringDeploy, stack, { minServing: 2 });
    expect(messages(r)).toEqual([expect.stringMatching(/may neither start an extra task \(at most 2\) nor stop an old one \(at least 2 must run\)/)]);
  });

  it('Noncompliance 4: auto scaling may scale in to one task, whatever the desired count', async () => {
    const { stack, service } = deployStack({ desiredCount: 4, minHealthyPercent: 50, maxHealthyPercent: 200 });
    service.autoScaleTaskCount({ minCapacity: 1, maxCapacity: 6 }).scaleOnCpuUtilization('Cpu', { targetUtilizationPercent: 60 });
    const r = await checkStack(capacityDuringDeploy, stack, { minServing: 2 });
    expect(messages(r)).toEqual([expect.stringMatching(/with 1 task \(its auto scaling minimum \(MinCapacity\)\) .* keeps only 1 task serving/)]);
  });

  it('Noncompliance 5: 25 % is below the floor the lab sets, even with enough tasks to carry the load', async () => {
    const { stack } = deployStack({ desiredCount: 8, minHealthyPercent: 25, maxHealthyPercent: 100 });
    const r = await checkStack(capacityDuringDeploy, stack, { minServing: 2 });
    expect(messages(r)).toEqual([expect.stringMatching(/minHealthyPercent is 25, so a deployment may stop all but 25 % of the tasks/)]);
  });

  it('Noncompliance 6: 0 % with plenty of tasks still stops them all at once', async () => {
    const { stack } = deployStack({ desiredCount: 6, minHealthyPercent: 0, maxHealthyPercent: 100 });
    const r = await checkStack(capacityDuringDeploy, stack, { minServing: 1, minHealthyPercent: 0 });
    expect(messages(r)).toEqual([expect.stringMatching(/keeps only 0 tasks serving; the load needs 1$/)]);
  });

  it('skips a stack without a service, and refuses nonsense parameters', async () => {
    const stack = new Stack(new App(), 'Test');
    new ec2.Vpc(stack, 'Vpc', { natGateways: 0 });
    expect((await checkStack(capacityDuringDeploy, stack)).status).toBe('skip');
    const r = await checkStack(capacityDuringDeploy, deployStack().stack, { minServing: 0 });
    expect(r.status).toBe('error');
    expect(r.findings[0].message).toMatch(/minServing must be/);
  });

  it('rounds the way ECS does: the minimum up, the maximum down', () => {
    expect([tasksKept(2, 50), tasksKept(2, 75), tasksKept(3, 50), tasksKept(4, 0)]).toEqual([1, 2, 2, 0]);
    expect([tasksAllowed(2, 200), tasksAllowed(1, 150), tasksAllowed(3, 150)]).toEqual([4, 1, 4]);
  });
});
