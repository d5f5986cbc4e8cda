import { App, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import type { CfnService } from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import { describe, expect, it } from 'vitest';
import { checkStack } from '../../engine/testing/offline-context';
import { execEnabled, SSM_MESSAGES_ACTIONS } from './exec-enabled';
import { execApp } from './exec.fixture';

const check = (stack: Stack) => checkStack(execEnabled, stack);
const channels = () => new iam.PolicyStatement({ actions: SSM_MESSAGES_ACTIONS, resources: ['*'] });

describe('ecs.exec-enabled', () => {
  it('Compliance 1: enableExecuteCommand on the service (CDK grants the task role the channels)', async () => {
    expect((await check(execApp().stack)).status).toBe('pass');
  });

  it('Compliance 2: exec switched on by a raw override, the channels granted to the task role by hand', async () => {
    const { stack } = execApp({
      enableExecuteCommand: false,
      after: ({ service, taskDefinition }) => {
        (service.node.defaultChild as CfnService).addPropertyOverride('EnableExecuteCommand', true);
        taskDefinition.addToTaskRolePolicy(channels());
      },
    });
    expect((await check(stack)).status).toBe('pass');
  });

  it('Noncompliance 1: exec off, so CDK grants nothing either', async () => {
    const r = await check(execApp({ enableExecuteCommand: false }).stack);
    expect(r.status).toBe('fail');
    expect(r.findings.map((f) => f.message)).toEqual([
      expect.stringMatching(/^service Service\/Service starts its tasks with ECS Exec off/),
      ...SSM_MESSAGES_ACTIONS.map((a) => `task role TaskDef/TaskRole cannot ${a} on the Session Manager channels: no statement in its policies allows it`),
    ]);
    expect(r.findings[0].constructPath).toBe('Test/Service/Service');
  });

  it('Noncompliance 2: exec on by override, the channels granted to the execution role instead', async () => {
    const { stack } = execApp({
      enableExecuteCommand: false,
      after: ({ service, taskDefinition }) => {
        (service.node.defaultChild as CfnService).addPropertyOverride('EnableExecuteCommand', true);
        taskDefinition.addToExecutionRolePolicy(channels());
      },
    });
    const r = await check(stack);
    expect(r.status).toBe('fail');
    const messages = r.findings.map((f) => f.message);
    expect(messages.filter((m) => m.startsWith('task role TaskDef/TaskRole cannot ssmmessages:'))).toHaveLength(4);
    expect(messages).toContainEqual(expect.stringMatching(/^execution role TaskDef\/ExecutionRole can ssmmessages:\w+.* on the Session Manager channels: allowed by statement #\d of policy TaskDef\/ExecutionRole\/DefaultPolicy$/));
  });

  it('Noncompliance 3: exec on and working, but the execution role holds the channels too', async () => {
    const r = await check(execApp({ after: ({ taskDefinition }) => taskDefinition.addToExecutionRolePolicy(channels()) }).stack);
    expect(r.findings.map((f) => f.message)).toEqual([expect.stringMatching(/^execution role TaskDef\/ExecutionRole can ssmmessages:/)]);
  });

  it('Noncompliance 4: an explicit deny on the task role wins over the grant CDK writes', async () => {
    const r = await check(
      execApp({ after: ({ taskDefinition }) => taskDefinition.addToTaskRolePolicy(new iam.PolicyStatement({ effect: iam.Effect.DENY, actions: ['ssmmessages:*'], resources: ['*'] })) }).stack,
    );
    expect(r.findings.map((f) => f.message)).toEqual(SSM_MESSAGES_ACTIONS.map((a) => expect.stringMatching(new RegExp(`^task role TaskDef/TaskRole cannot ${a} .*denies it$`))));
  });

  it('skips a stack without a service', async () => {
    const stack = new Stack(new App(), 'Test');
    new ec2.Vpc(stack, 'Vpc', { natGateways: 0 });
    expect((await check(stack)).status).toBe('skip');
  });
});
