import type { CfnTaskDefinition } from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { describe, expect, it } from 'vitest';
import { checkStack } from '../../engine/testing/offline-context';
import { ecsApp, LAB_PARAMS, sharedAdminRole } from './ecs-app.fixture';
import { taskRoleLeastPrivilege } from './task-role-least-privilege';

const params = LAB_PARAMS.task;
const check = (stack: Parameters<typeof checkStack>[1]) => checkStack(taskRoleLeastPrivilege, stack, params);

describe('iam.task-role-least-privilege', () => {
  it('Compliance 1: bucket.grantRead(taskRole)', async () => {
    expect((await check(ecsApp().stack)).status).toBe('pass');
  });

  it('Compliance 2: a hand-written s3:GetObject on the bucket’s objects, over TLS only', async () => {
    const { stack } = ecsApp({
      grant: (p) =>
        p.taskRole.addToPrincipalPolicy(
          new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: [p.bucket.arnForObjects('*')], conditions: { Bool: { 'aws:SecureTransport': 'true' } } }),
        ),
    });
    expect((await check(stack)).status).toBe('pass');
  });

  it('Compliance 3: read-write, fenced by an explicit deny of everything but reads (deny wins)', async () => {
    const { stack } = ecsApp({
      grant: (p) => {
        p.bucket.grantReadWrite(p.taskRole);
        p.taskRole.addToPrincipalPolicy(new iam.PolicyStatement({ effect: iam.Effect.DENY, notActions: ['s3:GetObject*', 's3:GetBucket*', 's3:List*'], resources: ['*'] }));
      },
    });
    expect((await check(stack)).status).toBe('pass');
  });

  it('Noncompliance 1: read-write on the bucket', async () => {
    const r = await check(ecsApp({ grant: (p) => p.bucket.grantReadWrite(p.taskRole) }).stack);
    expect(r.status).toBe('fail');
    expect(r.findings).toHaveLength(1);
    expect(r.findings[0].message).toMatch(/^task role TaskRole can s3:PutObject, s3:DeleteObject, .* and \d+ more \(write, tagging\) on objects of bucket Assets: allowed by statement #1 of policy TaskRole\/DefaultPolicy$/);
    expect(r.findings[0].constructPath).toBe('Test/TaskRole/DefaultPolicy/Resource');
  });

  it('Noncompliance 2: the shared admin role can write, read everything and manage IAM (one finding per service, the long tail folded)', async () => {
    const r = await check(ecsApp({ roles: sharedAdminRole }).stack);
    expect(r.status).toBe('fail');
    const messages = r.findings.map((f) => f.message);
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^task and execution role AppRole can s3:\w+, .* \(permissions management, write, tagging, read, list\) on objects of bucket Assets, bucket Assets, .*: allowed by statement #1 of AWS managed policy AdministratorAccess$/),
        expect.stringMatching(/can iam:PassRole, .* on role AppRole, .*: allowed by statement #1 of AWS managed policy AdministratorAccess/),
        expect.stringMatching(/can secretsmanager:\w+, .* on .*secret DbSecret, any other Secret \(outside this stack\)/),
        expect.stringMatching(/^task and execution role AppRole can also act in \d{3} other services \([a-z0-9-]+, [a-z0-9-]+, .* and \d+ more\): allowed by statement #1 of AWS managed policy AdministratorAccess$/),
      ]),
    );
    expect(r.findings.length).toBeLessThan(20);
    // The role is also the execution role: CDK's grant of the injected secret to it is beyond the app's need too.
    expect(new Set(r.findings.map((f) => f.constructPath))).toEqual(new Set(['Test/AppRole/Resource', 'Test/AppRole/DefaultPolicy/Resource']));
  });

  it('Noncompliance 2b: two statements allow the writes; both are named', async () => {
    const { stack } = ecsApp({
      grant: (p) => {
        p.bucket.grantReadWrite(p.taskRole);
        p.taskRole.addManagedPolicy(iam.ManagedPolicy.fromAwsManagedPolicyName('AmazonS3FullAccess'));
      },
    });
    const objectWrites = (await check(stack)).findings.filter((f) => / on objects of bucket Assets[,:]/.test(f.message));
    const byStatement = Object.fromEntries(objectWrites.map((f) => [f.message.replace(/^.* allowed by /, ''), f.constructPath]));
    expect(byStatement).toEqual({
      'statement #1 of policy TaskRole/DefaultPolicy': 'Test/TaskRole/DefaultPolicy/Resource',
      'statement #1 of AWS managed policy AmazonS3FullAccess': 'Test/TaskRole/Resource',
    });
  });

  it('Noncompliance 3: s3:GetObject on every bucket', async () => {
    const { stack } = ecsApp({ grant: (p) => p.taskRole.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: ['*'] })) });
    new s3.Bucket(stack, 'Backups');
    const r = await check(stack);
    expect(r.findings.map((f) => f.message)).toEqual([
      'task role TaskRole can s3:GetObject (read) on objects of bucket Backups, any other accesspointobject (outside this stack), any other object (outside this stack): allowed by statement #1 of policy TaskRole/DefaultPolicy',
    ]);
  });

  it('Noncompliance 4: iam:PassRole on one role of the stack', async () => {
    const { stack } = ecsApp({
      grant: (p) => {
        p.bucket.grantRead(p.taskRole);
        p.taskRole.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['iam:PassRole'], resources: [(p.stack.node.findChild('ExecutionRole') as iam.Role).roleArn] }));
      },
    });
    const r = await check(stack);
    expect(r.findings.map((f) => f.message)).toEqual(['task role TaskRole can iam:PassRole (write) on role ExecutionRole: allowed by statement #2 of policy TaskRole/DefaultPolicy']);
  });

  it('Noncompliance 5: the read grant is gone', async () => {
    const r = await check(ecsApp({ grant: () => undefined }).stack);
    expect(r.findings.map((f) => f.message)).toEqual(['task role TaskRole cannot s3:GetObject on objects of bucket Assets: no statement in its policies allows it']);
    expect(r.findings[0].constructPath).toBe('Test/TaskRole/Resource');
  });

  it('Compliance 6: the read is allowed under a condition the lab cannot decide (aws:SourceVpce): a correct, narrower grant passes', async () => {
    const { stack } = ecsApp({
      grant: (p) =>
        p.taskRole.addToPrincipalPolicy(
          new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: [p.bucket.arnForObjects('*')], conditions: { StringEquals: { 'aws:SourceVpce': 'vpce-1234' } } }),
        ),
    });
    expect((await check(stack)).status).toBe('pass');
  });

  it('Noncompliance 6b: a write allowed under a condition the lab cannot decide still counts, and says so', async () => {
    const { stack } = ecsApp({
      grant: (p) => {
        p.bucket.grantRead(p.taskRole);
        p.taskRole.addToPrincipalPolicy(
          new iam.PolicyStatement({ actions: ['s3:PutObject'], resources: [p.bucket.arnForObjects('*')], conditions: { StringEquals: { 'aws:SourceVpce': 'vpce-1234' } } }),
        );
      },
    });
    const r = await check(stack);
    expect(r.findings.map((f) => f.message)).toEqual([
      'task role TaskRole can s3:PutObject (write) on objects of bucket Assets: allowed by statement #2 of policy TaskRole/DefaultPolicy ' +
        '(allowed under a condition the lab cannot decide offline: aws:SourceVpce is not part of the simulated request)',
    ]);
  });

  it('Noncompliance 7: the bucket is gone', async () => {
    const r = await checkStack(taskRoleLeastPrivilege, ecsApp().stack, { bucket: 'Uploads' });
    expect(r.status).toBe('fail');
    expect(r.findings[0].message).toBe('the stack has no S3 bucket with the construct id "Uploads" any more');
  });

  it('Noncompliance 8: the task definition lost its task role', async () => {
    const { stack, taskDefinition } = ecsApp();
    (taskDefinition.node.defaultChild as CfnTaskDefinition).addPropertyDeletionOverride('TaskRoleArn');
    const r = await check(stack);
    expect(r.findings.map((f) => f.message)).toEqual(['task definition TaskDef has no task role']);
  });

  it('Compliance 4: the read is granted only by the bucket policy (same account: resource policy OR identity policy)', async () => {
    const { stack } = ecsApp({
      grant: (p) => p.bucket.addToResourcePolicy(new iam.PolicyStatement({ principals: [p.taskRole], actions: ['s3:GetObject'], resources: [p.bucket.arnForObjects('*')] })),
    });
    expect((await check(stack)).status).toBe('pass');
  });

  it('Compliance 5: read-write granted, but the bucket policy denies the task role every write (a Deny in either wins)', async () => {
    const { stack } = ecsApp({
      grant: (p) => {
        p.bucket.grantReadWrite(p.taskRole);
        p.bucket.addToResourcePolicy(
          new iam.PolicyStatement({ effect: iam.Effect.DENY, principals: [p.taskRole], notActions: ['s3:GetObject*', 's3:GetBucket*', 's3:List*'], resources: [p.bucket.bucketArn, p.bucket.arnForObjects('*')] }),
        );
      },
    });
    expect((await check(stack)).status).toBe('pass');
  });

  it('Noncompliance 9: a bucket policy hands the task role writes its identity policy does not have', async () => {
    const { stack } = ecsApp({
      grant: (p) => {
        p.bucket.grantRead(p.taskRole);
        p.bucket.addToResourcePolicy(new iam.PolicyStatement({ principals: [p.taskRole], actions: ['s3:PutObject', 's3:DeleteObject'], resources: [p.bucket.arnForObjects('*')] }));
      },
    });
    const r = await check(stack);
    expect(r.findings.map((f) => [f.message, f.constructPath])).toEqual([
      ['task role TaskRole can s3:PutObject, s3:DeleteObject (write) on objects of bucket Assets: allowed by statement #1 of bucket policy of Assets', 'Test/Assets/Policy/Resource'],
    ]);
  });

  it('Noncompliance 10: reads of the injected secret and of every secret, sts:AssumeRole and EC2 — none of them probed before — each a finding by service', async () => {
    const { stack } = ecsApp({
      grant: (p) => {
        p.bucket.grantRead(p.taskRole);
        p.secret.grantRead(p.taskRole);
        p.taskRole.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['secretsmanager:GetSecretValue', 'sts:AssumeRole', 'ec2:DescribeInstances'], resources: ['*'] }));
      },
    });
    expect((await check(stack)).findings.map((f) => f.message)).toEqual([
      'task role TaskRole can secretsmanager:DescribeSecret, secretsmanager:GetSecretValue (read) on secret DbSecret: allowed by statement #2 of policy TaskRole/DefaultPolicy',
      'task role TaskRole can secretsmanager:GetSecretValue (read) on secret DbSecret, any other Secret (outside this stack): allowed by statement #3 of policy TaskRole/DefaultPolicy',
      'task role TaskRole can sts:AssumeRole (write) on any other role (outside this stack): allowed by statement #3 of policy TaskRole/DefaultPolicy',
      'task role TaskRole can ec2:DescribeInstances (list) on ec2 (no resource): allowed by statement #3 of policy TaskRole/DefaultPolicy',
    ]);
  });

  it('Noncompliance 11: s3:PutObject on every resource except the app\'s objects (NotResource) writes every other bucket', async () => {
    const { stack } = ecsApp({
      grant: (p) => {
        p.bucket.grantRead(p.taskRole);
        p.taskRole.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['s3:PutObject'], notResources: [p.bucket.arnForObjects('*')] }));
      },
    });
    expect((await check(stack)).findings.map((f) => f.message)).toEqual([
      'task role TaskRole can s3:PutObject (write) on any other accesspointobject (outside this stack), any other object (outside this stack): allowed by statement #2 of policy TaskRole/DefaultPolicy',
    ]);
  });

  it('Noncompliance 16: a queue policy and a Lambda permission hand the task role sends and invokes its identity policy does not have', async () => {
    const { stack } = ecsApp({
      grant: (p) => {
        p.bucket.grantRead(p.taskRole);
        const queue = new sqs.Queue(p.stack, 'Jobs');
        queue.addToResourcePolicy(new iam.PolicyStatement({ principals: [p.taskRole], actions: ['sqs:SendMessage'], resources: [queue.queueArn] }));
        const fn = new lambda.Function(p.stack, 'Resize', { runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler', code: lambda.Code.fromInline('exports.handler = async () => {}') });
        fn.addPermission('App', { principal: p.taskRole.grantPrincipal, action: 'lambda:InvokeFunction' });
      },
    });
    expect((await check(stack)).findings.map((f) => [f.message, f.constructPath])).toEqual([
      ['task role TaskRole can sqs:SendMessage (write) on queue Jobs: allowed by statement #1 of queue policy of Jobs', 'Test/Jobs/Policy/Resource'],
      ['task role TaskRole can lambda:InvokeFunction (write) on function Resize: allowed by statement #1 of resource policy of function Resize', 'Test/Resize/App'],
    ]);
  });

  describe('customer managed KMS keys (the compliance-baseline app: one key per store)', () => {
    it('Compliance 7: bucket.grantRead on an SSE-KMS bucket — kms:Decrypt (and DescribeKey) on the bucket\'s own key is part of reading it', async () => {
      expect((await check(ecsApp({ encrypted: true }).stack)).status).toBe('pass');
    });

    it('Noncompliance 12: decrypt on a key that encrypts a store the app does not read (the secret\'s key) stays excess', async () => {
      const { stack } = ecsApp({
        encrypted: true,
        grant: (p) => {
          p.bucket.grantRead(p.taskRole);
          p.keys!.secret.grantDecrypt(p.taskRole);
        },
      });
      expect((await check(stack)).findings.map((f) => f.message)).toEqual([
        'task role TaskRole can kms:Decrypt (write) on key SecretsKey: allowed by statement #3 of policy TaskRole/DefaultPolicy',
      ]);
    });

    it('Noncompliance 13: a read-only app that may also generate data keys and encrypt under the bucket\'s key has write use it does not need', async () => {
      const { stack } = ecsApp({
        encrypted: true,
        grant: (p) => {
          p.bucket.grantRead(p.taskRole);
          p.keys!.bucket.grantEncrypt(p.taskRole);
        },
      });
      const messages = (await check(stack)).findings.map((f) => f.message);
      expect(messages).toHaveLength(1);
      expect(messages[0]).toMatch(/^task role TaskRole can kms:Encrypt, .*kms:GenerateDataKey.* on key AssetsKey: allowed by statement #3 of policy TaskRole\/DefaultPolicy$/);
      expect(messages[0]).not.toMatch(/kms:Decrypt/);
    });

    it('Noncompliance 15: the bucket\'s key policy neither names the task role nor delegates to IAM, so the identity grant cannot decrypt the files', async () => {
      const { stack } = ecsApp({
        encrypted: true,
        grant: (p) => {
          p.bucket.grantRead(p.taskRole);
          (p.keys!.bucket.node.defaultChild as kms.CfnKey).addPropertyOverride('KeyPolicy.Statement', [
            { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::123456789012:role/KeyAdmin' }, Action: 'kms:*', Resource: '*' },
          ]);
        },
      });
      const r = await check(stack);
      expect(r.findings.map((f) => [f.message, f.constructPath])).toEqual([
        [
          'task role TaskRole cannot kms:Decrypt on key AssetsKey of bucket Assets: its policies allow it, but the key policy of AssetsKey neither names the role nor lets the account\'s IAM policies grant it (no Allow to the account root)',
          'Test/AssetsKey/Resource',
        ],
      ]);
    });

    it('Compliance 8: decrypt on an unrelated key whose key policy does not delegate to IAM is no grant at all (the key policy is required)', async () => {
      const { stack } = ecsApp({
        encrypted: true,
        grant: (p) => {
          p.bucket.grantRead(p.taskRole);
          p.keys!.logGroup.grantDecrypt(p.taskRole);
          (p.keys!.logGroup.node.defaultChild as kms.CfnKey).addPropertyOverride('KeyPolicy.Statement', [
            { Effect: 'Allow', Principal: { Service: 'logs.amazonaws.com' }, Action: ['kms:Decrypt', 'kms:GenerateDataKey*'], Resource: '*' },
          ]);
        },
      });
      expect((await check(stack)).findings).toEqual([]);
    });

    it('Noncompliance 14: kms:Decrypt on every key (`*`) reaches keys outside the stack', async () => {
      const { stack } = ecsApp({
        encrypted: true,
        grant: (p) => {
          p.bucket.grantRead(p.taskRole);
          p.taskRole.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['kms:Decrypt'], resources: ['*'] }));
        },
      });
      const messages = (await check(stack)).findings.map((f) => f.message);
      expect(messages).toEqual([
        'task role TaskRole can kms:Decrypt (write) on key ImagesKey, key LogsKey, key SecretsKey and 1 more: allowed by statement #3 of policy TaskRole/DefaultPolicy',
      ]);
    });
  });

  it('bad parameters are an error with a readable message', async () => {
    const missing = await checkStack(taskRoleLeastPrivilege, ecsApp().stack, {});
    expect(missing.status).toBe('error');
    expect(missing.findings[0].message).toMatch(/needs the parameter "bucket"/);
    const extra = await checkStack(taskRoleLeastPrivilege, ecsApp().stack, { bucket: 'Assets', buckt: 'x' });
    expect(extra.findings[0].message).toMatch(/does not take the parameter\(s\) buckt/);
  });
});
