// Hand-computed timelines. Shared numbers unless a test says otherwise (DEFAULT_TIMINGS):
//   step 5 s · scheduler reaction 10 s · Fargate task start 60 s · a new target serves after one
//   health check interval · task 1024 CPU units = 1 vCPU · cpuMsPerRequest 20 → one task serves
//   1000 / 20 = 50 rps · target group: interval 10 s, unhealthy threshold 3 → a dead target is taken
//   out 3 × 10 = 30 s after it dies · replay 600 s = 120 steps · the fault starts at 30 s.
import { describe, expect, it } from 'vitest';
import type { FaultBreakSpec, FaultScenario, LoadProfile } from './types';
import { topologyFixture, type ServiceFixture } from './fixtures';
import { demandAt, simulate } from './simulate';
import { taskCapacityRps } from './sim/traffic';
import { circuitBreakerThreshold } from './timings';

const TG = { interval: 10, unhealthy: 3 };
const load = (rps: number | { atSecond: number; rps: number }[], durationSeconds = 600): LoadProfile => ({
  phases: typeof rps === 'number' ? [{ atSecond: 0, rps }] : rps,
  cpuMsPerRequest: 20,
  durationSeconds,
});
const spec = (scenario: FaultScenario, l: LoadProfile, startsAtSecond = 30): FaultBreakSpec => ({ scenario, load: l, startsAtSecond, hypothesis: 'test' });
const run = (f: ServiceFixture, scenario: FaultScenario, l: LoadProfile, startsAtSecond = 30) =>
  simulate(topologyFixture({ targetGroup: TG, ...f }), spec(scenario, l, startsAtSecond));
const azOutage = (az = 0, durationSeconds = 300): FaultScenario => ({ kind: 'az-outage', az, durationSeconds });
const errorsAt = (r: ReturnType<typeof simulate>, at: number) => r.timeline.find((s) => s.atSecond === at)!.errorRate;
const eventAt = (r: ReturnType<typeof simulate>, at: number, text: RegExp) => r.events.some((e) => e.atSecond === at && text.test(e.message));

describe('building blocks', () => {
  it('a task of 1 vCPU at 20 ms a request serves 50 rps; 256 units serve a quarter', () => {
    expect(taskCapacityRps(1024, 20)).toBe(50);
    expect(taskCapacityRps(256, 20)).toBe(12.5);
  });

  it('circuit breaker threshold: 0.5 × desired within 3…200, or the ThresholdConfiguration', () => {
    expect([1, 2, 6, 7, 10, 1000].map((d) => circuitBreakerThreshold(d))).toEqual([3, 3, 3, 4, 5, 200]);
    expect(circuitBreakerThreshold(10, undefined, { type: 'COUNT', value: 2 })).toBe(2);
    expect(circuitBreakerThreshold(10, undefined, { type: 'BOUNDED_PERCENT', value: 10 })).toBe(3);
    expect(circuitBreakerThreshold(10, undefined, { type: 'UNBOUNDED_PERCENT', value: 10 })).toBe(1);
  });

  it('demand follows the load phases as steps', () => {
    const l = load([{ atSecond: 0, rps: 10 }, { atSecond: 60, rps: 40 }]);
    expect([demandAt(l, 0), demandAt(l, 55), demandAt(l, 60), demandAt(l, 599)]).toEqual([10, 10, 40, 40]);
  });

  it('with no fault effects and enough capacity nothing fails', () => {
    const r = run({}, { kind: 'cpu-stress', percent: 0, durationSeconds: 60 }, load(60));
    expect(r.availability).toBe(1);
    expect(r.worstErrorRate).toBe(0);
    expect(r.recoverySeconds).toBe(0);
    expect(r.detectSeconds).toBeUndefined();
  });
});

