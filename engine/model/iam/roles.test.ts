import { App, Stack } from 'aws-cdk-lib';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { describe, expect, it } from 'vitest';
import { offlineContext } from '../../testing/offline-context';
import { iamModelOf, simulate } from './roles';
import { taskDefinitions } from './task-definitions';

const ecsTasks = () => new iam.ServicePrincipal('ecs-tasks.amazonaws.com');

function roleOf(stack: Stack, constructId: string) {
  const { model } = offlineContext(stack);
  const iamModel = iamModelOf(model);
  const logicalId = model.findByPath(constructId, 'AWS::IAM::Role')[0]?.logicalId;
  return { model, role: iamModel.role(logicalId!)! };
}

describe('IAM model: policies that apply to a role', () => {
  it('collects grants (AWS::IAM::Policy naming the role) and simulates them', () => {
    const stack = new Stack(new App(), 'Test');
    const bucket = new s3.Bucket(stack, 'Assets');
    const role = new iam.Role(stack, 'TaskRole', { assumedBy: ecsTasks() });
    bucket.grantRead(role);
    const { role: view } = roleOf(stack, 'TaskRole');
    expect(view.policies.map((p) => [p.kind, p.name])).toEqual([['policy', 'policy TaskRole/DefaultPolicy']]);
    const object = simulate(view, { action: 's3:GetObject', resource: 'arn:aws:s3:::assets9a31d427/a.txt' });
    expect(object.allowed).toBe(true);
    expect(object.decidedBy?.policy.name).toBe('policy TaskRole/DefaultPolicy');
    expect(simulate(view, { action: 's3:PutObject', resource: 'arn:aws:s3:::assets9a31d427/a.txt' }).allowed).toBe(false);
    expect(simulate(view, { action: 's3:GetObject', resource: 'arn:aws:s3:::other/a.txt' }).allowed).toBe(false);
  });

  it('collects inline policies, in-stack managed policies attached either way, and AWS managed ones by ARN', () => {
    const stack = new Stack(new App(), 'Test');
    const viaRole = new iam.ManagedPolicy(stack, 'ViaRole', { statements: [new iam.PolicyStatement({ actions: ['sqs:SendMessage'], resources: ['*'] })] });
    const viaPolicy = new iam.ManagedPolicy(stack, 'ViaPolicy', { statements: [new iam.PolicyStatement({ actions: ['sns:Publish'], resources: ['*'] })] });
    const role = new iam.Role(stack, 'Role', {
      assumedBy: ecsTasks(),
      managedPolicies: [viaRole, iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AmazonECSTaskExecutionRolePolicy')],
      inlinePolicies: { logs: new iam.PolicyDocument({ statements: [new iam.PolicyStatement({ actions: ['logs:PutLogEvents'], resources: ['*'] })] }) },
    });
    viaPolicy.attachToRole(role);
    const { role: view } = roleOf(stack, 'Role');
    expect(view.policies.map((p) => p.name).sort()).toEqual([
      'AWS managed policy service-role/AmazonECSTaskExecutionRolePolicy',
      'inline policy logs of role Role',
      'managed policy ViaPolicy',
      'managed policy ViaRole',
    ]);
    expect(view.unknown).toEqual([]);
    for (const action of ['sqs:SendMessage', 'sns:Publish', 'logs:PutLogEvents', 'ecr:GetAuthorizationToken']) {
      expect(simulate(view, { action, resource: '*' }).allowed, action).toBe(true);
    }
    expect(simulate(view, { action: 'ecr:GetAuthorizationToken', resource: '*' }).decidedBy?.policy.kind).toBe('aws-managed');
  });

  it('AdministratorAccess is known, admin-level, and allows anything', () => {
    const stack = new Stack(new App(), 'Test');
    new iam.Role(stack, 'Admin', { assumedBy: ecsTasks(), managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('AdministratorAccess')] });
    const { role } = roleOf(stack, 'Admin');
    expect(role.policies[0]).toMatchObject({ kind: 'aws-managed', adminLevel: true, logicalId: role.logicalId });
    expect(simulate(role, { action: 'iam:CreateUser', resource: 'arn:aws:iam::123456789012:user/x' }).allowed).toBe(true);
  });

  it('reports AWS managed policies it has no copy of, and policies from outside the stack, as unknown', () => {
    const stack = new Stack(new App(), 'Test');
    new iam.Role(stack, 'Role', {
      assumedBy: ecsTasks(),
      managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('AmazonDynamoDBFullAccess'), iam.ManagedPolicy.fromManagedPolicyName(stack, 'Ext', 'team-policy')],
    });
    const { role } = roleOf(stack, 'Role');
    expect(role.policies).toEqual([]);
    expect(role.unknown.map((u) => u.arn)).toEqual(['arn:aws:iam::aws:policy/AmazonDynamoDBFullAccess', 'arn:aws:iam::123456789012:policy/team-policy']);
    expect(role.unknown[0].reason).toMatch(/no copy of/);
    expect(simulate(role, { action: 'dynamodb:Scan', resource: '*' }).unknownPolicies).toHaveLength(2);
  });

  it('a permissions boundary caps what the identity policies allow', () => {
    const stack = new Stack(new App(), 'Test');
    const boundary = new iam.ManagedPolicy(stack, 'Boundary', { statements: [new iam.PolicyStatement({ actions: ['s3:Get*'], resources: ['*'] })] });
    new iam.Role(stack, 'Role', { assumedBy: ecsTasks(), permissionsBoundary: boundary, managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('AmazonS3FullAccess')] });
    const { role } = roleOf(stack, 'Role');
    expect(role.boundary?.name).toBe('managed policy Boundary');
    expect(simulate(role, { action: 's3:GetObject', resource: 'arn:aws:s3:::b/k' }).allowed).toBe(true);
    const put = simulate(role, { action: 's3:PutObject', resource: 'arn:aws:s3:::b/k' });
    expect(put).toMatchObject({ allowed: false, deniedByBoundary: true });
  });

  it('collects AWS::IAM::RolePolicy resources, which name their role by RoleName', () => {
    const stack = new Stack(new App(), 'Test');
    const role = new iam.Role(stack, 'Role', { assumedBy: ecsTasks() });
    new iam.CfnRolePolicy(stack, 'Extra', {
      roleName: role.roleName,
      policyName: 'extra',
      policyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sqs:SendMessage', Resource: '*' }] },
    });
    const { role: view } = roleOf(stack, 'Role');
    expect(view.policies.map((p) => p.name)).toEqual(['policy Extra']);
    expect(simulate(view, { action: 'sqs:SendMessage', resource: 'arn:aws:sqs:us-east-1:123456789012:q' }).allowed).toBe(true);
  });

  it('reads the trust policy', () => {
    const stack = new Stack(new App(), 'Test');
    new iam.Role(stack, 'Role', { assumedBy: new iam.CompositePrincipal(ecsTasks(), new iam.AccountRootPrincipal()) });
    const { role } = roleOf(stack, 'Role');
    expect(role.trust.map((s) => s.principals)).toEqual([{ Service: ['ecs-tasks.amazonaws.com'] }, { AWS: ['arn:aws:iam::123456789012:root'] }]);
  });

  it('resolves roles named by a literal RoleName', () => {
    const stack = new Stack(new App(), 'Test');
    const role = new iam.Role(stack, 'Role', { assumedBy: ecsTasks(), roleName: 'app-task' });
    new iam.Policy(stack, 'Extra', { roles: [role], statements: [new iam.PolicyStatement({ actions: ['sqs:SendMessage'], resources: ['*'] })] });
    const { role: view } = roleOf(stack, 'Role');
    expect(view.arn).toBe('arn:aws:iam::123456789012:role/app-task');
    expect(view.policies.map((p) => p.name)).toEqual(['policy Extra']);
  });
});

