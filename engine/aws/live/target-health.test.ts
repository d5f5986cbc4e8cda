import { DescribeServicesCommand, ECSClient } from '@aws-sdk/client-ecs';
import { DescribeTargetHealthCommand, ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { afterEach, describe, expect, it } from 'vitest';
import { webStack } from '../../../checks/network/fixtures';
import { mockSdk } from '../sdk-mock';
import { serviceOf } from './ecs-fixtures';
import { targetHealth } from './target-health';
import { liveContext } from './test-context';

const ecs = mockSdk(ECSClient);
const elb = mockSdk(ElasticLoadBalancingV2Client);
afterEach(() => {
  ecs.reset();
  elb.reset();
});
const ctx = liveContext(webStack(), {});
const target = (ip: string, State: string, Reason?: string, Description?: string) => ({
  Target: { Id: ip, Port: 8080, AvailabilityZone: 'eu-west-1a' },
  HealthCheckPort: '8080',
  TargetHealth: { State, ...(Reason ? { Reason, Description } : {}) },
});

describe('live: network.alb-reaches-tasks (target health)', () => {
  it('Compliance 1: both targets healthy', async () => {
    const svc = serviceOf(ctx);
    ecs.on(DescribeServicesCommand).resolves({ services: [svc] });
    elb.on(DescribeTargetHealthCommand).resolves({ TargetHealthDescriptions: [target('10.0.2.10', 'healthy'), target('10.0.3.11', 'healthy')] });
    expect(await targetHealth(ctx)).toEqual({ status: 'pass' });
    expect(elb.commandCalls(DescribeTargetHealthCommand)[0].args[0].input).toEqual({ TargetGroupArn: svc.loadBalancers![0].targetGroupArn });
  });

  it('Noncompliance 1: health checks time out (a security group drops the load balancer)', async () => {
    ecs.on(DescribeServicesCommand).resolves({ services: [serviceOf(ctx)] });
    elb.on(DescribeTargetHealthCommand).resolves({
      TargetHealthDescriptions: [target('10.0.2.10', 'unhealthy', 'Target.Timeout', 'Request timed out'), target('10.0.3.11', 'healthy')],
    });
    const r = await targetHealth(ctx);
    expect(r).toMatchObject({ status: 'fail', findings: [{ message: expect.stringMatching(/target 10\.0\.2\.10:8080 .* is unhealthy .*\(Target\.Timeout: Request timed out\)/) }] });
  });

  it('Noncompliance 2: no healthy target yet, only initial ones', async () => {
    ecs.on(DescribeServicesCommand).resolves({ services: [serviceOf(ctx)] });
    elb.on(DescribeTargetHealthCommand).resolves({ TargetHealthDescriptions: [target('10.0.2.10', 'initial', 'Elb.RegistrationInProgress')] });
    expect(await targetHealth(ctx)).toMatchObject({ status: 'fail', findings: [{ message: expect.stringMatching(/has no healthy target: its targets are initial/) }] });
  });

  it('Noncompliance 3: no registered targets at all', async () => {
    ecs.on(DescribeServicesCommand).resolves({ services: [serviceOf(ctx)] });
    elb.on(DescribeTargetHealthCommand).resolves({ TargetHealthDescriptions: [] });
    expect(await targetHealth(ctx)).toMatchObject({ status: 'fail', findings: [{ message: expect.stringMatching(/no registered targets/) }] });
  });

  it('skips without an ACTIVE service', async () => {
    ecs.on(DescribeServicesCommand).resolves({ services: [] });
    expect((await targetHealth(ctx)).status).toBe('skip');
    expect(elb.calls()).toHaveLength(0);
  });
});
