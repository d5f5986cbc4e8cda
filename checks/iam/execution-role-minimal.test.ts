import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { describe, expect, it } from 'vitest';
import { checkStack } from '../../engine/testing/offline-context';
import { ecsApp, ecsTasks, LAB_PARAMS, sharedAdminRole } from './ecs-app.fixture';
import { executionRoleMinimal } from './execution-role-minimal';

const params = LAB_PARAMS.execution;
const check = (stack: Parameters<typeof checkStack>[1]) => checkStack(executionRoleMinimal, stack, params);
const messages = async (stack: Parameters<typeof checkStack>[1]) => (await check(stack)).findings.map((f) => f.message);

describe('iam.execution-role-minimal', () => {
  it('Compliance 1: an execution role with what CDK grants for the image, the logs and the secret', async () => {
    expect((await check(ecsApp().stack)).status).toBe('pass');
  });

  it('Compliance 2: the execution role CDK creates by itself', async () => {
    expect((await check(ecsApp({ roles: () => ({}) }).stack)).status).toBe('pass');
  });

  it('Noncompliance 0: the AWS managed AmazonECSTaskExecutionRolePolicy pulls every image and writes every log group', async () => {
    const { stack } = ecsApp({
      roles: (p) => ({
        taskRole: new iam.Role(p.stack, 'TaskRole', { assumedBy: ecsTasks() }),
        executionRole: new iam.Role(p.stack, 'ExecutionRole', {
          assumedBy: ecsTasks(),
          managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AmazonECSTaskExecutionRolePolicy')],
        }),
      }),
    });
    const r = await check(stack);
    expect(r.status).toBe('fail');
    expect(r.findings.map((f) => f.message)).toEqual([
      'execution role ExecutionRole can ecr:BatchGetImage, ecr:GetDownloadUrlForLayer, ecr:BatchCheckLayerAvailability (read) on any other repository (outside this stack): allowed by statement #1 of AWS managed policy service-role/AmazonECSTaskExecutionRolePolicy',
      'execution role ExecutionRole can logs:PutLogEvents, logs:CreateLogStream (write) on any other log-stream (outside this stack): allowed by statement #1 of AWS managed policy service-role/AmazonECSTaskExecutionRolePolicy',
    ]);
    expect(r.findings[0].hint).toMatch(/instead of the AWS managed AmazonECSTaskExecutionRolePolicy/);
  });

  it('Noncompliance 1: the shared admin role', async () => {
    const r = await check(ecsApp({ roles: sharedAdminRole }).stack);
    expect(r.status).toBe('fail');
    const all = r.findings.map((f) => f.message).join('\n');
    expect(all).toMatch(/^task and execution role AppRole can secretsmanager:\w+.* on secretsmanager \(no resource\), secret DbSecret, any other Secret \(outside this stack\): allowed by statement #1 of AWS managed policy AdministratorAccess$/m);
    expect(all).toMatch(/can ecr:\w+.* on .*repository Repository/);
    expect(all).toMatch(/can s3:\w+.* on objects of bucket Assets/);
    expect(all).toMatch(/can iam:PassRole.* on role AppRole/);
    expect(all).toMatch(/can also act in \d+ other services/);
  });

  it('Noncompliance 2: GetSecretValue on every secret', async () => {
    const { stack } = ecsApp({ grantExecution: (p) => p.executionRole.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['secretsmanager:GetSecretValue'], resources: ['*'] })) });
    expect(await messages(stack)).toEqual(['execution role ExecutionRole can secretsmanager:GetSecretValue (read) on any other Secret (outside this stack): allowed by statement #5 of policy ExecutionRole/DefaultPolicy']);
  });

  it('Noncompliance 3: another secret of the stack, readable but not injected', async () => {
    const { stack } = ecsApp({ grantExecution: (p) => new secretsmanager.Secret(p.stack, 'AdminSecret').grantRead(p.executionRole) });
    expect(await messages(stack)).toEqual(['execution role ExecutionRole can secretsmanager:DescribeSecret, secretsmanager:GetSecretValue (read) on secret AdminSecret: allowed by statement #5 of policy ExecutionRole/DefaultPolicy']);
  });

  it('Noncompliance 4: the secret is no longer injected (so the role need not read it — but the app lost it)', async () => {
    expect(await messages(ecsApp({ secret: false }).stack)).toEqual([
      'task definition TaskDef no longer gets secret DbSecret injected',
      'execution role ExecutionRole cannot secretsmanager:GetSecretValue on secret DbSecret: no statement in its policies allows it',
    ]);
  });

  it('Noncompliance 5: the logs and the image from the repository are gone', async () => {
    expect(await messages(ecsApp({ logs: false, image: 'public' }).stack)).toEqual([
      'task definition TaskDef no longer pulls its image from repository Repository',
      'task definition TaskDef no longer sends its logs to log group AppLogs',
      'execution role ExecutionRole cannot ecr:GetAuthorizationToken on ECR (it takes no resource): no statement in its policies allows it',
      'execution role ExecutionRole cannot ecr:BatchCheckLayerAvailability on repository Repository: no statement in its policies allows it',
      'execution role ExecutionRole cannot ecr:GetDownloadUrlForLayer on repository Repository: no statement in its policies allows it',
      'execution role ExecutionRole cannot ecr:BatchGetImage on repository Repository: no statement in its policies allows it',
      'execution role ExecutionRole cannot logs:CreateLogStream on log streams of log group AppLogs: no statement in its policies allows it',
      'execution role ExecutionRole cannot logs:PutLogEvents on log streams of log group AppLogs: no statement in its policies allows it',
    ]);
  });

  it('Noncompliance 6: an explicit deny takes the secret away', async () => {
    const { stack } = ecsApp({
      grantExecution: (p) => p.executionRole.addToPrincipalPolicy(new iam.PolicyStatement({ effect: iam.Effect.DENY, actions: ['secretsmanager:*'], resources: ['*'] })),
    });
    expect(await messages(stack)).toEqual([
      'execution role ExecutionRole cannot secretsmanager:GetSecretValue on secret DbSecret: statement #5 of policy ExecutionRole/DefaultPolicy denies it',
    ]);
  });

  it('Noncompliance 7: SecretsManagerReadWrite can change the secret, read every other one, and reach nine more services', async () => {
    const { stack } = ecsApp({ grantExecution: (p) => p.executionRole.addManagedPolicy(iam.ManagedPolicy.fromAwsManagedPolicyName('SecretsManagerReadWrite')) });
    const all = await messages(stack);
    expect(all[0]).toMatch(/^execution role ExecutionRole can secretsmanager:CreateSecret, secretsmanager:DeleteSecret, .* \(permissions management, write, tagging, read, list\) on secretsmanager \(no resource\), secret DbSecret, any other Secret \(outside this stack\): allowed by statement #1 \(Sid BasePermissions\) of AWS managed policy SecretsManagerReadWrite$/);
    expect(all).toContain('execution role ExecutionRole can kms:ListKeys, kms:DescribeKey, kms:ListAliases (read, list) on kms (no resource), any other key (outside this stack): allowed by statement #1 (Sid BasePermissions) of AWS managed policy SecretsManagerReadWrite');
    expect(all).toHaveLength(11);
  });

  it('Noncompliance 7c: ssm:* and kms:* on "*" (no probe asked about them before)', async () => {
    const { stack } = ecsApp({ grantExecution: (p) => p.executionRole.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['ssm:*', 'kms:*'], resources: ['*'] })) });
    expect(await messages(stack)).toEqual([
      expect.stringMatching(/^execution role ExecutionRole can ssm:\w+, .* \(permissions management, write, tagging, read, list\) on ssm \(no resource\), .*: allowed by statement #5 of policy ExecutionRole\/DefaultPolicy$/),
      expect.stringMatching(/^execution role ExecutionRole can kms:\w+, .* on kms \(no resource\), any other key \(outside this stack\), any other alias \(outside this stack\): allowed by statement #5 of policy ExecutionRole\/DefaultPolicy$/),
    ]);
  });

  it('Noncompliance 7b: the secret\'s own resource policy lets the execution role overwrite it', async () => {
    const { stack } = ecsApp({
      grantExecution: (p) => p.secret.addToResourcePolicy(new iam.PolicyStatement({ principals: [p.executionRole], actions: ['secretsmanager:PutSecretValue'], resources: ['*'] })),
    });
    expect(await messages(stack)).toEqual([
      'execution role ExecutionRole can secretsmanager:PutSecretValue (write) on secret DbSecret: allowed by statement #1 of resource policy of secret DbSecret',
    ]);
  });

  describe('customer managed KMS keys (the compliance-baseline app: one key per store)', () => {
    it('Compliance 5: an encrypted secret, log group and repository — CDK lets the role decrypt the secret\'s key through Secrets Manager, and that is needed', async () => {
      expect(await messages(ecsApp({ encrypted: true }).stack)).toEqual([]);
    });

    it('Noncompliance 9: decrypt on the log group\'s key is excess — CloudWatch Logs uses the key itself, writers need nothing on it', async () => {
      const { stack } = ecsApp({ encrypted: true, grantExecution: (p) => p.keys!.logGroup.grantDecrypt(p.executionRole) });
      expect(await messages(stack)).toEqual(['execution role ExecutionRole can kms:Decrypt (write) on key LogsKey: allowed by statement #5 of policy ExecutionRole/DefaultPolicy']);
    });

    it('Noncompliance 11: the secret\'s key policy names only a key administrator, so the agent cannot decrypt the secret it injects', async () => {
      const { stack } = ecsApp({
        encrypted: true,
        grantExecution: (p) =>
          (p.keys!.secret.node.defaultChild as kms.CfnKey).addPropertyOverride('KeyPolicy.Statement', [
            { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::123456789012:role/KeyAdmin' }, Action: 'kms:*', Resource: '*' },
          ]),
      });
      const r = await check(stack);
      expect(r.findings.map((f) => [f.message, f.constructPath])).toEqual([
        ['execution role ExecutionRole cannot kms:Decrypt on key SecretsKey of secret DbSecret: no statement in its policies allows it', 'Test/ExecutionRole/Resource'],
      ]);
    });

    it('Noncompliance 10: the secret\'s key used for writes (encrypt, generate data keys) is beyond reading the secret', async () => {
      const { stack } = ecsApp({ encrypted: true, grantExecution: (p) => p.keys!.secret.grantEncrypt(p.executionRole) });
      const found = await messages(stack);
      expect(found).toHaveLength(1);
      expect(found[0]).toMatch(/^execution role ExecutionRole can kms:Encrypt, .*kms:GenerateDataKey.* on key SecretsKey: allowed by statement #5 of policy ExecutionRole\/DefaultPolicy$/);
    });
  });

  it('Noncompliance 8: the repository is gone', async () => {
    const r = await checkStack(executionRoleMinimal, ecsApp().stack, { ...params, repository: 'Images' });
    expect(r.findings.map((f) => f.message)).toEqual(['the stack has no ECR repository with the construct id "Images" any more']);
  });

  it('bad parameters are an error with a readable message', async () => {
    const r = await checkStack(executionRoleMinimal, ecsApp().stack, { repository: 'Repository', logGroup: 'AppLogs' });
    expect(r.status).toBe('error');
    expect(r.findings[0].message).toMatch(/needs the parameter "secret"/);
  });
});
