import { DescribeServicesCommand, DescribeTasksCommand, ECSClient, ListTasksCommand } from '@aws-sdk/client-ecs';
import { afterEach, describe, expect, it } from 'vitest';
import { webStack } from '../../../checks/network/fixtures';
import { mockSdk } from '../sdk-mock';
import { serviceOf, task, taskArn } from './ecs-fixtures';
import { tasksPerAz } from './ecs-reads';
import { runningTasksPerAz } from './tasks-per-az';
import { CLUSTER, liveContext } from './test-context';

const ecs = mockSdk(ECSClient);
afterEach(() => ecs.reset());
const ctx = liveContext(webStack(), { minAzs: 2 });

describe('live: network.multi-az (running tasks per AZ)', () => {
  it('Compliance 1: tasks in two zones, across two pages of ListTasks', async () => {
    ecs.on(DescribeServicesCommand).resolves({ services: [serviceOf(ctx)] });
    ecs.on(ListTasksCommand).resolvesOnce({ taskArns: [taskArn(1)], nextToken: 'page-2' }).resolvesOnce({ taskArns: [taskArn(2)] });
    ecs.on(DescribeTasksCommand).resolves({ tasks: [task(1, 'eu-west-1a'), task(2, 'eu-west-1b')] });
    expect(await runningTasksPerAz(ctx)).toEqual({ status: 'pass' });
    const lists = ecs.commandCalls(ListTasksCommand).map((c) => c.args[0].input);
    expect(lists).toHaveLength(2);
    expect(lists[1].nextToken).toBe('page-2');
    expect(lists[0]).toMatchObject({ cluster: CLUSTER, desiredStatus: 'RUNNING' });
    // Both pages' tasks are described.
    expect(ecs.commandCalls(DescribeTasksCommand)[0].args[0].input.tasks).toEqual([taskArn(1), taskArn(2)]);
  });

  it('Noncompliance 1: after a desired-count drift to 1, one task in one zone', async () => {
    ecs.on(DescribeServicesCommand).resolves({ services: [serviceOf(ctx, { desiredCount: 1, runningCount: 1 })] });
    ecs.on(ListTasksCommand).resolves({ taskArns: [taskArn(1)] });
    ecs.on(DescribeTasksCommand).resolves({ tasks: [task(1, 'eu-west-1b')] });
    const r = await runningTasksPerAz(ctx);
    expect(r).toMatchObject({ status: 'fail', findings: [{ message: expect.stringMatching(/runs tasks in 1 Availability Zone in the account \(running: 1 in eu-west-1b\); it needs 2/) }] });
  });

  it('Noncompliance 2: two tasks, both in one zone; a STOPPING task does not count', async () => {
    ecs.on(DescribeServicesCommand).resolves({ services: [serviceOf(ctx)] });
    ecs.on(ListTasksCommand).resolves({ taskArns: [taskArn(1), taskArn(2), taskArn(3)] });
    ecs.on(DescribeTasksCommand).resolves({ tasks: [task(1, 'eu-west-1a'), task(2, 'eu-west-1a'), task(3, 'eu-west-1b', 'RUNNING', { lastStatus: 'DEPROVISIONING' })] });
    const r = await runningTasksPerAz(ctx);
    expect(r.status === 'fail' && r.findings[0].message).toMatch(/running: 2 in eu-west-1a\)/);
  });

  it('skips when no deployed service is ACTIVE (the guard check says why)', async () => {
    ecs.on(DescribeServicesCommand).resolves({ services: [serviceOf(ctx, { status: 'INACTIVE' })] });
    expect((await runningTasksPerAz(ctx)).status).toBe('skip');
  });

  it('describes tasks in calls of at most 100', async () => {
    const arns = Array.from({ length: 150 }, (_, i) => taskArn(i));
    ecs.on(DescribeServicesCommand).resolves({ services: [serviceOf(ctx)] });
    ecs.on(ListTasksCommand).resolves({ taskArns: arns });
    ecs.on(DescribeTasksCommand).callsFake((input: { tasks: string[] }) => ({ tasks: input.tasks.map((_, i) => task(i, i % 2 ? 'eu-west-1a' : 'eu-west-1c')) }));
    expect(await runningTasksPerAz(ctx)).toEqual({ status: 'pass' });
    expect(ecs.commandCalls(DescribeTasksCommand).map((c) => c.args[0].input.tasks.length)).toEqual([100, 50]);
  });

  it('tasksPerAz counts by zone', () => {
    expect(tasksPerAz([task(1, 'a'), task(2, 'b'), task(3, 'a')])).toEqual({ a: 2, b: 1 });
  });
});
