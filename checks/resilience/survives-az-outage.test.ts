import * as ecs from 'aws-cdk-lib/aws-ecs';
import { describe, expect, it } from 'vitest';
import { serviceTemplate } from '../../engine/faults/fixtures';
import { checkStack } from '../../engine/testing/offline-context';
import { webStack } from '../network/fixtures';
import { survivesAzOutage } from './survives-az-outage';
import { checkService, checkTemplate, steadyLoad } from './test-helpers';

// Numbers: see engine/faults/simulate.test.ts (one task serves 50 rps; a dead target leaves after 3 × 10 s;
// a replacement serves 60 + 10 s after ECS launches it, 10 s after the stop).
describe('resilience.survives-az-outage', () => {
  it('Compliance 1: 4 tasks over 2 AZs and a quick health check (5 s × 2) keep 99 %', async () => {
    // Losing either AZ: 2 of 4 targets dead for 10 s → 0.5 × 2 steps of 120 → 99.17 %.
    const r = await checkService(survivesAzOutage, { desired: 4, targetGroup: { interval: 5, unhealthy: 2 } }, { load: steadyLoad(30), minAvailability: 0.99 });
    expect(r.status).toBe('pass');
    expect(r.replay?.experiment).toBe('az-outage');
    expect(r.replay?.availability).toBeCloseTo(1 - 1 / 120, 6);
  });

  it('Noncompliance 1: one task: the zone that holds it takes the service down', async () => {
    // Losing us-east-1a: no task serves from 30 until 140 → 22 steps → 81.66 %; losing us-east-1b: nothing happens.
    const r = await checkService(survivesAzOutage, { desired: 1 }, { load: steadyLoad(30), minAvailability: 0.99 });
    expect(r.status).toBe('fail');
    expect(r.findings.map((f) => f.message)).toEqual([
      'losing us-east-1a left 0 tasks serving for 110 s: 81.66 % of requests served; the lab asks for at least 99 %',
    ]);
    expect(r.findings[0].hint).toMatch(/^The only task ran in us-east-1a: run at least one task per zone/);
    expect(r.findings[0].logicalId).toBe('Service');
    expect(r.replay?.recoverySeconds).toBe(110);
  });

  it('Noncompliance 2: a service in a single AZ fails on the replay, not a skip', async () => {
    const r = await checkService(survivesAzOutage, { desired: 2, azs: ['us-east-1a'] }, { load: steadyLoad(30), minAvailability: 0.9 });
    expect(r.status).toBe('fail');
    expect(r.findings[0].message).toMatch(/^losing us-east-1a left 0 tasks serving for/);
    expect(r.findings[0].hint).toMatch(/runs only in us-east-1a: give it subnets in at least two Availability Zones/);
  });

  it('Noncompliance 3: the survivor cannot carry 80 rps alone', async () => {
    // Either AZ: 6 steps at 0.5 + 16 steps at 0.375 → 92.5 %; the worst (first) is reported, the other named.
    // One task serves from 30 until the replacement does at 140: 110 s.
    const r = await checkService(survivesAzOutage, { desired: 2 }, { load: steadyLoad(80), minAvailability: 0.99 });
    expect(r.findings.map((f) => f.message)).toEqual([
      'losing us-east-1a left 1 task serving for 110 s: 92.5 % of requests served; the lab asks for at least 99 % (losing us-east-1b fails too)',
    ]);
    expect(r.findings[0].hint).toBe('The 1 task left could serve about 50 rps of the 80 rps demanded: run more tasks (desiredCount) or give each more CPU so the other zones can carry the load alone.');
  });

  it('Noncompliance 4: the dead window of the default health check (2 × 30 s) exceeds maxRecoverySeconds', async () => {
    const r = await checkService(survivesAzOutage, { desired: 4, targetGroup: {} }, { load: steadyLoad(30), minAvailability: 0.9, maxRecoverySeconds: 30 });
    expect(r.findings[0].message).toMatch(/errors lasted until 60 s after the fault; the lab allows 30 s/);
    expect(r.findings[0].hint).toMatch(/for 60 s \(UnhealthyThresholdCount 2 × HealthCheckIntervalSeconds 30\)/);
  });

  it('the worst zone is reported: 3 tasks put 2 in us-east-1a', async () => {
    // Losing us-east-1a (2 of 3 targets dead) hurts more than losing us-east-1b (1 of 3).
    const r = await checkService(survivesAzOutage, { desired: 3 }, { load: steadyLoad(30), minAvailability: 0.999 });
    expect(r.findings[0].message).toMatch(/^losing us-east-1a left 1 task serving/);
    expect(r.replay?.events[0].message).toMatch(/us-east-1a becomes unreachable: 2 tasks cut off/);
  });

  it('a service without a load balancer is replayed (nothing takes the dead tasks out)', async () => {
    const r = await checkService(survivesAzOutage, { desired: 2, targetGroup: false }, { load: steadyLoad(30), durationSeconds: 120, minAvailability: 0.99 });
    expect(r.status).toBe('fail');
    expect(r.findings[0].hint).toMatch(/Nothing health-checks the targets/);
  });

  it('an EC2 service is replayed with the EC2 start time', async () => {
    // EC2 start 30 s: 1 task, replacement launched at 70 → running 100 → serving 110: 16 steps of errors.
    const r = await checkService(survivesAzOutage, { desired: 1, launchType: 'EC2' }, { load: steadyLoad(30), minAvailability: 0.5 });
    expect(r.status).toBe('pass');
    expect(r.replay?.recoverySeconds).toBe(80);
  });

  it('a service scaled to zero fails without crashing', async () => {
    const r = await checkService(survivesAzOutage, { desired: 0 }, { load: steadyLoad(30) });
    expect(r.status).toBe('fail');
    expect(r.findings.map((f) => f.message)[0]).toBe('even before the fault, 100 % of requests failed at 30 rps: the running tasks serve about 0 rps');
    expect(r.findings[1].hint).toBe('Service Service runs no tasks (desiredCount 0): run at least one per zone.');
  });

  it('a target group outside the stack: no health check is assumed, and the topology says so', async () => {
    const template = serviceTemplate({ desired: 4 });
    template.Resources!.Service.Properties!.LoadBalancers[0].TargetGroupArn = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/shared/0123456789abcdef';
    const r = await checkTemplate(survivesAzOutage, template, { load: steadyLoad(30), minAvailability: 0.5 });
    expect(r.status).toBe('pass');
    expect(r.replay?.events.some((e) => /nothing takes the cut-off tasks out of rotation/.test(e.message))).toBe(true);
  });

  it('skips when the stack has no ECS service; names the missing one', async () => {
    const template = serviceTemplate();
    delete template.Resources!.Service;
    expect((await checkTemplate(survivesAzOutage, template, { load: steadyLoad(30) })).status).toBe('skip');
    const r = await checkService(survivesAzOutage, {}, { load: steadyLoad(30), service: 'Api' });
    expect(r.status).toBe('skip');
    expect(r.findings[0].message).toMatch(/no ECS service Api/);
  });

  it('two services and no name is the lab\'s error', async () => {
    const template = serviceTemplate();
    template.Resources!.Other = { ...template.Resources!.Service, Metadata: { 'aws:cdk:path': 'Test/Other/Resource' } };
    const r = await checkTemplate(survivesAzOutage, template, { load: steadyLoad(30) });
    expect(r.status).toBe('error');
    expect(r.findings[0].message).toMatch(/2 ECS services \(Service, Other\); the lab must name one/);
    expect((await checkTemplate(survivesAzOutage, template, { load: steadyLoad(30), service: 'Other', minAvailability: 0.5 })).status).toBe('pass');
  });

  it('params: load is required and validated, and unknown params are refused', async () => {
    const bad = async (params: Record<string, unknown>) => (await checkService(survivesAzOutage, {}, params)).findings[0].message;
    expect(await bad({})).toMatch(/load is required/);
    expect(await bad({ load: { ...steadyLoad(30), phases: [{ atSecond: 5, rps: 1 }] } })).toMatch(/must start at atSecond 0/);
    expect(await bad({ load: steadyLoad(30), minAvailability: 99.9 })).toMatch(/minAvailability must be a share above 0 and at most 1/);
    expect(await bad({ load: steadyLoad(30), startsAtSecond: 600 })).toMatch(/startsAtSecond must be/);
    expect(await bad({ load: steadyLoad(30), durationSeconds: 0 })).toMatch(/durationSeconds must be a number of seconds above 0/);
    expect(await bad({ load: steadyLoad(30), azs: 2 })).toMatch(/does not take the parameter\(s\) azs/);
  });

  it('a real CDK app: 2 Fargate tasks of 256 CPU units, the default target group health check', async () => {
    // 256 units at 20 ms → 12.5 rps a task. At 10 rps one task carries the load, but the dead one takes half the
    // requests for 2 × 30 = 60 s: 12 steps × 0.5 of 120 → 95 %. Marked out at 90, replacement launched at 100,
    // running at 160, serving after one 30 s check at 190: one task serves from 30 to 190 = 160 s.
    const r = await checkStack(survivesAzOutage, webStack(), { load: steadyLoad(10) });
    expect(r.status).toBe('fail');
    expect(r.findings[0].message).toBe('losing us-east-1a left 1 task serving for 160 s: 95 % of requests served; the lab asks for at least 99.9 % (losing us-east-1b fails too)');
    expect(r.findings[0].constructPath).toBe('Test/Service/Service');
    expect(r.replay?.availability).toBeCloseTo(0.95, 6);
    expect(r.replay?.target).toBe('Service/Service');
  });

  it('a real CDK app with 4 tasks and a 5 s health check passes a 99 % bar', async () => {
    const stack = webStack({ desiredCount: 4 });
    const tg = stack.node.findChild('Alb').node.findChild('Https').node.findChild('AppGroup') as unknown as { configureHealthCheck(h: object): void };
    const { Duration } = await import('aws-cdk-lib');
    tg.configureHealthCheck({ path: '/', interval: Duration.seconds(5), unhealthyThresholdCount: 2 });
    expect(stack.node.findChild('Service')).toBeInstanceOf(ecs.FargateService);
    const r = await checkStack(survivesAzOutage, stack, { load: steadyLoad(10), minAvailability: 0.99 });
    expect(r.status).toBe('pass');
  });
});
