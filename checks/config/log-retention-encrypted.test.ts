import { describe, expect, it } from 'vitest';
import { configTemplate, messages, run } from './fixtures';
import { logRetentionEncrypted } from './log-retention-encrypted';

describe('config.log-retention-encrypted', () => {
  it('Compliance 1: 30 days, a key of the stack that CloudWatch Logs may use', async () => {
    expect((await run(logRetentionEncrypted, configTemplate())).status).toBe('pass');
  });

  it('Compliance 2: FireLens to CloudWatch names the same group', async () => {
    const t = configTemplate({ container: { LogConfiguration: { LogDriver: 'awsfirelens', Options: { Name: 'cloudwatch_logs', log_group_name: { Ref: 'AppLogs' } } } } });
    expect((await run(logRetentionEncrypted, t)).status).toBe('pass');
  });

  it('Noncompliance 1: no retention and no key', async () => {
    const r = await run(logRetentionEncrypted, configTemplate({ logGroup: { RetentionInDays: undefined, KmsKeyId: undefined } }));
    expect(messages(r)).toEqual(['log group AppLogs has no retention period, so it keeps every event for ever', 'log group AppLogs is not encrypted with a customer managed KMS key']);
  });

  it('Noncompliance 2: a key whose policy does not let CloudWatch Logs use it', async () => {
    const r = await run(logRetentionEncrypted, configTemplate({ keyPolicy: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::123456789012:root' }, Action: 'kms:*', Resource: '*' }] }));
    expect(messages(r)).toEqual([expect.stringMatching(/^the key policy of LogKey does not let CloudWatch Logs \(logs\.us-east-1\.amazonaws\.com\) kms:Encrypt/)]);
  });

  it('Noncompliance 3: logs to a group the stack does not define; no log configuration is a skip', async () => {
    const t = configTemplate({ container: { LogConfiguration: { LogDriver: 'awslogs', Options: { 'awslogs-group': '/ecs/web', 'awslogs-create-group': 'true' } } } });
    expect(messages(await run(logRetentionEncrypted, t))).toEqual([expect.stringMatching(/logs to \/ecs\/web, which this stack does not define/)]);
    expect((await run(logRetentionEncrypted, configTemplate({ container: { LogConfiguration: undefined } }))).status).toBe('skip');
  });
});
