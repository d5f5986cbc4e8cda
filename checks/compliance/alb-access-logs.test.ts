import { describe, expect, it } from 'vitest';
import { checkStack } from '../../engine/testing/offline-context';
import { albAccessLogs } from './alb-access-logs';
import { storesStack } from './fixtures';

describe('compliance.alb-access-logs', () => {
  it('Compliance 1: access logs to a bucket', async () => {
    expect((await checkStack(albAccessLogs, storesStack())).status).toBe('pass');
  });

  it('Noncompliance 1: no access logs, naming the load balancer', async () => {
    const r = await checkStack(albAccessLogs, storesStack({ accessLogs: false }));
    expect(r.status).toBe('fail');
    expect(r.findings.map((f) => f.message)).toEqual(['load balancer Alb writes no access logs (access_logs.s3.enabled is not true with a bucket)']);
    expect(r.findings[0].constructPath).toBe('Test/Alb/Resource');
  });

  it('skips a stack without a load balancer', async () => {
    expect((await checkStack(albAccessLogs, storesStack({ alb: false }))).status).toBe('skip');
  });
});