describe('az-outage', () => {
  it('1 task over 2 AZs: an outage until the replacement serves in the other AZ', () => {
    // t=30 us-east-1a is lost with the only task; the ALB keeps sending it everything → 100 % errors.
    // t=60 = 30 + 3 × 10: marked unhealthy, ECS stops it. t=70 = 60 + 10: replacement launched in us-east-1b
    // (the lost AZ gets none). t=130 = 70 + 60 running; t=140 = 130 + 10 first check passed → serves.
    // Errors in steps 30…135: 22 steps of 120 → availability 98/120 = 0.8167; recovery 140 − 30 = 110 s.
    const r = run({ desired: 1 }, azOutage(), load(30));
    expect(r.azs).toEqual(['us-east-1a', 'us-east-1b']);
    expect(errorsAt(r, 25)).toBe(0);
    expect(errorsAt(r, 30)).toBe(1);
    expect(errorsAt(r, 135)).toBe(1);
    expect(errorsAt(r, 140)).toBe(0);
    expect(r.availability).toBeCloseTo(98 / 120, 6);
    expect(r.worstErrorRate).toBe(1);
    expect(r.detectSeconds).toBe(0);
    expect(r.recoverySeconds).toBe(110);
    expect(eventAt(r, 60, /marks the cut-off task unhealthy/)).toBe(true);
    expect(eventAt(r, 70, /1 replacement task \(1 in us-east-1b\)/)).toBe(true);
    expect(r.timeline.find((s) => s.atSecond === 140)!.runningByAz).toEqual({ 'us-east-1a': 0, 'us-east-1b': 1 });
  });

  it('2 tasks over 2 AZs at 30 rps: half the requests fail until the dead target is marked out', () => {
    // t=30…55: 2 registered targets, 1 dead → round robin sends it half: error rate 0.5 for 6 steps.
    // t=60: taken out; the survivor (50 rps) carries 30 rps alone → no errors.
    // availability 1 − 6 × 0.5 / 120 = 0.975; recovery 60 − 30 = 30 s.
    const r = run({ desired: 2 }, azOutage(), load(30));
    expect(errorsAt(r, 30)).toBe(0.5);
    expect(errorsAt(r, 55)).toBe(0.5);
    expect(errorsAt(r, 60)).toBe(0);
    expect(r.availability).toBeCloseTo(0.975, 6);
    expect(r.recoverySeconds).toBe(30);
  });

  it('2 tasks over 2 AZs at 80 rps: the survivor is overloaded until the replacement serves', () => {
    // t=30…55: 0.5 (6 steps). t=60…135: one task, 50 of 80 rps → 0.375 (16 steps). t=140: 2 tasks again.
    // availability 1 − (6 × 0.5 + 16 × 0.375) / 120 = 1 − 9/120 = 0.925; recovery 140 − 30 = 110 s.
    const r = run({ desired: 2 }, azOutage(), load(80));
    expect(errorsAt(r, 60)).toBe(0.375);
    expect(errorsAt(r, 140)).toBe(0);
    expect(r.availability).toBeCloseTo(0.925, 6);
    expect(r.recoverySeconds).toBe(110);
  });

  it('4 tasks over 2 AZs at 80 rps: the two survivors carry the load once the dead are marked out', () => {
    // t=30…55: 4 targets, 2 dead → 0.5. t=60: 2 survivors × 50 rps = 100 ≥ 80 → no errors.
    // ECS places both replacements in us-east-1b at 70. availability 1 − 3/120 = 0.975.
    const r = run({ desired: 4 }, azOutage(), load(80));
    expect(errorsAt(r, 30)).toBe(0.5);
    expect(errorsAt(r, 60)).toBe(0);
    expect(r.availability).toBeCloseTo(0.975, 6);
    expect(r.recoverySeconds).toBe(30);
    expect(eventAt(r, 70, /2 replacement tasks \(2 in us-east-1b\)/)).toBe(true);
    expect(r.timeline.find((s) => s.atSecond === 140)!.runningByAz).toEqual({ 'us-east-1a': 0, 'us-east-1b': 4 });
  });

  it('a faster health check shortens the dead window: interval 5 × threshold 2 = 10 s', () => {
    // 2 steps at 0.5 → availability 1 − 1/120.
    const r = run({ desired: 4, targetGroup: { interval: 5, unhealthy: 2 } }, azOutage(), load(80));
    expect(r.availability).toBeCloseTo(1 - 1 / 120, 6);
    expect(r.recoverySeconds).toBe(10);
  });

  it('a service in one AZ has nowhere to go: errors until the AZ returns', () => {
    // t=30 all lost; t=60 marked out and stopped; from 70 ECS has no AZ to place replacements in. t=330 = 30 + 300
    // the AZ returns and ECS, short since 60, launches at once: running 390, serving 400.
    // Errors 30…395: 74 steps → 46/120; recovery 400 − 30 = 370 s.
    const r = run({ desired: 2, azs: ['us-east-1a'] }, azOutage(0, 300), load(30));
    expect(r.availability).toBeCloseTo(46 / 120, 6);
    expect(r.recoverySeconds).toBe(370);
    expect(eventAt(r, 330, /2 replacement tasks \(2 in us-east-1a\)/)).toBe(true);
    expect(r.events.some((e) => /no reachable Availability Zone/.test(e.message))).toBe(true);
  });

  it('without a load balancer health check the cut-off tasks stay in rotation for the whole outage', () => {
    const r = run({ desired: 2, targetGroup: { ...TG, enabled: false } }, azOutage(0, 120), load(30));
    // 30…145: half the requests fail (24 steps); at 150 the AZ returns and the task serves again.
    expect(errorsAt(r, 145)).toBe(0.5);
    expect(errorsAt(r, 150)).toBe(0);
    expect(r.availability).toBeCloseTo(1 - 12 / 120, 6);
    expect(r.events.some((e) => /nothing takes the cut-off tasks out/.test(e.message))).toBe(true);
  });

  it('rejects an AZ index the service does not have', () => {
    expect(() => run({}, azOutage(2), load(30))).toThrow(/index 2 does not exist/);
  });
});

