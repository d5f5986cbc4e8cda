import { App, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { describe, expect, it } from 'vitest';
import { checkStack } from '../../engine/testing/offline-context';
import { circuitBreakerRollback } from './circuit-breaker-rollback';
import { deployStack } from './fixtures';

describe('deployments.circuit-breaker-rollback', () => {
  it('Compliance 1: circuit breaker with rollback', async () => {
    const { stack } = deployStack({ circuitBreaker: { rollback: true } });
    expect((await checkStack(circuitBreakerRollback, stack)).status).toBe('pass');
  });

  it('Compliance 2: a CodeDeploy-controlled service alone is not this check\'s subject', async () => {
    const { stack } = deployStack({ deploymentController: ecs.DeploymentControllerType.CODE_DEPLOY });
    const r = await checkStack(circuitBreakerRollback, stack);
    expect(r.status).toBe('skip');
    expect(r.findings[0].message).toMatch(/CODE_DEPLOY or EXTERNAL/);
  });

  it('Noncompliance 1: no circuit breaker', async () => {
    const r = await checkStack(circuitBreakerRollback, deployStack().stack);
    expect(r.status).toBe('fail');
    expect(r.findings.map((f) => f.message)).toEqual([expect.stringMatching(/^service Service\/Service has no deployment circuit breaker/)]);
    expect(r.findings[0].constructPath).toBe('Test/Service/Service');
  });

  it('Noncompliance 2: circuit breaker without rollback', async () => {
    const r = await checkStack(circuitBreakerRollback, deployStack({ circuitBreaker: { enable: true, rollback: false } }).stack);
    expect(r.findings.map((f) => f.message)).toEqual([expect.stringMatching(/circuit breaker on but rollback off/)]);
  });

  it('Noncompliance 3: circuit breaker turned off explicitly', async () => {
    const r = await checkStack(circuitBreakerRollback, deployStack({ circuitBreaker: { enable: false, rollback: true } }).stack);
    expect(r.findings.map((f) => f.message)).toEqual([expect.stringMatching(/has no deployment circuit breaker/)]);
  });

  it('Noncompliance 4: one of two services lacks it', async () => {
    const { stack, cluster, task } = deployStack({ circuitBreaker: { rollback: true } });
    new ecs.FargateService(stack, 'Worker', { cluster, taskDefinition: task, minHealthyPercent: 100 });
    const r = await checkStack(circuitBreakerRollback, stack);
    expect(r.findings.map((f) => f.constructPath)).toEqual(['Test/Worker/Service']);
  });

  it('skips a stack without a service', async () => {
    const stack = new Stack(new App(), 'Test');
    new ec2.Vpc(stack, 'Vpc', { natGateways: 0 });
    const r = await checkStack(circuitBreakerRollback, stack);
    expect(r.status).toBe('skip');
  });
});
