import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuthorizeSecurityGroupIngressCommand, EC2Client, RevokeSecurityGroupIngressCommand } from '@aws-sdk/client-ec2';
import { DescribeServicesCommand, ECSClient, UpdateServiceCommand } from '@aws-sdk/client-ecs';
import { AttachRolePolicyCommand, DetachRolePolicyCommand, IAMClient, ListAttachedRolePoliciesCommand } from '@aws-sdk/client-iam';
import { afterEach, describe, expect, it } from 'vitest';
import { webStack } from '../../../checks/network/fixtures';
import { ecsApp } from '../../../checks/iam/ecs-app.fixture';
import type { BreakDefinition } from '../../types';
import { deployedStack, idOf, liveContext } from '../live/test-context';
import { mockSdk } from '../sdk-mock';
import { applyDrift, describeChange, DRIFT_RULE_DESCRIPTION, undoDrift } from './drift';
import { driftPath, readDriftRecord } from './drift-record';

const ec2 = mockSdk(EC2Client);
const ecs = mockSdk(ECSClient);
const iam = mockSdk(IAMClient);
afterEach(() => [ec2, ecs, iam].forEach((m) => m.reset()));

const web = liveContext(webStack(), {});
const app = liveContext(ecsApp().stack, {});
const taskSg = web.resources.get(idOf(web, 'TaskSg', 'AWS::EC2::SecurityGroup'))!.physicalId;
const serviceArn = web.resources.get(idOf(web, 'Service', 'AWS::ECS::Service'))!.physicalId;
const roleName = app.resources.get(idOf(app, 'TaskRole', 'AWS::IAM::Role'))!.physicalId;
const READ_ONLY = 'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess';
const NOW = () => new Date('2026-12-02T09:00:00.000Z');

const workspace = () => mkdtempSync(join(tmpdir(), 'drift-'));
const env = (ctx: typeof web, dir: string) => ({ clients: ctx.clients, stack: deployedStack(ctx.template), template: ctx.template, workspaceDir: dir, now: NOW });

const wideOpen: BreakDefinition = {
  id: 'wide-open-live',
  kind: 'drift',
  story: 'Someone opened the task group and scaled down while debugging.',
  edits: [],
  drift: [
    { kind: 'open-ingress', securityGroup: 'TaskSg', cidr: '0.0.0.0/0', port: 8080 },
    { kind: 'desired-count', service: 'Service', count: 1 },
  ],
  breaks: ['network.task-ingress-from-alb-only', 'network.multi-az', 'app.no-drift'],
};

