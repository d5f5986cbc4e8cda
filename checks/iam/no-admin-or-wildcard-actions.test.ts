import * as iam from 'aws-cdk-lib/aws-iam';
import { describe, expect, it } from 'vitest';
import { checkStack } from '../../engine/testing/offline-context';
import { ecsApp, ecsTasks, sharedAdminRole } from './ecs-app.fixture';
import { noAdminOrWildcardActions } from './no-admin-or-wildcard-actions';

const allow = (actions: string[], resources = ['*']) => new iam.PolicyStatement({ actions, resources });

describe('iam.no-admin-or-wildcard-actions', () => {
  it('Compliance 1: the grants CDK writes (s3:GetObject*, ecr pulls, logs, one secret)', async () => {
    expect((await checkStack(noAdminOrWildcardActions, ecsApp().stack)).status).toBe('pass');
  });

  it('Compliance 2: the AWS managed task execution role policy is specific, not admin-level', async () => {
    const { stack } = ecsApp({
      roles: (p) => ({
        taskRole: new iam.Role(p.stack, 'TaskRole', { assumedBy: ecsTasks() }),
        executionRole: new iam.Role(p.stack, 'ExecutionRole', {
          assumedBy: ecsTasks(),
          managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AmazonECSTaskExecutionRolePolicy')],
        }),
      }),
    });
    expect((await checkStack(noAdminOrWildcardActions, stack)).status).toBe('pass');
  });

  it('Noncompliance 1: one role with AdministratorAccess', async () => {
    const r = await checkStack(noAdminOrWildcardActions, ecsApp({ roles: sharedAdminRole }).stack);
    expect(r.status).toBe('fail');
    expect(r.findings.map((f) => f.message)).toEqual(['task and execution role AppRole has the AWS managed policy AdministratorAccess, which is admin-level']);
    expect(r.findings[0].constructPath).toBe('Test/AppRole/Resource');
  });

  it('Noncompliance 2: PowerUserAccess on the task role', async () => {
    const { stack } = ecsApp({ grant: (p) => p.taskRole.addManagedPolicy(iam.ManagedPolicy.fromAwsManagedPolicyName('PowerUserAccess')) });
    const r = await checkStack(noAdminOrWildcardActions, stack);
    expect(r.findings.map((f) => f.message)).toEqual(['task role TaskRole has the AWS managed policy PowerUserAccess, which is admin-level']);
  });

  it('Noncompliance 3: a service-wide wildcard (s3:*) in a statement the learner wrote', async () => {
    const { stack } = ecsApp({ grant: (p) => p.taskRole.addToPrincipalPolicy(allow(['s3:*'], [p.bucket.bucketArn, p.bucket.arnForObjects('*')])) });
    const r = await checkStack(noAdminOrWildcardActions, stack);
    expect(r.status).toBe('fail');
    expect(r.findings).toHaveLength(1);
    expect(r.findings[0].message).toMatch(/^task role TaskRole: statement #1 of policy TaskRole\/DefaultPolicy allows "s3:\*" \(every s3 action, \d+ of them\)$/);
    expect(r.findings[0].constructPath).toBe('Test/TaskRole/DefaultPolicy/Resource');
  });

  it('Noncompliance 4: `*` next to a specific action', async () => {
    const { stack } = ecsApp({ grant: (p) => p.taskRole.addToPrincipalPolicy(allow(['sqs:SendMessage', '*'])) });
    const r = await checkStack(noAdminOrWildcardActions, stack);
    expect(r.findings.map((f) => f.message)).toEqual(['task role TaskRole: statement #1 of policy TaskRole/DefaultPolicy allows "*" (every action of every service)']);
  });

  it('Noncompliance 4b: ReadOnlyAccess (the real document, which names its ~2,900 read actions service by service)', async () => {
    const { stack } = ecsApp({ grant: (p) => p.taskRole.addManagedPolicy(iam.ManagedPolicy.fromAwsManagedPolicyName('ReadOnlyAccess')) });
    const r = await checkStack(noAdminOrWildcardActions, stack);
    expect(r.status).toBe('fail');
    expect(r.findings.every((f) => /of AWS managed policy ReadOnlyAccess allows /.test(f.message))).toBe(true);
    // The hand-made copy's `*:Get*` is gone: the real policy has no cross-service pattern.
    expect(r.findings.map((f) => f.message).join('\n')).not.toMatch(/\*:Get\*|spans every service/);
    // Reads are never privilege escalation, even the few the catalogue rates "Permissions management".
    expect(r.findings.map((f) => f.message).join('\n')).not.toMatch(/escalat/);
  });

  it('Noncompliance 5: Allow with NotAction', async () => {
    const { stack } = ecsApp({ grant: (p) => p.taskRole.addToPrincipalPolicy(new iam.PolicyStatement({ notActions: ['iam:*'], resources: ['*'] })) });
    const r = await checkStack(noAdminOrWildcardActions, stack);
    expect(r.findings[0].message).toMatch(/allows every action except iam:\* \(NotAction\)/);
  });

  it('Noncompliance 6: a service-wide AWS managed policy (AmazonS3FullAccess) on the execution role', async () => {
    const { stack } = ecsApp({ grantExecution: (p) => p.executionRole.addManagedPolicy(iam.ManagedPolicy.fromAwsManagedPolicyName('AmazonS3FullAccess')) });
    const r = await checkStack(noAdminOrWildcardActions, stack);
    expect(r.findings.map((f) => f.message)).toEqual([
      expect.stringMatching(/^execution role ExecutionRole: statement #1 of AWS managed policy AmazonS3FullAccess allows "s3:\*" \(every s3 action, \d+ of them\), "s3-object-lambda:\*"/),
    ]);
  });

  it('Noncompliance 7: an AWS managed policy the lab cannot read', async () => {
    const { stack } = ecsApp({ grant: (p) => p.taskRole.addManagedPolicy(iam.ManagedPolicy.fromAwsManagedPolicyName('AmazonDynamoDBFullAccess')) });
    const r = await checkStack(noAdminOrWildcardActions, stack);
    expect(r.findings.map((f) => f.message)).toEqual([expect.stringMatching(/task role TaskRole has the AWS managed policy AmazonDynamoDBFullAccess, which the lab has no copy of/)]);
  });

  it('a wildcard only inside a Deny is fine', async () => {
    const { stack } = ecsApp({ grant: (p) => { p.bucket.grantRead(p.taskRole); p.taskRole.addToPrincipalPolicy(new iam.PolicyStatement({ effect: iam.Effect.DENY, actions: ['iam:*'], resources: ['*'] })); } });
    expect((await checkStack(noAdminOrWildcardActions, stack)).status).toBe('pass');
  });

  it('Compliance 3: iam:PassRole on one named role is what ECS task launchers need, not escalation', async () => {
    const { stack } = ecsApp({ grant: (p) => p.taskRole.addToPrincipalPolicy(allow(['iam:PassRole'], ['arn:aws:iam::123456789012:role/worker'])) });
    expect((await checkStack(noAdminOrWildcardActions, stack)).status).toBe('pass');
  });

  it('Noncompliance 8: privilege-escalation sets on "*" (iam:Attach*, iam:Put*, iam:PassRole), read from the catalogue', async () => {
    const { stack } = ecsApp({ grant: (p) => p.taskRole.addToPrincipalPolicy(allow(['iam:Attach*', 'iam:Put*', 'iam:PassRole', 'sqs:SendMessage'])) });
    const r = await checkStack(noAdminOrWildcardActions, stack);
    expect(r.status).toBe('fail');
    expect(r.findings.map((f) => f.message)).toEqual([
      expect.stringMatching(/^task role TaskRole: statement #1 of policy TaskRole\/DefaultPolicy allows privilege escalation on every resource: "iam:Attach\*" \(\d+ privilege-escalating actions such as iam:Attach\w+\), "iam:Put\*" \(\d+ privilege-escalating actions such as iam:Put\w+\), "iam:PassRole"; with these the role can grant itself any permission it lacks$/),
    ]);
  });

  it('Compliance 4: reads the catalogue rates "Permissions management" (billing:GetResourcePolicy, backup:List*) are not escalation on "*"', async () => {
    const { stack } = ecsApp({ grant: (p) => p.taskRole.addToPrincipalPolicy(allow(['billing:GetResourcePolicy', 'ssm-sap:GetResourcePermission', 'backup:List*'])) });
    expect((await checkStack(noAdminOrWildcardActions, stack)).findings).toEqual([]);
  });

  it('Noncompliance 9: iam:UpdateAssumeRolePolicy on every role of any account (arn:aws:iam::*:role/*)', async () => {
    const { stack } = ecsApp({ grant: (p) => p.taskRole.addToPrincipalPolicy(allow(['iam:UpdateAssumeRolePolicy', 'iam:CreatePolicyVersion'], ['arn:aws:iam::*:role/*', 'arn:aws:iam::*:policy/*'])) });
    const r = await checkStack(noAdminOrWildcardActions, stack);
    expect(r.findings.map((f) => f.message)).toEqual([
      'task role TaskRole: statement #1 of policy TaskRole/DefaultPolicy allows privilege escalation on every resource: "iam:UpdateAssumeRolePolicy", "iam:CreatePolicyVersion"; with these the role can grant itself any permission it lacks',
    ]);
  });

  it('a statement whose Effect is not "Allow" or "Deny" is an error of the check, never read as an Allow', async () => {
    const { stack } = ecsApp();
    const policy = stack.node.findChild('TaskRole').node.findChild('DefaultPolicy').node.defaultChild as iam.CfnPolicy;
    policy.addPropertyOverride('PolicyDocument.Statement.0.Effect', 'allow');
    const r = await checkStack(noAdminOrWildcardActions, stack);
    expect(r.status).toBe('error');
    expect(r.findings[0].message).toMatch(/statement #1 has Effect "allow"; IAM accepts only "Allow" or "Deny"/);
  });
});