describe('stop-tasks', () => {
  it('COUNT 1 of 2 at 30 rps: the other task carries the load, no errors', () => {
    // t=30 FIS stops task 1 (us-east-1a); ECS deregisters it first, so nothing fails. Replacement launched at
    // 40, running 100, serving 110.
    const r = run({}, { kind: 'stop-tasks', selection: { count: 1 } }, load(30));
    expect(r.availability).toBe(1);
    expect(r.detectSeconds).toBeUndefined();
    expect(eventAt(r, 40, /1 replacement task \(1 in us-east-1a\)/)).toBe(true);
    expect(eventAt(r, 110, /serves/)).toBe(true);
  });

  it('COUNT 1 of 2 at 80 rps: 30 of 80 rps fail until the replacement serves at 110', () => {
    // 30…105: 16 steps at 30/80 = 0.375 → availability 1 − 6/120 = 0.95; recovery 110 − 30 = 80 s.
    const r = run({}, { kind: 'stop-tasks', selection: { count: 1 } }, load(80));
    expect(errorsAt(r, 30)).toBe(0.375);
    expect(errorsAt(r, 110)).toBe(0);
    expect(r.availability).toBeCloseTo(0.95, 6);
    expect(r.detectSeconds).toBe(0);
    expect(r.recoverySeconds).toBe(80);
  });

  it('PERCENT 50 of 4 stops 2', () => {
    const r = run({ desired: 4 }, { kind: 'stop-tasks', selection: { percent: 50 } }, load(30));
    expect(r.events[0].message).toMatch(/FIS stops 2 tasks of 4 \(1 in us-east-1a, 1 in us-east-1b\)/);
  });
});

