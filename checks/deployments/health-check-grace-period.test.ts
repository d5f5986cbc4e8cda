import { App, Duration, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { describe, expect, it } from 'vitest';
import { checkStack } from '../../engine/testing/offline-context';
import { deployStack } from './fixtures';
import { healthCheckGracePeriod } from './health-check-grace-period';

const messages = (r: { findings: { message: string }[] }) => r.findings.map((f) => f.message);
const cfn = (service: ecs.FargateService) => service.node.defaultChild as ecs.CfnService;

/** The fixture with the container health check's startPeriod and the service's grace period set. */
function graceStack(graceSeconds: number | undefined, startPeriodSeconds: number, targetIntervalSeconds?: number) {
  const s = deployStack({
    startPeriod: Duration.seconds(startPeriodSeconds),
    healthCheckGracePeriod: graceSeconds === undefined ? undefined : Duration.seconds(graceSeconds),
  });
  // Behind a load balancer CDK fills in 60 s when none is given; the template may still omit it.
  if (graceSeconds === undefined) cfn(s.service).addPropertyDeletionOverride('HealthCheckGracePeriodSeconds');
  if (targetIntervalSeconds) s.targetGroup.configureHealthCheck({ path: '/health', interval: Duration.seconds(targetIntervalSeconds) });
  return s.stack;
}

describe('deployments.health-check-grace-period', () => {
  it('Compliance 1: CDK\'s 60 s behind a load balancer covers a 45 s start', async () => {
    expect((await checkStack(healthCheckGracePeriod, graceStack(60, 45), { maxSeconds: 120 })).status).toBe('pass');
  });

  it('Compliance 2: no grace period, but the target group itself takes 2 × 30 s to call a target unhealthy', async () => {
    expect((await checkStack(healthCheckGracePeriod, graceStack(undefined, 50), { maxSeconds: 120 })).status).toBe('pass');
  });

  it('Noncompliance 1: ten minutes of grace hides a release that never gets healthy', async () => {
    const r = await checkStack(healthCheckGracePeriod, graceStack(600, 30), { maxSeconds: 120 });
    expect(r.status).toBe('fail');
    expect(messages(r)).toEqual([expect.stringMatching(/^service Service\/Service has a health check grace period of 600 s/)]);
    expect(r.findings[0].constructPath).toBe('Test/Service/Service');
  });

  it('Noncompliance 2: the app needs 90 s, ECS acts on the target group\'s verdict after 20 s', async () => {
    const r = await checkStack(healthCheckGracePeriod, graceStack(0, 90, 10), { maxSeconds: 120 });
    expect(messages(r)).toEqual([
      'service Service/Service gives the app up to 90 s to start (its container health check\'s startPeriod), but ECS acts on failing target health checks after 20 s (grace period 0 s): a healthy release can be stopped while it starts',
    ]);
  });

  it('uses the default maximum of 300 s', async () => {
    expect((await checkStack(healthCheckGracePeriod, graceStack(240, 30))).status).toBe('pass');
    expect((await checkStack(healthCheckGracePeriod, graceStack(301, 30))).status).toBe('fail');
  });

  it('skips a service without any health check', async () => {
    const stack = new Stack(new App(), 'Test');
    const cluster = new ecs.Cluster(stack, 'Cluster', { vpc: new ec2.Vpc(stack, 'Vpc', { natGateways: 0 }) });
    const task = new ecs.FargateTaskDefinition(stack, 'Task');
    task.addContainer('app', { image: ecs.ContainerImage.fromRegistry('nginx') });
    new ecs.FargateService(stack, 'Worker', { cluster, taskDefinition: task, minHealthyPercent: 100 });
    expect((await checkStack(healthCheckGracePeriod, stack)).status).toBe('skip');
  });
});
