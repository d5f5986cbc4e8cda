import { App, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { describe, expect, it } from 'vitest';
import { checkStack } from '../../engine/testing/offline-context';
import { serviceBehindListener } from './service-behind-listener';

function webStack(opts: { attach?: boolean; listener?: boolean; desired?: number } = {}) {
  const stack = new Stack(new App(), 'Test');
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 0 });
  const cluster = new ecs.Cluster(stack, 'Cluster', { vpc });
  const task = new ecs.FargateTaskDefinition(stack, 'Task');
  task.addContainer('app', { image: ecs.ContainerImage.fromRegistry('nginx'), portMappings: [{ containerPort: 80 }] });
  const service = new ecs.FargateService(stack, 'Service', { cluster, taskDefinition: task, desiredCount: opts.desired ?? 1 });
  const alb = new elbv2.ApplicationLoadBalancer(stack, 'Alb', { vpc, internetFacing: true });
  if (opts.listener !== false) {
    const listener = alb.addListener('Http', { port: 80 });
    if (opts.attach !== false) listener.addTargets('App', { port: 80, targets: [service] });
    else listener.addAction('Fixed', { action: elbv2.ListenerAction.fixedResponse(200) });
  }
  return stack;
}

describe('ecs.service-behind-listener', () => {
  it('Compliance 1: a Fargate service that a listener forwards to', async () => {
    expect((await checkStack(serviceBehindListener, webStack())).status).toBe('pass');
  });
  it('Noncompliance 1: the service is gone', async () => {
    const stack = new Stack(new App(), 'Test');
    new ec2.Vpc(stack, 'Vpc');
    const r = await checkStack(serviceBehindListener, stack);
    expect(r.status).toBe('fail');
    expect(r.findings[0].message).toMatch(/no ECS service/);
  });
  it('Noncompliance 2: the listener no longer forwards to the service', async () => {
    const r = await checkStack(serviceBehindListener, webStack({ attach: false }));
    expect(r.status).toBe('fail');
    expect(r.findings[0].message).toMatch(/not registered/);
    expect(r.findings[0].constructPath).toBe('Test/Service/Service');
  });
  it('Noncompliance 3: desired count 0', async () => {
    const r = await checkStack(serviceBehindListener, webStack({ desired: 0 }));
    expect(r.status).toBe('fail');
    expect(r.findings[0].message).toMatch(/desired count is 0/);
  });
});