describe('IAM model: task definition roles', () => {
  it('finds the task role and the execution role CDK creates for a task definition', () => {
    const stack = new Stack(new App(), 'Test');
    const repo = new ecr.Repository(stack, 'Repo');
    const task = new ecs.FargateTaskDefinition(stack, 'Task');
    task.addContainer('app', { image: ecs.ContainerImage.fromEcrRepository(repo) });
    const { model } = offlineContext(stack);
    const [td] = taskDefinitions(model);
    expect(model.describe(td.taskRole!.logicalId!)).toBe('Task/TaskRole');
    expect(model.describe(td.executionRole!.logicalId!)).toBe('Task/ExecutionRole');
    expect(td.containers[0].Image).toBe('123456789012.dkr.ecr.us-east-1.amazonaws.com/repo02ac86cf:latest');
    const exec = iamModelOf(model).role(td.executionRole!.logicalId!)!;
    expect(simulate(exec, { action: 'ecr:BatchGetImage', resource: 'arn:aws:ecr:us-east-1:123456789012:repository/repo02ac86cf' }).allowed).toBe(true);
  });

  it('marks a role imported from outside the stack', () => {
    const stack = new Stack(new App(), 'Test');
    const role = iam.Role.fromRoleArn(stack, 'Ext', 'arn:aws:iam::123456789012:role/shared');
    const task = new ecs.FargateTaskDefinition(stack, 'Task', { taskRole: role });
    task.addContainer('app', { image: ecs.ContainerImage.fromRegistry('nginx') });
    const [td] = taskDefinitions(offlineContext(stack).model);
    expect(td.taskRole).toEqual({ logicalId: undefined, value: 'arn:aws:iam::123456789012:role/shared' });
    expect(td.executionRole).toBeUndefined();
  });
});
