import { describe, expect, it } from 'vitest';
import { checkStack } from '../../engine/testing/offline-context';
import { webStack } from './fixtures';
import { multiAz } from './multi-az';

describe('network.multi-az', () => {
  it('Compliance 1: two AZs, two tasks', async () => {
    expect((await checkStack(multiAz, webStack())).status).toBe('pass');
  });

  it('Compliance 2: three AZs, three tasks, when the lab asks for three', async () => {
    expect((await checkStack(multiAz, webStack({ maxAzs: 3, desiredCount: 3 }), { minAzs: 3 })).status).toBe('pass');
  });

  it('Noncompliance 1: one task lives in one AZ, however many subnets the service has', async () => {
    const r = await checkStack(multiAz, webStack({ desiredCount: 1 }));
    expect(r.status).toBe('fail');
    expect(r.findings.map((f) => f.message)).toEqual(['service Service/Service runs 1 task, so it lives in at most 1 Availability Zone at a time']);
    expect(r.findings[0].constructPath).toBe('Test/Service/Service');
  });

  it('Noncompliance 2: a VPC in one AZ puts the load balancer and the service there', async () => {
    const r = await checkStack(multiAz, webStack({ maxAzs: 1 }));
    expect(r.findings.map((f) => f.message)).toEqual([
      'load balancer Alb spans 1 Availability Zone (us-east-1a); it needs 2',
      'service Service/Service spans 1 Availability Zone (us-east-1a); it needs 2',
    ]);
  });

  it('Noncompliance 3: two AZs are not three', async () => {
    const r = await checkStack(multiAz, webStack(), { minAzs: 3 });
    expect(r.findings.map((f) => f.message)).toEqual([
      'load balancer Alb spans 2 Availability Zones (us-east-1a, us-east-1b); it needs 3',
      'service Service/Service spans 2 Availability Zones (us-east-1a, us-east-1b); it needs 3',
      'service Service/Service runs 2 tasks, so it lives in at most 2 Availability Zones at a time',
    ]);
  });

  it('params: minAzs must be a whole number from 2', async () => {
    const r = await checkStack(multiAz, webStack(), { minAzs: 1 });
    expect(r.status).toBe('error');
    expect(r.findings[0].message).toMatch(/minAzs must be/);
  });
});