describe('drift breaks: apply and undo', () => {
  it('round trip: opens the group and scales down, records both with the previous count, then undoes them newest first', async () => {
    const dir = workspace();
    ec2.on(AuthorizeSecurityGroupIngressCommand).resolves({ Return: true, SecurityGroupRules: [{ SecurityGroupRuleId: 'sgr-0aaa1111bbbb2222c', GroupId: taskSg, IsEgress: false, IpProtocol: 'tcp', FromPort: 8080, ToPort: 8080, CidrIpv4: '0.0.0.0/0' }] });
    ecs.on(DescribeServicesCommand).resolves({ services: [{ serviceArn, desiredCount: 2, status: 'ACTIVE' }] });
    ecs.on(UpdateServiceCommand).resolves({ service: { serviceArn } });

    const record = await applyDrift(env(web, dir), wideOpen);
    expect(ec2.commandCalls(AuthorizeSecurityGroupIngressCommand)[0].args[0].input).toEqual({
      GroupId: taskSg,
      IpPermissions: [{ IpProtocol: 'tcp', FromPort: 8080, ToPort: 8080, IpRanges: [{ CidrIp: '0.0.0.0/0', Description: DRIFT_RULE_DESCRIPTION }] }],
    });
    expect(ecs.commandCalls(UpdateServiceCommand)[0].args[0].input).toEqual({ cluster: 'lab-cluster', service: serviceArn, desiredCount: 1 });
    expect(record.changes.map(describeChange)).toEqual([`security group TaskSg (${taskSg}): opened tcp 8080 to 0.0.0.0/0`, 'service Service: desired count 2 → 1']);
    // What is on disk is what was done, with what it replaced.
    const onDisk = JSON.parse(readFileSync(driftPath(dir), 'utf8'));
    expect(onDisk).toMatchObject({ schema: 'ecs-lab/drift@1', breakId: 'wide-open-live', stackName: 'LiveLab', account: '111122223333', region: 'eu-west-1', appliedAt: NOW().toISOString() });
    expect(onDisk.changes).toEqual([
      { kind: 'open-ingress', construct: 'TaskSg', groupId: taskSg, cidr: '0.0.0.0/0', port: 8080, ruleIds: ['sgr-0aaa1111bbbb2222c'] },
      { kind: 'desired-count', construct: 'Service', cluster: 'lab-cluster', service: serviceArn, previous: 2, count: 1 },
    ]);

    ecs.reset();
    ecs.on(UpdateServiceCommand).resolves({ service: { serviceArn } });
    ec2.on(RevokeSecurityGroupIngressCommand).resolves({ Return: true });
    const undone = await undoDrift(web.clients, dir, readDriftRecord(dir)!);
    expect(undone.map((c) => c.kind)).toEqual(['desired-count', 'open-ingress']);
    expect(ecs.commandCalls(UpdateServiceCommand)[0].args[0].input).toEqual({ cluster: 'lab-cluster', service: serviceArn, desiredCount: 2 });
    expect(ec2.commandCalls(RevokeSecurityGroupIngressCommand)[0].args[0].input).toEqual({ GroupId: taskSg, SecurityGroupRuleIds: ['sgr-0aaa1111bbbb2222c'] });
    expect(existsSync(driftPath(dir))).toBe(false);
  });

  it('detach-policy: detaches an attached policy and attaches it back on undo', async () => {
    const dir = workspace();
    iam.on(ListAttachedRolePoliciesCommand).resolves({ AttachedPolicies: [{ PolicyName: 'AmazonS3ReadOnlyAccess', PolicyArn: READ_ONLY }], IsTruncated: false });
    iam.on(DetachRolePolicyCommand).resolves({});
    iam.on(AttachRolePolicyCommand).resolves({});
    const brk: BreakDefinition = { id: 'lost-read', kind: 'drift', story: '', edits: [], drift: [{ kind: 'detach-policy', role: 'TaskRole', policyArn: READ_ONLY }], breaks: [] };
    const record = await applyDrift(env(app, dir), brk);
    expect(iam.commandCalls(DetachRolePolicyCommand)[0].args[0].input).toEqual({ RoleName: roleName, PolicyArn: READ_ONLY });
    await undoDrift(app.clients, dir, record);
    expect(iam.commandCalls(AttachRolePolicyCommand)[0].args[0].input).toEqual({ RoleName: roleName, PolicyArn: READ_ONLY });
  });

  it('changes nothing when a policy to detach is not attached', async () => {
    const dir = workspace();
    iam.on(ListAttachedRolePoliciesCommand).resolves({ AttachedPolicies: [], IsTruncated: false });
    const brk: BreakDefinition = { id: 'x', kind: 'drift', story: '', edits: [], drift: [{ kind: 'detach-policy', role: 'TaskRole', policyArn: READ_ONLY }], breaks: [] };
    await expect(applyDrift(env(app, dir), brk)).rejects.toMatchObject({ code: 'E_DRIFT', message: expect.stringMatching(/nothing to detach — nothing was changed/) });
    expect(iam.commandCalls(DetachRolePolicyCommand)).toHaveLength(0);
    expect(existsSync(driftPath(dir))).toBe(false);
  });

  it('changes nothing when a later action names a resource that is not deployed (all resolved first)', async () => {
    const dir = workspace();
    const brk: BreakDefinition = { ...wideOpen, drift: [wideOpen.drift![0], { kind: 'desired-count', service: 'NoSuchService', count: 1 }] };
    await expect(applyDrift(env(web, dir), brk)).rejects.toMatchObject({ code: 'E_NOT_DEPLOYED' });
    expect(ec2.commandCalls(AuthorizeSecurityGroupIngressCommand)).toHaveLength(0);
  });

  it('a change that fails half-way leaves the ones made recorded, so `lab reset` can undo them', async () => {
    const dir = workspace();
    ec2.on(AuthorizeSecurityGroupIngressCommand).resolves({ SecurityGroupRules: [{ SecurityGroupRuleId: 'sgr-1' }] });
    ecs.on(DescribeServicesCommand).resolves({ services: [{ serviceArn, desiredCount: 2 }] });
    const denied = new Error('User is not authorized to perform: ecs:UpdateService');
    denied.name = 'AccessDeniedException';
    ecs.on(UpdateServiceCommand).rejects(denied);
    await expect(applyDrift(env(web, dir), wideOpen)).rejects.toMatchObject({ name: 'AccessDeniedException' });
    expect(readDriftRecord(dir)!.changes.map((c) => c.kind)).toEqual(['open-ingress']);
  });

  it('refuses a second drift break while one is recorded', async () => {
    const dir = workspace();
    ec2.on(AuthorizeSecurityGroupIngressCommand).resolves({ SecurityGroupRules: [{ SecurityGroupRuleId: 'sgr-1' }] });
    ecs.on(DescribeServicesCommand).resolves({ services: [{ serviceArn, desiredCount: 2 }] });
    ecs.on(UpdateServiceCommand).resolves({});
    await applyDrift(env(web, dir), wideOpen);
    await expect(applyDrift(env(web, dir), wideOpen)).rejects.toMatchObject({ code: 'E_DRIFT', message: expect.stringMatching(/still applied .* `lab reset`/) });
    expect(ec2.commandCalls(AuthorizeSecurityGroupIngressCommand)).toHaveLength(1);
  });

  it('undo counts a rule already removed by hand as undone, and resumes after a failure', async () => {
    const dir = workspace();
    ec2.on(AuthorizeSecurityGroupIngressCommand).resolves({ SecurityGroupRules: [{ SecurityGroupRuleId: 'sgr-1' }] });
    ecs.on(DescribeServicesCommand).resolves({ services: [{ serviceArn, desiredCount: 3 }] });
    ecs.on(UpdateServiceCommand).resolves({});
    const record = await applyDrift(env(web, dir), wideOpen);
    const gone = new Error("The specified rule does not exist in this security group.");
    gone.name = 'InvalidPermission.NotFound';
    ec2.on(RevokeSecurityGroupIngressCommand).rejects(gone);
    const throttled = new Error('Rate exceeded');
    throttled.name = 'ThrottlingException';
    ecs.reset();
    ecs.on(UpdateServiceCommand).rejectsOnce(throttled).resolves({});
    await expect(undoDrift(web.clients, dir, record)).rejects.toMatchObject({ name: 'ThrottlingException' });
    expect(readDriftRecord(dir)!.changes).toHaveLength(2);
    const undone = await undoDrift(web.clients, dir, readDriftRecord(dir)!);
    expect(undone).toHaveLength(2);
    expect(ecs.commandCalls(UpdateServiceCommand).at(-1)!.args[0].input.desiredCount).toBe(3);
    expect(existsSync(driftPath(dir))).toBe(false);
  });
});

