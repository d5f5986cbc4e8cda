// ECS-native blue/green, canary and linear deployments in the simulator (sim/bluegreen.ts).
// Fixture: 2 tasks of 1 vCPU at 20 ms a request (50 rps each), 30 rps, target group checked every
// 10 s (3 failures mark a target out), grace 60 s, release at 30 s. A green task launched at 30 runs at
// 90 (Fargate start 60 s) and is healthy at 100 (one 10 s health check); hooks take 30 s each.
import { describe, expect, it } from 'vitest';
import { topologyFixture, type ServiceFixture } from './fixtures';
import { simulate } from './simulate';
import type { FaultScenario } from './types';

const load = { phases: [{ atSecond: 0, rps: 30 }], cpuMsPerRequest: 20, durationSeconds: 600 };
const badRequests: FaultScenario = { kind: 'bad-release', failure: 'requests' };

function replay(blueGreen: ServiceFixture['blueGreen'], scenario: FaultScenario, extra: ServiceFixture = {}) {
  return simulate(topologyFixture({ targetGroup: { interval: 10, unhealthy: 3 }, grace: 60, blueGreen, ...extra }), { scenario, startsAtSecond: 30, load, hypothesis: 'test' });
}

describe('blue/green replay', () => {
  it('a good BLUE_GREEN release: green healthy at 100, all traffic shifts at once, blue stops after the bake time, nothing fails', () => {
    const r = replay({ strategy: 'BLUE_GREEN', bakeMinutes: 5 }, { kind: 'release' });
    expect(r.availability).toBe(1);
    expect(r.deployment).toEqual({ outcome: 'completed', atSecond: 100, failedTasks: 0, productionShiftAtSecond: 100 });
    // Bake 5 min from 100: blue is stopped at 400.
    expect(r.events.find((e) => e.message.startsWith('the bake time is over'))?.atSecond).toBe(400);
  });

  it('green takes no production traffic before the shift: the capacity is blue\'s alone (2 × 50 rps)', () => {
    const r = replay({ strategy: 'BLUE_GREEN', bakeMinutes: 5, hooks: [['POST_TEST_TRAFFIC_SHIFT']], testListener: true }, { kind: 'release' });
    const before = r.timeline.find((s) => s.atSecond === 110)!;
    expect(before).toMatchObject({ healthyTargets: 2, capacityRps: 100, errorRate: 0 });
    // The hook succeeds at 130; the shift happens there.
    expect(r.deployment?.productionShiftAtSecond).toBe(130);
  });

  it('a release that fails requests, with a test-traffic hook and a test listener rule: rolled back at 130, before any production traffic', () => {
    const r = replay({ strategy: 'BLUE_GREEN', bakeMinutes: 5, hooks: [['POST_TEST_TRAFFIC_SHIFT']], testListener: true }, badRequests);
    expect(r.availability).toBe(1);
    expect(r.deployment).toEqual({ outcome: 'rolled-back', atSecond: 130, failedTasks: 0, failedAtStage: 'POST_TEST_TRAFFIC_SHIFT' });
  });

  it('the same hook without a test listener rule cannot see green: production shifts at 130 and every request fails from then on', () => {
    const r = replay({ strategy: 'BLUE_GREEN', bakeMinutes: 5, hooks: [['POST_TEST_TRAFFIC_SHIFT']] }, badRequests);
    expect(r.deployment).toMatchObject({ outcome: 'completed', productionShiftAtSecond: 130 });
    // 600 s at 30 rps; 130…595 fails (94 steps of 120): served 26/120.
    expect(r.availability).toBeCloseTo(26 / 120, 6);
    expect(r.events.some((e) => /without a test listener rule no test request reached green/.test(e.message))).toBe(true);
  });

  it('CANARY with a PRODUCTION_TRAFFIC_SHIFT hook: 10 % of requests fail for 30 s (100…125), then it rolls back', () => {
    const r = replay({ strategy: 'CANARY', bakeMinutes: 2, step: { percent: 10, bakeMinutes: 3 }, hooks: [['PRODUCTION_TRAFFIC_SHIFT']] }, badRequests);
    expect(r.deployment).toMatchObject({ outcome: 'rolled-back', atSecond: 130, productionShiftAtSecond: 100, failedAtStage: 'PRODUCTION_TRAFFIC_SHIFT' });
    // 6 steps × 10 % lost of 120 steps.
    expect(r.availability).toBeCloseTo(1 - 0.6 / 120, 6);
    expect(r.worstErrorRate).toBe(0.1);
  });

  it('a good CANARY release: 10 % at 100, the rest after the 3-minute step at 280', () => {
    const r = replay({ strategy: 'CANARY', bakeMinutes: 2, step: { percent: 10, bakeMinutes: 3 } }, { kind: 'release' });
    expect(r.availability).toBe(1);
    expect(r.deployment).toMatchObject({ outcome: 'completed', atSecond: 280, productionShiftAtSecond: 100 });
  });

  it('LINEAR 50 % every minute: 50 % at 100, 100 % at 160', () => {
    const r = replay({ strategy: 'LINEAR', bakeMinutes: 1, step: { percent: 50, bakeMinutes: 1 } }, { kind: 'release' });
    expect(r.deployment).toMatchObject({ outcome: 'completed', atSecond: 160 });
    expect(r.events.filter((e) => /listener rule sends/.test(e.message)).map((e) => [e.atSecond, e.message.match(/(\d+) %/)![1]])).toEqual([[100, '50'], [160, '100']]);
  });

  it('a PRE_SCALE_UP hook (the migration) delays green by 30 s: healthy at 130', () => {
    const r = replay({ strategy: 'BLUE_GREEN', bakeMinutes: 5, hooks: [['PRE_SCALE_UP']] }, { kind: 'release' });
    expect(r.deployment).toMatchObject({ outcome: 'completed', atSecond: 130 });
  });

  it('green whose health check never passes never gets production traffic; the circuit breaker (threshold 3) rolls back at 280', () => {
    const r = replay({ strategy: 'BLUE_GREEN', bakeMinutes: 5 }, { kind: 'bad-release' }, { deployment: { circuitBreaker: { enable: true, rollback: true } } });
    expect(r.availability).toBe(1);
    // Failures at 150 (2) and 280 (2 more: 4 ≥ 3).
    expect(r.deployment).toEqual({ outcome: 'rolled-back', atSecond: 280, failedTasks: 4, circuitBreakerThreshold: 3 });
  });

  it('without a circuit breaker the unhealthy green is retried to the end, and blue still serves everything', () => {
    const r = replay({ strategy: 'BLUE_GREEN', bakeMinutes: 5 }, { kind: 'bad-release' });
    expect(r.availability).toBe(1);
    expect(r.deployment).toEqual({ outcome: 'stuck', failedTasks: 8 });
  });

  it('a rolling deployment of a release that passes its health checks: customers reach it at 100 (its first task serves), and it completes', () => {
    const r = simulate(topologyFixture({ targetGroup: { interval: 10, unhealthy: 3 }, grace: 60, deployment: { min: 100, max: 200 } }), { scenario: badRequests, startsAtSecond: 30, load, hypothesis: 'test' });
    expect(r.deployment).toMatchObject({ outcome: 'completed', productionShiftAtSecond: 100 });
    expect(r.events[0].message).toMatch(/^a release that passes its health checks but fails every request starts rolling out/);
    expect(r.recoverySeconds).toBeNull();
  });

  it('the topology reads the blue/green settings, with the canary defaults where a step is unset', () => {
    const t = topologyFixture({ blueGreen: { strategy: 'CANARY', bakeMinutes: 15, hooks: [['PRE_SCALE_UP'], ['POST_TEST_TRAFFIC_SHIFT']], testListener: true } });
    expect(t.deployment).toMatchObject({
      strategy: 'CANARY', bakeTimeMinutes: 15, trafficShift: { percent: 5, stepBakeMinutes: 10 },
      lifecycleHooks: [{ stages: ['PRE_SCALE_UP'] }, { stages: ['POST_TEST_TRAFFIC_SHIFT'] }], alternateTargetGroup: true, testListenerRule: true,
    });
    expect(t.assumed).toContain('canary step 5 % every 10 min where unset');
  });
});
