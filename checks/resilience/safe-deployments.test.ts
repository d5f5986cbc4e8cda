import { describe, expect, it } from 'vitest';
import { serviceTemplate } from '../../engine/faults/fixtures';
import { safeDeployments } from './safe-deployments';
import { checkService, checkTemplate, steadyLoad } from './test-helpers';

// Grace 60 s: a release task launched at L runs at L + 60 and is stopped at L + 120; threshold 3 (desired 2).
// See engine/faults/simulate.test.ts for the timelines.
const cb = { enable: true, rollback: true };
const params = { load: steadyLoad(30) };

describe('resilience.safe-deployments', () => {
  it('Compliance 1: circuit breaker with rollback and minimum healthy 100 %: rolled back at 280, nothing failed', async () => {
    const r = await checkService(safeDeployments, { grace: 60, deployment: { min: 100, max: 200, circuitBreaker: cb } }, params);
    expect(r.status).toBe('pass');
    expect(r.replay?.deployment).toMatchObject({ outcome: 'rolled-back', atSecond: 280 });
  });

  it('Noncompliance 1: no circuit breaker: it never stabilises', async () => {
    const r = await checkService(safeDeployments, { grace: 60, deployment: { min: 100, max: 200 } }, params);
    expect(r.findings.map((f) => f.message)).toEqual(['without the deployment circuit breaker the bad release never stabilised: 8 tasks failed and ECS kept launching more']);
    expect(r.findings[0].hint).toMatch(/circuitBreaker: \{ enable: true, rollback: true \}/);
  });

  it('Noncompliance 2: circuit breaker without rollback', async () => {
    const r = await checkService(safeDeployments, { grace: 60, deployment: { min: 100, max: 200, circuitBreaker: { enable: true, rollback: false } } }, params);
    expect(r.findings[0].message).toBe('the circuit breaker failed the deployment after 4 failed tasks, but without rollback the service stays on the failed release');
  });

  it('Noncompliance 3: rollback, but minimum healthy 0 % lets ECS stop every old task first', async () => {
    // Outage 30…355 → 45 % served; rolled back at 360 (330 s ≤ 600).
    const r = await checkService(safeDeployments, { grace: 60, deployment: { min: 0, max: 100, circuitBreaker: cb } }, params);
    expect(r.findings.map((f) => f.message)).toEqual(['during the rollout 45 % of requests served; the lab asks for at least 99.9 %']);
    expect(r.findings[0].hint).toMatch(/^minimumHealthyPercent 0 let ECS stop old tasks/);
  });

  it('Noncompliance 4: rolled back, but later than maxRollbackSeconds', async () => {
    const r = await checkService(safeDeployments, { grace: 60, deployment: { min: 100, max: 200, circuitBreaker: cb } }, { ...params, maxRollbackSeconds: 200 });
    expect(r.findings[0].message).toBe('the bad release was rolled back 250 s after it started; the lab allows 200 s');
    expect(r.findings[0].hint).toMatch(/3 failed tasks before it rolls back: a shorter health check grace period \(60 s now\)/);
  });

  it('Noncompliance 5: nothing health-checks the release', async () => {
    const r = await checkService(safeDeployments, { targetGroup: false, deployment: { min: 100, max: 200, circuitBreaker: cb } }, params);
    expect(r.findings[0].message).toMatch(/^nothing health-checked the release/);
  });

  it('Noncompliance 6: minimum and maximum of 100 % leave no room for any release', async () => {
    const r = await checkService(safeDeployments, { deployment: { min: 100, max: 100, circuitBreaker: cb } }, params);
    expect(r.findings.map((f) => f.message)).toEqual(['no release can roll out: minimumHealthyPercent 100 and maxHealthyPercent 100 leave ECS no room to start a new task']);
  });

  it('a replay too short for the circuit breaker to trip says so', async () => {
    // Failures at 150 (2 of 3); the replay ends at 200.
    const r = await checkService(safeDeployments, { grace: 60, deployment: { min: 100, max: 200, circuitBreaker: cb } }, { load: steadyLoad(30, 200) });
    expect(r.findings.map((f) => f.message)).toEqual(['the circuit breaker had not tripped when the replay ended: 2 of the 3 failed tasks it waits for']);
  });

  it('skips a CodeDeploy blue/green service', async () => {
    const template = serviceTemplate();
    template.Resources!.Service.Properties!.DeploymentController = { Type: 'CODE_DEPLOY' };
    const r = await checkTemplate(safeDeployments, template, params);
    expect(r.status).toBe('skip');
    expect(r.findings[0].message).toMatch(/deploys with CODE_DEPLOY/);
  });

  it('skips an ECS blue/green strategy', async () => {
    const template = serviceTemplate({ deployment: { min: 100 } });
    template.Resources!.Service.Properties!.DeploymentConfiguration.Strategy = 'BLUE_GREEN';
    const r = await checkTemplate(safeDeployments, template, params);
    expect(r.findings[0].message).toMatch(/the BLUE_GREEN strategy; only rolling deployments are replayed/);
  });

  it('a ThresholdConfiguration of COUNT 2 rolls back at the first two failures (150 s)', async () => {
    const template = serviceTemplate({ targetGroup: { interval: 10, unhealthy: 3 }, grace: 60, deployment: { min: 100, max: 200, circuitBreaker: cb } });
    template.Resources!.Service.Properties!.DeploymentConfiguration.DeploymentCircuitBreaker.ThresholdConfiguration = { Type: 'COUNT', Value: 2 };
    const r = await checkTemplate(safeDeployments, template, { ...params, maxRollbackSeconds: 120 });
    expect(r.status).toBe('pass');
    expect(r.replay?.deployment).toMatchObject({ outcome: 'rolled-back', atSecond: 150, circuitBreakerThreshold: 2 });
  });
});