describe('bad-release', () => {
  // Grace 60 s; a new task runs 60 s after launch and fails its health checks max(60, 3 × 10) = 60 s later:
  // a task launched at L is stopped at L + 120. Desired 2 → circuit breaker threshold max(3, ceil(0.5 × 2)) = 3.
  const bad: FaultScenario = { kind: 'bad-release' };
  const cb = { enable: true, rollback: true };

  it('minimum healthy 100 % with the circuit breaker: rolled back with no errors', () => {
    // t=30: max 200 % → 2 new tasks (old ones stay: min 100 %). t=150 both fail (2/3); t=160 two more;
    // t=280 they fail (4 ≥ 3): the breaker trips and rolls back — the 2 old tasks still serve, so it is done at 280.
    const r = run({ grace: 60, deployment: { min: 100, max: 200, circuitBreaker: cb } }, bad, load(30));
    expect(r.availability).toBe(1);
    expect(r.deployment).toEqual({ outcome: 'rolled-back', atSecond: 280, failedTasks: 4, circuitBreakerThreshold: 3 });
    expect(eventAt(r, 150, /stops 2 new tasks: health checks failed \(2 failed so far; the circuit breaker trips at 3\)/)).toBe(true);
    expect(eventAt(r, 280, /circuit breaker trips/)).toBe(true);
  });

  it('minimum healthy 0 % with the circuit breaker: an outage until the rollback serves', () => {
    // t=30: both old tasks stopped (min 0 %), 2 new launched (max 100 % = 2). t=150 fail; t=160 relaunch;
    // t=280 fail → trips, rollback launches 2 old-revision tasks at 290 → running 350 → serving 360.
    // Errors 30…355 = 66 steps → availability 54/120 = 0.45; recovery 360 − 30 = 330 s.
    const r = run({ grace: 60, deployment: { min: 0, max: 100, circuitBreaker: cb } }, bad, load(30));
    expect(errorsAt(r, 30)).toBe(1);
    expect(errorsAt(r, 360)).toBe(0);
    expect(r.availability).toBeCloseTo(0.45, 6);
    expect(r.recoverySeconds).toBe(330);
    expect(r.deployment).toMatchObject({ outcome: 'rolled-back', atSecond: 360 });
  });

  it('minimum healthy 100 % without the circuit breaker: no errors, but it never stabilises', () => {
    // Launches at 30, 160, 290, 420, 550; failures at 150, 280, 410, 540 → 8 failed by 600.
    const r = run({ grace: 60, deployment: { min: 100, max: 200 } }, bad, load(30));
    expect(r.availability).toBe(1);
    expect(r.deployment).toEqual({ outcome: 'stuck', failedTasks: 8 });
    expect(r.events.at(-1)!.message).toMatch(/never stabilised/);
  });

  it('minimum healthy 0 % without the circuit breaker: the outage never ends', () => {
    // Only steps 0…25 serve: 6/120 = 0.05.
    const r = run({ grace: 60, deployment: { min: 0, max: 100 } }, bad, load(30));
    expect(r.availability).toBeCloseTo(0.05, 6);
    expect(r.recoverySeconds).toBeNull();
    expect(r.deployment?.outcome).toBe('stuck');
  });

  it('the circuit breaker without rollback stops launching: half the old tasks stay at 50 %', () => {
    // min 50 % of 2 = 1: one old task stopped at 30. Trips at 280 and launches nothing more; 1 task carries 30 rps.
    const r = run({ grace: 60, deployment: { min: 50, max: 200, circuitBreaker: { enable: true, rollback: false } } }, bad, load(30));
    expect(r.availability).toBe(1);
    expect(r.deployment).toEqual({ outcome: 'stuck', failedTasks: 4, circuitBreakerThreshold: 3 });
    expect(r.events.find((e) => /^circuit breaker trips/.test(e.message))!.message).toMatch(/no more tasks \(1 old task left of 2\)/);
  });

  it('nothing health-checks the release: ECS completes it and every request fails', () => {
    // No target group, no container health check: new tasks take traffic at 90 (30 + 60) and fail every request;
    // ECS counts them healthy 40 s after RUNNING, so the deployment completes at 130.
    // min 0 %: old tasks stopped at 30 → 100 % errors from 30 on.
    const r = run({ targetGroup: false, deployment: { min: 0, max: 100, circuitBreaker: cb } }, bad, load(30));
    expect(r.deployment).toMatchObject({ outcome: 'completed', atSecond: 130 });
    expect(eventAt(r, 90, /2 tasks of the release take traffic and fail every request/)).toBe(true);
    expect(r.recoverySeconds).toBeNull();
  });

  it('minimum healthy 50 % without health checks: old tasks go as the release counts healthy', () => {
    // min 50 % of 2 = 1: one old task stopped at 30; 2 release tasks healthy (for ECS) at 130 → the other old task
    // goes and the deployment completes. Errors: 30…85 none (1 old task carries 30 rps); 90…125 the 2 broken tasks
    // take 2 of 3 shares → 2/3 errors; from 130 everything fails.
    const r = run({ targetGroup: false, deployment: { min: 50, max: 200 } }, bad, load(30));
    expect(errorsAt(r, 85)).toBe(0);
    expect(errorsAt(r, 90)).toBeCloseTo(2 / 3, 3);
    expect(errorsAt(r, 130)).toBe(1);
    expect(r.deployment).toMatchObject({ outcome: 'completed', atSecond: 130 });
  });

  it('minimum 100 % and maximum 100 % leave no room: nothing of the release ever starts', () => {
    const r = run({ deployment: { min: 100, max: 100 } }, bad, load(30));
    expect(r.deployment).toEqual({ outcome: 'stuck', failedTasks: 0 });
    expect(r.events.at(-1)!.message).toBe('ECS never started a task of the release: minimum healthy 100 % and maximum 100 % leave it no room');
  });

  it('a ThresholdConfiguration of COUNT 1 trips at the first failures', () => {
    const t = topologyFixture({ targetGroup: TG, grace: 60, deployment: { min: 100, max: 200, circuitBreaker: cb } });
    t.deployment.circuitBreaker.threshold = { type: 'COUNT', value: 1 };
    const r = simulate(t, spec(bad, load(30)));
    expect(r.deployment).toEqual({ outcome: 'rolled-back', atSecond: 150, failedTasks: 2, circuitBreakerThreshold: 1 });
  });

  it('deployment alarms are named as not evaluated', () => {
    const t = topologyFixture({ targetGroup: TG, deployment: { min: 100, max: 200 } });
    t.deployment.alarms = { names: ['Errors5xx'], enable: true, rollback: true };
    const r = simulate(t, spec(bad, load(30)));
    expect(r.events[1].message).toBe('deployment alarms (Errors5xx) are not evaluated offline: their metrics are not part of the replay');
  });

  it('a container health check detects it: start period 0 + 3 retries × 10 s = 30 s after running', () => {
    // No target group, grace 0: launched 30 → running 90 → fails 120 (2/3); relaunch 130 → fails 220 → trips.
    const r = run({ targetGroup: false, containerHealthCheck: { interval: 10, retries: 3 }, deployment: { min: 100, max: 200, circuitBreaker: cb } }, bad, load(30));
    expect(eventAt(r, 120, /stops 2 new tasks/)).toBe(true);
    expect(r.deployment).toMatchObject({ outcome: 'rolled-back', atSecond: 220 });
  });
});

