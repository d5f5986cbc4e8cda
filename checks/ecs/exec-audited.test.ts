import { App, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import type { CfnService } from 'aws-cdk-lib/aws-ecs';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { describe, expect, it } from 'vitest';
import { checkStack } from '../../engine/testing/offline-context';
import { execAudited } from './exec-audited';
import { bucketLogging, defaultExecConfig, execApp } from './exec.fixture';

const check = (stack: Stack) => checkStack(execAudited, stack);
const messages = async (stack: Stack) => (await check(stack)).findings.map((f) => f.message);

describe('ecs.exec-audited', () => {
  it('Compliance 1: a KMS key, OVERRIDE to a log group encrypted with that key (CDK writes the grants and key policy)', async () => {
    expect((await check(execApp().stack)).status).toBe('pass');
  });

  it('Compliance 2: OVERRIDE to an encrypted S3 bucket', async () => {
    expect((await check(execApp({ execConfig: bucketLogging }).stack)).status).toBe('pass');
  });

  it('Compliance 3: the log group has a key of its own whose policy lets CloudWatch Logs use it', async () => {
    const { stack } = execApp({
      execConfig: (p) => {
        const logKey = new kms.Key(p.stack, 'LogKey', { enableKeyRotation: true });
        logKey.addToResourcePolicy(
          new iam.PolicyStatement({
            actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
            principals: [new iam.ServicePrincipal(`logs.${p.stack.region}.amazonaws.com`)],
            resources: ['*'],
          }),
        );
        return { ...defaultExecConfig(p), logConfiguration: { cloudWatchLogGroup: new logs.LogGroup(p.stack, 'OwnKeyLogs', { encryptionKey: logKey }), cloudWatchEncryptionEnabled: true } };
      },
    });
    expect((await check(stack)).status).toBe('pass');
  });

  it('Noncompliance 1: no exec configuration on the cluster', async () => {
    const r = await check(execApp({ execConfig: () => undefined }).stack);
    expect(r.status).toBe('fail');
    expect(r.findings.map((f) => f.message)).toEqual([expect.stringMatching(/^cluster Cluster has no ExecuteCommandConfiguration/)]);
    expect(r.findings[0].constructPath).toBe('Test/Cluster/Resource');
  });

  it('Noncompliance 2: no key, sessions not logged', async () => {
    expect(await messages(execApp({ execConfig: () => ({ logging: ecs.ExecuteCommandLogging.NONE }) }).stack)).toEqual([
      expect.stringMatching(/encrypts exec sessions with no KMS key of yours/),
      expect.stringMatching(/does not log exec sessions \(Logging: NONE\)/),
    ]);
  });

  it('Noncompliance 3: DEFAULT logging into the container’s own log group', async () => {
    expect(await messages(execApp({ execConfig: (p) => ({ kmsKey: p.key, logging: ecs.ExecuteCommandLogging.DEFAULT }) }).stack)).toEqual([
      expect.stringMatching(/logs exec sessions with DEFAULT: the transcripts go to the container’s own awslogs group/),
    ]);
  });

  it('Noncompliance 4: a log group without a KMS key, and encryption not required', async () => {
    const { stack } = execApp({
      execConfig: (p) => ({ ...defaultExecConfig(p), logConfiguration: { cloudWatchLogGroup: new logs.LogGroup(p.stack, 'PlainLogs') } }),
    });
    expect(await messages(stack)).toEqual([
      expect.stringMatching(/logs exec sessions to log group PlainLogs without CloudWatchEncryptionEnabled/),
      'log group PlainLogs holds exec session transcripts but is not encrypted with a KMS key (no KmsKeyId)',
    ]);
  });

  it('Noncompliance 5: the log group’s own key does not let CloudWatch Logs use it', async () => {
    const { stack } = execApp({
      execConfig: (p) => ({
        ...defaultExecConfig(p),
        logConfiguration: { cloudWatchLogGroup: new logs.LogGroup(p.stack, 'OwnKeyLogs', { encryptionKey: new kms.Key(p.stack, 'LogKey') }), cloudWatchEncryptionEnabled: true },
      }),
    });
    const r = await check(stack);
    expect(r.findings.map((f) => f.message)).toEqual([expect.stringMatching(/^the key policy of LogKey does not let CloudWatch Logs .* kms:Encrypt, kms:Decrypt, kms:GenerateDataKey for log group OwnKeyLogs/)]);
    expect(r.findings[0].constructPath).toBe('Test/LogKey/Resource');
  });

  it('Noncompliance 6: exec switched on by override, so CDK never granted the task role the key and the bucket', async () => {
    const r = await check(
      execApp({
        execConfig: bucketLogging,
        enableExecuteCommand: false,
        after: ({ service }) => (service.node.defaultChild as CfnService).addPropertyOverride('EnableExecuteCommand', true),
      }).stack,
    );
    expect(r.findings.map((f) => f.message)).toEqual([
      'task role TaskDef/TaskRole cannot kms:Decrypt with KMS key ExecKey, so the SSM agent cannot decrypt the exec session',
      expect.stringMatching(/^task role TaskDef\/TaskRole cannot s3:PutObject on objects of bucket /),
      expect.stringMatching(/^task role TaskDef\/TaskRole cannot s3:GetEncryptionConfiguration on bucket /),
    ]);
    expect(r.findings[0].constructPath).toBe('Test/TaskDef/TaskRole/Resource');
  });

  it('Noncompliance 7: exec switched on by override with a log group: CDK never wrote the key policy for CloudWatch Logs either', async () => {
    const r = await check(
      execApp({ enableExecuteCommand: false, after: ({ service }) => (service.node.defaultChild as CfnService).addPropertyOverride('EnableExecuteCommand', true) }).stack,
    );
    expect(r.findings.map((f) => f.message)).toEqual([expect.stringMatching(/^the key policy of ExecKey does not let CloudWatch Logs \(logs.us-east-1.amazonaws.com\) kms:Encrypt, kms:Decrypt, kms:GenerateDataKey for log group ExecLogs/)]);
  });

  it('Noncompliance 8: a key policy (written raw) that names neither the account nor the task role', async () => {
    const { stack } = execApp({
      execConfig: bucketLogging,
      after: ({ key }) =>
        (key.node.defaultChild as kms.CfnKey).addPropertyOverride('KeyPolicy.Statement', [
          { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::123456789012:role/KeyAdmin' }, Action: 'kms:*', Resource: '*' },
        ]),
    });
    expect(await messages(stack)).toEqual([expect.stringMatching(/^the key policy of KMS key ExecKey lets neither the account nor task role TaskDef\/TaskRole kms:Decrypt/)]);
  });

  it('Compliance 4: a key policy that names the task role itself needs no grant in the role', async () => {
    const { stack } = execApp({
      execConfig: bucketLogging,
      enableExecuteCommand: false,
      after: ({ stack: s, service, key, taskDefinition }) => {
        (service.node.defaultChild as CfnService).addPropertyOverride('EnableExecuteCommand', true);
        (key.node.defaultChild as kms.CfnKey).addPropertyOverride('KeyPolicy.Statement', [
          { Effect: 'Allow', Principal: { AWS: { 'Fn::GetAtt': [s.getLogicalId(taskDefinition.taskRole.node.defaultChild as iam.CfnRole), 'Arn'] } }, Action: 'kms:Decrypt', Resource: '*' },
        ]);
        taskDefinition.addToTaskRolePolicy(new iam.PolicyStatement({ actions: ['s3:PutObject', 's3:GetEncryptionConfiguration'], resources: ['*'] }));
      },
    });
    expect((await check(stack)).status).toBe('pass');
  });

  it('skips a stack without a service', async () => {
    const stack = new Stack(new App(), 'Test');
    new ec2.Vpc(stack, 'Vpc', { natGateways: 0 });
    expect((await check(stack)).status).toBe('skip');
  });
});
