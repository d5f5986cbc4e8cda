import { App, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { describe, expect, it } from 'vitest';
import { checkStack } from '../../engine/testing/offline-context';
import { encryptedAtRest } from './encrypted-at-rest';
import { storesStack } from './fixtures';

describe('compliance.encrypted-at-rest', () => {
  it('Compliance 1: every store on the customer managed key, the access log bucket on SSE-S3', async () => {
    expect((await checkStack(encryptedAtRest, storesStack())).status).toBe('pass');
  });

  it('Noncompliance 1: a log group without a key, naming it', async () => {
    const r = await checkStack(encryptedAtRest, storesStack({ plain: ['logs'] }));
    expect(r.status).toBe('fail');
    expect(r.findings.map((f) => f.message)).toEqual(['log group AppLogs is encrypted at rest with an AWS owned or AWS managed key, not a customer managed KMS key']);
    expect(r.findings[0].constructPath).toBe('Test/AppLogs/Resource');
  });

  it('Noncompliance 2: bucket on SSE-S3, repository and secret on AWS keys', async () => {
    const r = await checkStack(encryptedAtRest, storesStack({ plain: ['bucket', 'repository', 'secret'] }));
    expect(r.findings.map((f) => f.message)).toEqual([
      'bucket Assets is encrypted at rest with an AWS owned or AWS managed key, not a customer managed KMS key',
      'repository Repository is encrypted at rest with an AWS owned or AWS managed key, not a customer managed KMS key',
      'secret DbSecret is encrypted at rest with an AWS owned or AWS managed key, not a customer managed KMS key',
    ]);
  });

  it('Noncompliance 3: a KMS key on the access log bucket, where ELB cannot deliver', async () => {
    const r = await checkStack(encryptedAtRest, storesStack({ kmsAccessLogBucket: true }));
    expect(r.findings.map((f) => f.message)).toEqual(['bucket AccessLogs receives load balancer access logs but is encrypted with aws:kms; ELB delivers access logs only to buckets with SSE-S3']);
  });

  it('skips a stack with no stores', async () => {
    const stack = new Stack(new App(), 'Test');
    new ec2.Vpc(stack, 'Vpc', { maxAzs: 1, natGateways: 0 });
    expect((await checkStack(encryptedAtRest, stack)).status).toBe('skip');
  });
});
