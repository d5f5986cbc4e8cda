import { App, Duration, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { describe, expect, it } from 'vitest';
import { checkStack } from '../../engine/testing/offline-context';
import { alwaysSucceeds, containerHealthCheck } from './container-health-check';

const image = ecs.ContainerImage.fromRegistry('public.ecr.aws/docker/library/node:24-slim');
const httpCheck: ecs.HealthCheck = {
  command: ['CMD-SHELL', 'node -e "fetch(\'http://localhost:8080/health\').then(r => process.exit(r.ok ? 0 : 1), () => process.exit(1))"'],
  interval: Duration.seconds(30),
  timeout: Duration.seconds(5),
  retries: 3,
  startPeriod: Duration.seconds(10),
};

function taskStack(...containers: [string, Partial<ecs.ContainerDefinitionOptions>][]) {
  const stack = new Stack(new App(), 'Test');
  const task = new ecs.FargateTaskDefinition(stack, 'Task');
  for (const [name, opts] of containers) task.addContainer(name, { image, ...opts });
  return stack;
}

describe('ecs.container-health-check', () => {
  it('Compliance 1: the app container probes its /health endpoint', async () => {
    expect((await checkStack(containerHealthCheck, taskStack(['app', { healthCheck: httpCheck }]))).status).toBe('pass');
  });

  it('Compliance 2: a non-essential sidecar and the FireLens log router need none', async () => {
    const stack = taskStack(
      ['app', { healthCheck: httpCheck, logging: ecs.LogDrivers.firelens({ options: { Name: 'cloudwatch' } }) }],
      ['metrics', { essential: false }],
    );
    expect((await checkStack(containerHealthCheck, stack)).status).toBe('pass');
  });

  it('Noncompliance 1: no health check (a Dockerfile HEALTHCHECK does not count)', async () => {
    const r = await checkStack(containerHealthCheck, taskStack(['app', {}]));
    expect(r.status).toBe('fail');
    expect(r.findings.map((f) => f.message)).toEqual(['container app of Task: has no health check in the task definition (ECS ignores a Dockerfile HEALTHCHECK)']);
    expect(r.findings[0].constructPath).toBe('Test/Task/Resource');
  });

  it('Noncompliance 2: one of two essential containers lacks it', async () => {
    const r = await checkStack(containerHealthCheck, taskStack(['app', { healthCheck: httpCheck }], ['worker', {}]));
    expect(r.findings.map((f) => f.message)).toEqual([expect.stringMatching(/^container worker of Task: has no health check/)]);
  });

  it('Noncompliance 3: a health check that can never fail', async () => {
    const r = await checkStack(containerHealthCheck, taskStack(['app', { healthCheck: { command: ['CMD-SHELL', 'curl -f http://localhost:8080/health || exit 0'] } }]));
    expect(r.findings.map((f) => f.message)).toEqual([expect.stringMatching(/health check that can never fail/)]);
  });

  it('Noncompliance 4: the task definition is gone', async () => {
    const stack = new Stack(new App(), 'Test');
    new ec2.Vpc(stack, 'Vpc', { natGateways: 0 });
    const r = await checkStack(containerHealthCheck, stack);
    expect(r.status).toBe('fail');
    expect(r.findings[0].message).toMatch(/no ECS task definition/);
  });

  it('tells real probes from commands that always succeed', () => {
    expect(['exit 0', 'true', '/bin/true', 'echo ok', 'curl -f localhost || true', 'wget -q localhost || exit 0'].every(alwaysSucceeds)).toBe(true);
    expect(['curl -f http://localhost/health || exit 1', 'node healthcheck.js', 'test -f /tmp/ready'].some(alwaysSucceeds)).toBe(false);
  });
});
