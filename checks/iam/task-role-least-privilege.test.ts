import type { CfnTaskDefinition } from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
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
    expect(r.findings[0].message).toMatch(/^task role TaskRole can s3:PutObject, s3:DeleteObject, .* and \d+ more on objects of bucket Assets: allowed by statement #1 of policy TaskRole\/DefaultPolicy$/);
    expect(r.findings[0].constructPath).toBe('Test/TaskRole/DefaultPolicy/Resource');
  });

  it('Noncompliance 2: the shared admin role can write, read everything and manage IAM', async () => {
    const r = await check(ecsApp({ roles: sharedAdminRole }).stack);
    expect(r.status).toBe('fail');
    const messages = r.findings.map((f) => f.message);
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^task and execution role AppRole can .* on bucket Assets: allowed by statement #1 of AWS managed policy AdministratorAccess$/),
        expect.stringMatching(/can .* on objects of bucket Assets: allowed by statement #1 of AWS managed policy AdministratorAccess/),
        expect.stringMatching(/can s3:GetObject on objects of bucket ecs-lab-another-bucket/),
        expect.stringMatching(/can iam:\w+, .* on IAM resources: allowed by statement #1 of AWS managed policy AdministratorAccess/),
      ]),
    );
    expect(r.findings.every((f) => f.constructPath === 'Test/AppRole/Resource')).toBe(true);
  });

  it('Noncompliance 2b: two statements allow the writes; both are named', async () => {
    const { stack } = ecsApp({
      grant: (p) => {
        p.bucket.grantReadWrite(p.taskRole);
        p.taskRole.addManagedPolicy(iam.ManagedPolicy.fromAwsManagedPolicyName('AmazonS3FullAccess'));
      },
    });
    const objectWrites = (await check(stack)).findings.filter((f) => / on objects of bucket Assets:/.test(f.message));
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
      'task role TaskRole can s3:GetObject on objects of bucket Backups: allowed by statement #1 of policy TaskRole/DefaultPolicy',
      'task role TaskRole can s3:GetObject on objects of bucket ecs-lab-another-bucket (any bucket outside this stack): allowed by statement #1 of policy TaskRole/DefaultPolicy',
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
    expect(r.findings.map((f) => f.message)).toEqual(['task role TaskRole can iam:PassRole on IAM resources: allowed by statement #2 of policy TaskRole/DefaultPolicy']);
  });

  it('Noncompliance 5: the read grant is gone', async () => {
    const r = await check(ecsApp({ grant: () => undefined }).stack);
    expect(r.findings.map((f) => f.message)).toEqual(['task role TaskRole cannot s3:GetObject on objects of bucket Assets: no statement in its policies allows it']);
    expect(r.findings[0].constructPath).toBe('Test/TaskRole/Resource');
  });

  it('Noncompliance 6: the read depends on a condition the lab cannot know, so it is not proven', async () => {
    const { stack } = ecsApp({
      grant: (p) =>
        p.taskRole.addToPrincipalPolicy(
          new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: [p.bucket.arnForObjects('*')], conditions: { StringEquals: { 'aws:SourceVpce': 'vpce-1234' } } }),
        ),
    });
    const r = await check(stack);
    expect(r.findings).toHaveLength(1);
    expect(r.findings[0].message).toMatch(/cannot s3:GetObject .* \(the lab assumed the worst .*aws:SourceVpce is not part of the simulated request\)/);
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
      'task role TaskRole can s3:PutObject on objects of bucket Assets: allowed by statement #2 of policy TaskRole/DefaultPolicy ' +
        '(the lab assumed the worst about a statement it cannot decide offline: aws:SourceVpce is not part of the simulated request)',
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
      ['task role TaskRole can s3:PutObject, s3:DeleteObject on objects of bucket Assets: allowed by statement #1 of bucket policy of Assets', 'Test/Assets/Policy/Resource'],
    ]);
  });

  it('bad parameters are an error with a readable message', async () => {
    const missing = await checkStack(taskRoleLeastPrivilege, ecsApp().stack, {});
    expect(missing.status).toBe('error');
    expect(missing.findings[0].message).toMatch(/needs the parameter "bucket"/);
    const extra = await checkStack(taskRoleLeastPrivilege, ecsApp().stack, { bucket: 'Assets', buckt: 'x' });
    expect(extra.findings[0].message).toMatch(/does not take the parameter\(s\) buckt/);
  });
});