describe('load spike and target tracking', () => {
  // 2 tasks × 50 rps = 100 rps. 40 rps until 60, then 160 rps. Without scaling 100 of 160 are served: 0.375 errors.
  // Availability weighs requests: 12 steps × 40 + 108 steps × 160 = 17 760 rps-steps demanded; each erroring step
  // loses 60.
  const spike = load([{ atSecond: 0, rps: 40 }, { atSecond: 60, rps: 160 }], 600);
  const none: FaultScenario = { kind: 'cpu-stress', percent: 0, durationSeconds: 0 };

  it('without auto scaling the errors never stop', () => {
    const r = run({}, none, spike, 60);
    expect(errorsAt(r, 60)).toBe(0.375);
    expect(r.recoverySeconds).toBeNull();
    expect(r.availability).toBeCloseTo(1 - (108 * 60) / 17760, 6);
  });

  it('target tracking on CPU 50 %: scales out after 3 breaching minutes, errors stop when the new tasks serve', () => {
    // CPU datapoints: [0,60) 40 % (20 rps of 50); [60,120), [120,180), [180,240) 100 % (overloaded).
    // At 240 three datapoints > 50 → desired ceil(2 × 100 / 50) = 4. Shortfall seen at 240 → launch 250 →
    // running 310 → serving 320. Errors 60…315 = 52 steps × 60 rps lost; recovery 320 − 60 = 260 s.
    // Default cooldown 300 s (unset in the template) holds the next scale-out until 540.
    const r = run({ scaling: { min: 2, max: 6, policies: [{ metric: 'ECSServiceAverageCPUUtilization', target: 50 }] } }, none, spike, 60);
    expect(eventAt(r, 240, /scales out: 2 → 4 tasks \(CPU 100 %\)/)).toBe(true);
    expect(eventAt(r, 250, /ECS starts 2 tasks for the scale-out \(1 in us-east-1a, 1 in us-east-1b\)/)).toBe(true);
    expect(errorsAt(r, 315)).toBe(0.375);
    expect(errorsAt(r, 320)).toBe(0);
    expect(r.recoverySeconds).toBe(260);
    expect(r.availability).toBeCloseTo(1 - (52 * 60) / 17760, 6);
    expect(r.timeline.find((s) => s.atSecond === 245)!.desired).toBe(4);
  });

  it('target tracking on requests per target: 160 rps × 60 / 2 = 4800 a minute against a target of 2000', () => {
    // At 240: ceil(2 × 4800 / 2000) = ceil(4.8) = 5 tasks.
    const r = run({ scaling: { min: 2, max: 6, policies: [{ metric: 'ALBRequestCountPerTarget', target: 2000 }] } }, none, spike, 60);
    expect(eventAt(r, 240, /2 → 5 tasks/)).toBe(true);
  });

  it('during the scale-out cooldown only a larger scale-out happens', () => {
    // Requests per target, target 2000, max 20. 40 rps, 160 rps from 60, 400 rps from 250.
    // At 240: datapoints 4800 (160 × 60 / 2) → ceil(2 × 4800 / 2000) = 5. New tasks serve at 320, so in [240, 300)
    // 2 targets carry 160 rps for 2 steps and 400 rps for 10: (2 × 4800 + 10 × 12000) / 12 = 10 800 a target.
    // At 300, in the 300 s cooldown: counted from the 2 tasks before it, ceil(2 × 10 800 / 2000) = 11 > 5 → 11.
    const l = load([{ atSecond: 0, rps: 40 }, { atSecond: 60, rps: 160 }, { atSecond: 250, rps: 400 }], 600);
    const r = run({ scaling: { min: 2, max: 20, policies: [{ metric: 'ALBRequestCountPerTarget', target: 2000 }] } }, none, l, 60);
    expect(r.events.filter((e) => /scales out/.test(e.message)).map((e) => [e.atSecond, e.message.replace(/ \([^()]*\)$/, '')])).toEqual([
      [240, 'target tracking (ALBRequestCountPerTarget target 2000) scales out: 2 → 5 tasks'],
      [300, 'target tracking (ALBRequestCountPerTarget target 2000) scales out: 5 → 11 tasks'],
    ]);
  });

  it('the maximum capacity caps a scale-out', () => {
    const r = run({ scaling: { min: 2, max: 3, policies: [{ metric: 'ECSServiceAverageCPUUtilization', target: 50 }] } }, none, spike, 60);
    expect(eventAt(r, 240, /2 → 3 tasks/)).toBe(true);
    expect(r.recoverySeconds).toBeNull();
  });

  it('scale-in waits for 15 datapoints below the target, then removes tasks from the fullest AZ', () => {
    // 4 tasks at 40 rps: 10 rps each = 20 % CPU. The 15th 1-minute datapoint below 50 % closes at 900:
    // desired ceil(4 × 20 / 50) = 2 (the minimum). At 900 ECS stops 2 tasks, one per AZ; 2 × 50 rps still carry 40.
    const f = { desired: 4, scaling: { min: 2, max: 6, policies: [{ metric: 'ECSServiceAverageCPUUtilization', target: 50, scaleInCooldown: 60 }] } };
    const r = run(f, none, load(40, 1200), 60);
    expect(r.events.filter((e) => /scales in/.test(e.message)).map((e) => [e.atSecond, e.message])).toEqual([
      [900, 'target tracking (ECSServiceAverageCPUUtilization target 50) scales in: 4 → 2 tasks (CPU 20 %)'],
    ]);
    expect(eventAt(r, 900, /ECS stops 2 tasks to match the desired count of 2/)).toBe(true);
    expect(r.timeline.find((s) => s.atSecond === 900)!.runningByAz).toEqual({ 'us-east-1a': 1, 'us-east-1b': 1 });
    expect(r.availability).toBe(1);
    const kept = run({ ...f, scaling: { ...f.scaling, policies: [{ ...f.scaling.policies[0], disableScaleIn: true }] } }, none, load(40, 1200), 60);
    expect(kept.events.some((e) => /scales in/.test(e.message))).toBe(false);
  });

  it('a memory policy and step scaling are reported, not simulated', () => {
    const r = run({ scaling: { min: 2, max: 6, step: true, policies: [{ metric: 'ECSServiceAverageMemoryUtilization', target: 50 }] } }, none, spike, 60);
    expect(r.events.filter((e) => e.atSecond === 0).map((e) => e.message)).toEqual([
      'target tracking on ECSServiceAverageMemoryUtilization is not simulated (that metric does not follow the replayed load): it never scales here',
      '1 step scaling policy present but not simulated',
    ]);
    expect(r.recoverySeconds).toBeNull();
  });

  it('cpu-stress of 60 % on every task halves what they serve while it lasts', () => {
    // 2 × 50 × 0.4 = 40 rps of 60 → 1/3 errors from 30 to 90 (12 steps).
    const r = run({}, { kind: 'cpu-stress', percent: 60, durationSeconds: 60 }, load(60));
    expect(errorsAt(r, 30)).toBeCloseTo(1 / 3, 3);
    expect(errorsAt(r, 90)).toBe(0);
    expect(r.recoverySeconds).toBe(60);
  });
});

