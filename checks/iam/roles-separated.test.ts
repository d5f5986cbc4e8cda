import { App, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { describe, expect, it } from 'vitest';
import { checkStack } from '../../engine/testing/offline-context';
import { ecsApp, ecsTasks, sharedAdminRole } from './ecs-app.fixture';
import { rolesSeparated } from './roles-separated';

describe('iam.roles-separated', () => {
  it('Compliance 1: two roles, each trusted only by ecs-tasks.amazonaws.com', async () => {
    expect((await checkStack(rolesSeparated, ecsApp().stack)).status).toBe('pass');
  });

  it('Compliance 2: the roles CDK creates for a task definition', async () => {
    const { stack } = ecsApp({ roles: () => ({}) });
    expect((await checkStack(rolesSeparated, stack)).status).toBe('pass');
  });

  it('Compliance 3: a confused-deputy condition in the trust policy is fine', async () => {
    const { stack } = ecsApp({
      roles: (p) => ({
        taskRole: new iam.Role(p.stack, 'TaskRole', { assumedBy: ecsTasks().withConditions({ StringEquals: { 'aws:SourceAccount': p.stack.account } }) }),
        executionRole: new iam.Role(p.stack, 'ExecutionRole', { assumedBy: ecsTasks() }),
      }),
    });
    expect((await checkStack(rolesSeparated, stack)).status).toBe('pass');
  });

  it('Noncompliance 1: one role is both the task role and the execution role', async () => {
    const { stack } = ecsApp({
      roles: (p) => {
        const role = new iam.Role(p.stack, 'AppRole', { assumedBy: ecsTasks() });
        return { taskRole: role, executionRole: role };
      },
    });
    const r = await checkStack(rolesSeparated, stack);
    expect(r.status).toBe('fail');
    expect(r.findings).toHaveLength(1);
    expect(r.findings[0].message).toMatch(/uses one role, AppRole, as both its task role and its execution role/);
    expect(r.findings[0].constructPath).toBe('Test/AppRole/Resource');
  });

  it('Noncompliance 2: the shared admin role is also assumable by the whole account', async () => {
    const r = await checkStack(rolesSeparated, ecsApp({ roles: sharedAdminRole }).stack);
    expect(r.status).toBe('fail');
    const messages = r.findings.map((f) => f.message);
    expect(messages).toEqual([
      expect.stringMatching(/both its task role and its execution role/),
      'task and execution role AppRole can also be assumed by account 123456789012 (arn:aws:iam::123456789012:root): any user or role there that may call sts:AssumeRole',
    ]);
  });

  it('Noncompliance 3: a wildcard principal', async () => {
    const { stack } = ecsApp({
      roles: (p) => ({
        taskRole: new iam.Role(p.stack, 'TaskRole', { assumedBy: new iam.CompositePrincipal(ecsTasks(), new iam.AnyPrincipal()) }),
        executionRole: new iam.Role(p.stack, 'ExecutionRole', { assumedBy: ecsTasks() }),
      }),
    });
    const r = await checkStack(rolesSeparated, stack);
    expect(r.status).toBe('fail');
    expect(r.findings.map((f) => f.message)).toEqual(['task role TaskRole can be assumed by anyone (Principal "*")']);
  });

  it('Noncompliance 4: a role ECS tasks cannot assume', async () => {
    const { stack } = ecsApp({
      roles: (p) => ({
        taskRole: new iam.Role(p.stack, 'TaskRole', { assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com') }),
        executionRole: new iam.Role(p.stack, 'ExecutionRole', { assumedBy: ecsTasks() }),
      }),
    });
    const r = await checkStack(rolesSeparated, stack);
    expect(r.findings.map((f) => f.message)).toEqual([
      'task role TaskRole can also be assumed by the service ec2.amazonaws.com',
      'task role TaskRole cannot be assumed by ECS tasks: its trust policy does not name ecs-tasks.amazonaws.com',
    ]);
  });

  it('Noncompliance 5: a task definition with no execution role, and a task role from outside the stack', async () => {
    const stack = new Stack(new App(), 'Test');
    const { FargateTaskDefinition, ContainerImage } = await import('aws-cdk-lib/aws-ecs');
    const td = new FargateTaskDefinition(stack, 'TaskDef', { taskRole: iam.Role.fromRoleArn(stack, 'Shared', 'arn:aws:iam::123456789012:role/shared') });
    td.addContainer('app', { image: ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx') });
    const r = await checkStack(rolesSeparated, stack);
    expect(r.findings.map((f) => f.message)).toEqual([
      'task definition TaskDef has no execution role',
      'task definition TaskDef uses the task role arn:aws:iam::123456789012:role/shared, which is defined outside this stack, so its permissions cannot be checked',
    ]);
  });

  it('Noncompliance 6: no task definition at all', async () => {
    const stack = new Stack(new App(), 'Test');
    new iam.Role(stack, 'TaskRole', { assumedBy: ecsTasks() });
    const r = await checkStack(rolesSeparated, stack);
    expect(r.status).toBe('fail');
    expect(r.findings[0].message).toMatch(/no ECS task definition/);
  });

  it('Compliance 4: the account may only tag sessions (sts:TagSession), which opens nothing', async () => {
    const { stack } = ecsApp({
      roles: (p) => {
        const taskRole = new iam.Role(p.stack, 'TaskRole', { assumedBy: ecsTasks() });
        taskRole.assumeRolePolicy!.addStatements(new iam.PolicyStatement({ actions: ['sts:TagSession'], principals: [new iam.AccountRootPrincipal()] }));
        return { taskRole, executionRole: new iam.Role(p.stack, 'ExecutionRole', { assumedBy: ecsTasks() }) };
      },
    });
    expect((await checkStack(rolesSeparated, stack)).status).toBe('pass');
  });

  it('Compliance 5: the account is named, but an unconditional Deny takes sts:AssumeRole away from it', async () => {
    const { stack } = ecsApp({
      roles: (p) => {
        const taskRole = new iam.Role(p.stack, 'TaskRole', { assumedBy: new iam.CompositePrincipal(ecsTasks(), new iam.AccountRootPrincipal()) });
        taskRole.assumeRolePolicy!.addStatements(new iam.PolicyStatement({ effect: iam.Effect.DENY, actions: ['sts:AssumeRole'], principals: [new iam.AccountRootPrincipal()] }));
        return { taskRole, executionRole: new iam.Role(p.stack, 'ExecutionRole', { assumedBy: ecsTasks() }) };
      },
    });
    expect((await checkStack(rolesSeparated, stack)).status).toBe('pass');
  });

  it('Noncompliance 7: ecs-tasks is named only for sts:TagSession, so ECS cannot assume the role', async () => {
    const { stack } = ecsApp({
      roles: (p) => {
        const taskRole = new iam.Role(p.stack, 'TaskRole', { assumedBy: ecsTasks() });
        (taskRole.node.defaultChild as iam.CfnRole).addPropertyOverride('AssumeRolePolicyDocument.Statement.0.Action', 'sts:TagSession');
        return { taskRole, executionRole: new iam.Role(p.stack, 'ExecutionRole', { assumedBy: ecsTasks() }) };
      },
    });
    const r = await checkStack(rolesSeparated, stack);
    expect(r.findings.map((f) => f.message)).toEqual([
      'task role TaskRole cannot be assumed by ECS tasks: its trust policy names ecs-tasks.amazonaws.com but does not let it call sts:AssumeRole (or a Deny takes that away)',
    ]);
  });

  it('Noncompliance 8: a Deny on sts:AssumeRole for everyone locks ECS tasks out too', async () => {
    const { stack } = ecsApp({
      roles: (p) => {
        const taskRole = new iam.Role(p.stack, 'TaskRole', { assumedBy: ecsTasks() });
        taskRole.assumeRolePolicy!.addStatements(new iam.PolicyStatement({ effect: iam.Effect.DENY, actions: ['sts:*'], principals: [new iam.AnyPrincipal()] }));
        return { taskRole, executionRole: new iam.Role(p.stack, 'ExecutionRole', { assumedBy: ecsTasks() }) };
      },
    });
    const r = await checkStack(rolesSeparated, stack);
    expect(r.findings.map((f) => f.message)).toEqual([
      'task role TaskRole cannot be assumed by ECS tasks: its trust policy names ecs-tasks.amazonaws.com but does not let it call sts:AssumeRole (or a Deny takes that away)',
    ]);
  });

  it('Noncompliance 9: the account may assume the role through sts:Assume* (an action pattern, not the literal name)', async () => {
    const { stack } = ecsApp({
      roles: (p) => {
        const taskRole = new iam.Role(p.stack, 'TaskRole', { assumedBy: ecsTasks() });
        taskRole.assumeRolePolicy!.addStatements(new iam.PolicyStatement({ actions: ['sts:Assume*'], principals: [new iam.AccountRootPrincipal()] }));
        return { taskRole, executionRole: new iam.Role(p.stack, 'ExecutionRole', { assumedBy: ecsTasks() }) };
      },
    });
    const r = await checkStack(rolesSeparated, stack);
    expect(r.findings.map((f) => f.message)).toEqual([
      'task role TaskRole can also be assumed by account 123456789012 (arn:aws:iam::123456789012:root): any user or role there that may call sts:AssumeRole',
    ]);
  });
});
