// Issue 7 item 8, containers: health checks that can never fail in any spelling, and an app
// container marked non-essential (its failure and its health check then count for nothing).
import { App, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { describe, expect, it } from 'vitest';
import { checkStack } from '../../engine/testing/offline-context';
import { alwaysSucceeds, containerHealthCheck, healthCheckProblem } from './container-health-check';

const image = ecs.ContainerImage.fromRegistry('public.ecr.aws/docker/library/node:24-slim');
const probe: ecs.HealthCheck = { command: ['CMD-SHELL', 'curl -f http://localhost:8080/health || exit 1'] };

function taskStack(command: string[]) {
  const stack = new Stack(new App(), 'Test');
  new ecs.FargateTaskDefinition(stack, 'Task').addContainer('app', { image, healthCheck: { command } });
  return stack;
}

/** An ALB service whose target container is `app`; `appEssential` and a sidecar as given. */
function albService(appEssential: boolean) {
  const stack = new Stack(new App(), 'Test');
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 0, subnetConfiguration: [{ name: 'pub', subnetType: ec2.SubnetType.PUBLIC }] });
  const cluster = new ecs.Cluster(stack, 'Cluster', { vpc });
  const task = new ecs.FargateTaskDefinition(stack, 'Task');
  task.addContainer('proxy', { image, essential: true, healthCheck: probe, portMappings: [{ containerPort: 9000 }] });
  task.addContainer('app', { image, essential: appEssential, healthCheck: probe, portMappings: [{ containerPort: 8080 }] });
  const service = new ecs.FargateService(stack, 'Service', { cluster, taskDefinition: task, assignPublicIp: true });
  const alb = new elbv2.ApplicationLoadBalancer(stack, 'Alb', { vpc, internetFacing: true });
  alb.addListener('Http', { port: 80 }).addTargets('App', { port: 8080, targets: [service.loadBalancerTarget({ containerName: 'app', containerPort: 8080 })] });
  return stack;
}

describe('ecs.container-health-check: a health check that can never fail', () => {
  const never = [
    ['CMD-SHELL', 'curl -f http://localhost:8080/health; exit 0'],
    ['CMD-SHELL', 'curl -f http://localhost:8080/health ; exit 0 ;'],
    ['CMD-SHELL', 'curl -f http://localhost:8080/health\nexit 0'],
    ['CMD-SHELL', 'curl -f http://localhost:8080/health ||true'],
    ['CMD-SHELL', 'curl -f http://localhost:8080/health || exit 0;'],
    ['CMD-SHELL', 'curl -f http://localhost:8080/health || echo "unhealthy"'],
    ['CMD-SHELL', 'curl -f http://localhost:8080/health && echo ok || :'],
    ['CMD-SHELL', 'true'],
    ['CMD', 'true'],
    ['CMD', '/bin/sh', '-c', 'curl -f http://localhost:8080/health; exit 0'],
    ['CMD', 'sh', '-c', 'exit 0'],
  ];
  for (const command of never) {
    it(`Noncompliance: ${JSON.stringify(command)}`, async () => {
      const r = await checkStack(containerHealthCheck, taskStack(command));
      expect(r.status).toBe('fail');
      expect(r.findings.map((f) => f.message)).toEqual([expect.stringMatching(/health check that can never fail/)]);
    });
  }

  const real = [
    ['CMD-SHELL', 'curl -f http://localhost:8080/health || exit 1'],
    ['CMD-SHELL', 'curl -f http://localhost:8080/health || exit 1; exit 0'],
    ['CMD-SHELL', 'set -e; curl -f http://localhost:8080/health; echo ok'],
    ['CMD-SHELL', 'echo "probing" && curl -f http://localhost:8080/health'],
    ['CMD-SHELL', 'wget -qO- "http://localhost:8080/health?x=1;exit 0"'],
    ['CMD', 'curl', '-f', 'http://localhost:8080/health'],
    ['CMD', '/bin/sh', '-c', 'curl -f http://localhost:8080/health'],
  ];
  for (const command of real) {
    it(`Compliance: ${JSON.stringify(command)}`, () => {
      expect(healthCheckProblem({ Command: command })).toBeUndefined();
    });
  }

  it('alwaysSucceeds reads shell lists, and-or chains and exits', () => {
    expect(['curl x; exit 0', 'curl x || true', 'a && b || :', 'exit 0'].every(alwaysSucceeds)).toBe(true);
    expect(['curl x || exit 1; exit 0', 'curl x', 'true && curl x', 'exit 0 && false', 'echo "a;exit 0" && curl x'].some(alwaysSucceeds)).toBe(false);
  });
});

describe('ecs.container-health-check: the app container marked non-essential', () => {
  it('Noncompliance: the container the load balancer sends traffic to is non-essential', async () => {
    const r = await checkStack(containerHealthCheck, albService(false));
    expect(r.status).toBe('fail');
    expect(r.findings.map((f) => f.message)).toEqual([expect.stringMatching(/^container app of Task: is marked non-essential although the service's load balancer sends it traffic/)]);
  });

  it('Compliance: the same service with the app container essential', async () => {
    expect((await checkStack(containerHealthCheck, albService(true))).status).toBe('pass');
  });

  it('Noncompliance: without a service, the only container with a port is the app', async () => {
    const stack = new Stack(new App(), 'Test');
    const task = new ecs.FargateTaskDefinition(stack, 'Task');
    task.addContainer('app', { image, essential: false, healthCheck: probe, portMappings: [{ containerPort: 8080 }] });
    task.addContainer('agent', { image, essential: true, healthCheck: probe });
    const r = await checkStack(containerHealthCheck, stack);
    expect(r.findings.map((f) => f.message)).toEqual([expect.stringMatching(/^container app of Task: is marked non-essential/)]);
  });
});