describe('drift records are the runner\'s own: sealed, and undone only on the stack', () => {
  const detach: BreakDefinition = { id: 'detach', kind: 'drift', story: 's', edits: [], drift: [{ kind: 'detach-policy', role: 'TaskRole', policyArn: READ_ONLY }], breaks: ['app.no-drift'] };

  async function recorded(): Promise<string> {
    const dir = workspace();
    iam.on(ListAttachedRolePoliciesCommand).resolves({ AttachedPolicies: [{ PolicyArn: READ_ONLY, PolicyName: 'AmazonS3ReadOnlyAccess' }] });
    iam.on(DetachRolePolicyCommand).resolves({});
    await applyDrift(env(app, dir), detach);
    return dir;
  }

  it('a record edited by hand (attach AdministratorAccess on reset) is refused and changes nothing', async () => {
    const dir = await recorded();
    expect(readDriftRecord(dir)!.changes).toHaveLength(1); // the runner's own record reads back
    const onDisk = JSON.parse(readFileSync(driftPath(dir), 'utf8'));
    onDisk.changes[0].policyArn = 'arn:aws:iam::aws:policy/AdministratorAccess';
    writeFileSync(driftPath(dir), JSON.stringify(onDisk));
    expect(() => readDriftRecord(dir)).toThrow(/not written by ecs-lab on this machine/);
    delete onDisk.seal; // an unsealed record is no better
    writeFileSync(driftPath(dir), JSON.stringify(onDisk));
    expect(() => readDriftRecord(dir)).toThrow(/seal does not match/);
  });

  it('undo refuses a change to a resource outside the stack, before any call', async () => {
    const dir = await recorded();
    const record = readDriftRecord(dir)!;
    const foreign = { ...record, changes: [{ ...record.changes[0], roleName: 'SomeoneElsesRole' }] };
    iam.reset();
    await expect(undoDrift(app.clients, dir, foreign, deployedStack(app.template))).rejects.toThrow(/SomeoneElsesRole, which is not a resource of stack/);
    expect(iam.commandCalls(AttachRolePolicyCommand)).toHaveLength(0);
    iam.on(AttachRolePolicyCommand).resolves({});
    expect(await undoDrift(app.clients, dir, record, deployedStack(app.template))).toHaveLength(1);
    expect(iam.commandCalls(AttachRolePolicyCommand)[0].args[0].input).toEqual({ RoleName: roleName, PolicyArn: READ_ONLY });
  });
});