describe('network-latency', () => {
  it('below the idle timeout: slower, not failing', () => {
    const r = run({}, { kind: 'network-latency', delayMs: 2000, durationSeconds: 60 }, load(30));
    expect(r.availability).toBe(1);
    expect(r.timeline.find((s) => s.atSecond === 30)!.addedLatencyMs).toBe(2000);
    expect(r.events[0].message).toMatch(/below the load balancer's 60 s idle timeout/);
  });

  it('beyond the idle timeout the affected tasks\' requests fail', () => {
    // Half the tasks (1 of 2) get 5 s against an idle timeout of 4 s: 0.5 errors for 60 s.
    const r = run({ idleTimeout: 4 }, { kind: 'network-latency', delayMs: 5000, durationSeconds: 60, tasksPercent: 50 }, load(30));
    expect(errorsAt(r, 30)).toBe(0.5);
    expect(errorsAt(r, 90)).toBe(0);
  });
});

describe('determinism', () => {
  it('the same inputs give the same replay', () => {
    const a = run({ desired: 3 }, azOutage(1), load(70));
    const b = run({ desired: 3 }, azOutage(1), load(70));
    expect(a).toEqual(b);
  });

  it('errors before the fault are called out', () => {
    const r = run({ desired: 1 }, { kind: 'stop-tasks', selection: { count: 1 } }, load(80));
    expect(r.events[0]).toEqual({ atSecond: 0, message: expect.stringMatching(/errors before the fault/) });
  });
});
