import { DescribeServicesCommand, DescribeTasksCommand, ECSClient, ListTasksCommand } from '@aws-sdk/client-ecs';
import { afterEach, describe, expect, it } from 'vitest';
import { webStack } from '../../../checks/network/fixtures';
import { mockSdk } from '../sdk-mock';
import { serviceOf, task, taskArn } from './ecs-fixtures';
import { execAgentRunning } from './exec-agent';
import { liveContext } from './test-context';

const ecs = mockSdk(ECSClient);
afterEach(() => ecs.reset());
const ctx = liveContext(webStack(), {});

function tasks(...ts: ReturnType<typeof task>[]) {
  ecs.on(ListTasksCommand).resolves({ taskArns: ts.map((t) => t.taskArn!) });
  ecs.on(DescribeTasksCommand).resolves({ tasks: ts });
}

describe('live: ecs.exec-enabled (exec agent running)', () => {
  it('Compliance 1: exec on, every container\'s ExecuteCommandAgent RUNNING', async () => {
    ecs.on(DescribeServicesCommand).resolves({ services: [serviceOf(ctx)] });
    tasks(task(1, 'eu-west-1a'), task(2, 'eu-west-1b'));
    expect(await execAgentRunning(ctx)).toEqual({ status: 'pass' });
  });

  it('Noncompliance 1: the service has exec off in the account', async () => {
    ecs.on(DescribeServicesCommand).resolves({ services: [serviceOf(ctx, { enableExecuteCommand: false })] });
    const r = await execAgentRunning(ctx);
    expect(r).toMatchObject({ status: 'fail', findings: [{ message: expect.stringMatching(/ECS Exec off in the account/) }] });
    expect(ecs.commandCalls(ListTasksCommand)).toHaveLength(0);
  });

  it('Noncompliance 2: an agent STOPPED with its reason, and a task started before exec was on', async () => {
    ecs.on(DescribeServicesCommand).resolves({ services: [serviceOf(ctx)] });
    const stopped = task(1, 'eu-west-1a', 'STOPPED');
    stopped.containers![0].managedAgents![0].reason = 'Agent failed to start: no ssmmessages endpoint';
    tasks(stopped, task(2, 'eu-west-1b', null, { enableExecuteCommand: false }));
    const r = await execAgentRunning(ctx);
    expect(r.status === 'fail' && r.findings.map((f) => f.message)).toEqual([
      expect.stringMatching(new RegExp(`exec agent of container app in task ${taskArn(1).split('/').pop()} .* is STOPPED \\(Agent failed to start: no ssmmessages endpoint\\)`)),
      expect.stringMatching(/started before ECS Exec was turned on/),
    ]);
  });

  it('Noncompliance 3: the agent is missing from a container', async () => {
    ecs.on(DescribeServicesCommand).resolves({ services: [serviceOf(ctx)] });
    tasks(task(1, 'eu-west-1a', null));
    expect(await execAgentRunning(ctx)).toMatchObject({ status: 'fail', findings: [{ message: expect.stringMatching(/exec agent .* is missing/) }] });
  });

  it('fails when there is no running task to open a session into', async () => {
    ecs.on(DescribeServicesCommand).resolves({ services: [serviceOf(ctx, { runningCount: 0 })] });
    tasks();
    expect(await execAgentRunning(ctx)).toMatchObject({ status: 'fail', findings: [{ message: expect.stringMatching(/no running task/) }] });
  });
});
