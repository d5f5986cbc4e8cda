// An ECS-native blue/green deployment (strategy BLUE_GREEN, CANARY or LINEAR; deployment controller ECS)
// of a release. ECS starts the release's tasks (green) beside the running ones (blue) and registers them
// with the alternate target group, which carries no production traffic; once green is healthy, test
// traffic reaches it through the test listener rule, then the production listener rule's weights move
// production traffic to green — all at once (BLUE_GREEN), a canary share first (CANARY) or in equal
// steps (LINEAR) — and blue keeps running for the bake time, so a rollback is a weight change back.
//
// Deployment lifecycle hooks run at their stages, each taking `lifecycleHookSeconds`. A hook at a stage
// where requests reach green — TEST_TRAFFIC_SHIFT or POST_TEST_TRAFFIC_SHIFT with a test listener rule,
// PRODUCTION_TRAFFIC_SHIFT or POST_PRODUCTION_TRAFFIC_SHIFT — returns FAILED when the release's requests
// fail, and ECS rolls back, unless running its function offline showed otherwise (the topology's hook
// verdict, engine/faults/hooks): a hook that succeeded against a failing green lets the release through.
// A hook never run is assumed to test, and the events say so; a hook at any other stage (a migration at
// PRE_SCALE_UP) succeeds. Green tasks that fail their health checks never get production traffic; the circuit breaker,
// when on with rollback, ends such a deployment after its threshold of failed tasks. Deployment alarms
// are not evaluated offline (their metrics are not part of the replay).
import type { DeploymentOutcome } from '../types';
import { circuitBreakerThreshold } from '../timings';
import { event, isActive, isHealthy, launchSpread, perAzText, plural, type Sim } from './state';

/** Strategies ECS deploys blue/green style (two target groups, a traffic shift). */
export const BLUE_GREEN_STRATEGIES = ['BLUE_GREEN', 'CANARY', 'LINEAR'];

/** Stages before production traffic shifts, in order (ECS developer guide, "Lifecycle hooks for Amazon ECS service deployments"). */
const GATES = ['POST_SCALE_UP', 'TEST_TRAFFIC_SHIFT', 'POST_TEST_TRAFFIC_SHIFT'] as const;
const TEST_STAGES = ['TEST_TRAFFIC_SHIFT', 'POST_TEST_TRAFFIC_SHIFT'];

export interface BlueGreenState {
  kind: 'blue-green';
  phase: 'pre-scale-up' | 'scaling-up' | 'testing' | 'shifting' | 'baking' | 'done' | 'stuck';
  startedAt: number;
  failed: number;
  threshold?: number;
  nextLaunchAt: number;
  /** When the current hook or traffic step ends. */
  until: number;
  /** Pre-production stages with hooks still to run, the current one first. */
  gates: string[];
  /** A production-stage hook's verdict is due at this second (when one runs). */
  productionHookAt?: number;
  productionHookStage?: string;
  outcome?: DeploymentOutcome;
  productionShiftAt?: number;
}

export function isBlueGreen(sim: Sim): boolean {
  const d = sim.topo.deployment;
  return d.controller === 'ECS' && BLUE_GREEN_STRATEGIES.includes(d.strategy);
}

const hooksAt = (sim: Sim, stage: string): number => sim.topo.deployment.lifecycleHooks.filter((h) => h.stages.includes(stage)).length;

/** Do requests reach green at this stage, so that a hook there can test it? */
function reachesGreen(sim: Sim, stage: string): boolean {
  if (TEST_STAGES.includes(stage)) return sim.topo.deployment.testListenerRule;
  return stage === 'PRODUCTION_TRAFFIC_SHIFT' || stage === 'POST_PRODUCTION_TRAFFIC_SHIFT';
}

/**
 * Would a hook at this stage see the release fail requests? Where requests reach green, a hook
 * run offline answers for itself (its verdict); one not run is assumed to test (see the header).
 */
function validates(sim: Sim, stage: string): boolean {
  if (!reachesGreen(sim, stage)) return false;
  return sim.topo.deployment.lifecycleHooks.some((h) => h.stages.includes(stage) && h.verdict !== 'passes-bad-release');
}

/** Hooks at a stage where requests reach green that, run offline, succeeded against a failing green. */
const blindAt = (sim: Sim, stage: string): boolean =>
  reachesGreen(sim, stage) && sim.topo.deployment.lifecycleHooks.some((h) => h.stages.includes(stage) && h.verdict === 'passes-bad-release');

export function startBlueGreen(sim: Sim, t: number): BlueGreenState {
  const d = sim.topo.deployment;
  const cb = d.circuitBreaker;
  const threshold = cb.enable && cb.rollback ? circuitBreakerThreshold(sim.desired, sim.timings, cb.threshold) : undefined;
  sim.greenWeight = 0;
  const what = sim.release === 'good' ? 'a release' : sim.release === 'requests' ? 'a release that passes its health checks but fails every request' : 'a release whose health check never passes';
  event(sim, t, `${what} starts a ${d.strategy} deployment: blue keeps 100 % of production traffic while green starts beside it`);
  if (!d.alternateTargetGroup && sim.topo.targetGroupHealthCheck) event(sim, t, 'the service names no alternate target group, so green has no target group of its own (ECS needs one to shift traffic)');
  if (d.alarms.enable && d.alarms.names.length) event(sim, t, `deployment alarms (${d.alarms.names.join(', ')}) are not evaluated offline: their metrics are not part of the replay`);
  const pre = hooksAt(sim, 'PRE_SCALE_UP');
  if (pre) event(sim, t, `the PRE_SCALE_UP lifecycle hook runs (a migration goes here); the replay assumes it succeeds after ${sim.timings.lifecycleHookSeconds} s`);
  return { kind: 'blue-green', phase: 'pre-scale-up', startedAt: t, failed: 0, threshold, nextLaunchAt: t, until: t + (pre ? sim.timings.lifecycleHookSeconds : 0), gates: [] };
}

export function stepBlueGreen(sim: Sim, dep: BlueGreenState, t: number): void {
  const green = () => sim.tasks.filter((task) => isActive(task) && task.revision === 'bad');
  const hook = sim.timings.lifecycleHookSeconds;

  if (dep.phase === 'pre-scale-up' && t >= dep.until) {
    const placed = launchSpread(sim, sim.desired, 'bad', t);
    event(sim, t, `ECS starts ${plural(sim.desired, 'green task')} (${perAzText(placed)}), registered with the alternate target group: no production traffic reaches them`);
    dep.phase = 'scaling-up';
  }

  if (dep.phase === 'scaling-up') {
    const failing = green().filter((task) => task.failsAt !== undefined && task.failsAt <= t);
    if (failing.length) {
      for (const task of failing) task.stoppedAt = t;
      dep.failed += failing.length;
      dep.nextLaunchAt = t + sim.timings.schedulerReactionSeconds;
      event(sim, t, `ECS stops ${plural(failing.length, 'green task')}: health checks failed (${dep.failed} so far); blue still serves all production traffic`);
      if (dep.threshold !== undefined && dep.failed >= dep.threshold) return rollBack(sim, dep, t, `the circuit breaker trips after ${plural(dep.failed, 'failed task')}`);
    }
    const missing = sim.desired - green().length;
    if (missing > 0 && t >= dep.nextLaunchAt) launchSpread(sim, missing, 'bad', t);
    if (green().length >= sim.desired && green().every((task) => isHealthy(task, t))) {
      event(sim, t, `green is healthy: ${plural(sim.desired, 'task')}`);
      event(sim, t, sim.topo.deployment.testListenerRule
        ? 'TEST_TRAFFIC_SHIFT: the test listener rule sends test traffic to green'
        : 'no test listener rule: nothing can reach green before production traffic does');
      dep.gates = GATES.filter((stage) => hooksAt(sim, stage) > 0);
      dep.phase = 'testing';
      dep.until = t + (dep.gates.length ? hook : 0);
      if (dep.gates.length) event(sim, t, `the ${dep.gates[0]} lifecycle hook runs`);
    }
  }

  if (dep.phase === 'testing' && t >= dep.until) {
    const stage = dep.gates.shift();
    if (stage !== undefined) {
      if (sim.release === 'requests' && validates(sim, stage)) {
        return rollBack(sim, dep, t, `the ${stage} hook's tests fail against green through the test listener and it returns FAILED`, stage);
      }
      if (TEST_STAGES.includes(stage) && !reachesGreen(sim, stage)) event(sim, t, `the ${stage} hook returns SUCCEEDED: without a test listener rule no test request reached green`);
      else if (sim.release === 'requests' && blindAt(sim, stage)) event(sim, t, `the ${stage} hook returns SUCCEEDED: run offline against a green that failed every request, its function still succeeded`);
      if (dep.gates.length) {
        dep.until = t + hook;
        event(sim, t, `the ${dep.gates[0]} lifecycle hook runs`);
        return;
      }
    }
    startShift(sim, dep, t);
  }

  if (dep.phase === 'shifting' || dep.phase === 'baking') {
    if (dep.productionHookAt !== undefined && t >= dep.productionHookAt) {
      const stage = dep.productionHookStage!;
      dep.productionHookAt = undefined;
      if (sim.release === 'requests' && validates(sim, stage)) return rollBack(sim, dep, t, `the ${stage} hook sees production requests to green fail and returns FAILED`, stage);
      if (sim.release === 'requests' && blindAt(sim, stage)) event(sim, t, `the ${stage} hook returns SUCCEEDED: run offline against a green that failed every request, its function still succeeded`);
    }
  }

  if (dep.phase === 'shifting' && t >= dep.until) {
    const shift = sim.topo.deployment.trafficShift;
    const next = sim.topo.deployment.strategy === 'LINEAR' && shift ? Math.min(1, (sim.greenWeight ?? 0) + shift.percent / 100) : 1;
    setWeight(sim, dep, next, t);
    if (next < 1) {
      dep.until = t + shift!.stepBakeMinutes * 60;
    } else {
      finishShift(sim, dep, t);
    }
  }

  if (dep.phase === 'baking' && t >= dep.until && dep.productionHookAt === undefined) {
    for (const task of sim.tasks.filter((x) => isActive(x) && x.revision === 'good')) task.stoppedAt = t;
    dep.phase = 'done';
    event(sim, t, 'the bake time is over: ECS stops blue; the release is the service\'s revision');
  }
}

function startShift(sim: Sim, dep: BlueGreenState, t: number): void {
  const d = sim.topo.deployment;
  dep.phase = 'shifting';
  const first = d.strategy === 'BLUE_GREEN' || !d.trafficShift ? 1 : Math.min(1, d.trafficShift.percent / 100);
  setWeight(sim, dep, first, t);
  if (hooksAt(sim, 'PRODUCTION_TRAFFIC_SHIFT')) armProductionHook(sim, dep, 'PRODUCTION_TRAFFIC_SHIFT', t);
  if (first >= 1) finishShift(sim, dep, t);
  else dep.until = t + d.trafficShift!.stepBakeMinutes * 60;
}

function finishShift(sim: Sim, dep: BlueGreenState, t: number): void {
  const bake = sim.topo.deployment.bakeTimeMinutes ?? 0;
  dep.phase = 'baking';
  dep.until = t + bake * 60;
  dep.outcome = { outcome: 'completed', atSecond: t, failedTasks: dep.failed, productionShiftAtSecond: dep.productionShiftAt };
  event(sim, t, `production traffic has shifted to green; blue keeps running for the bake time (${bake} min) so a rollback is only a weight change`);
  if (hooksAt(sim, 'POST_PRODUCTION_TRAFFIC_SHIFT') && dep.productionHookAt === undefined) armProductionHook(sim, dep, 'POST_PRODUCTION_TRAFFIC_SHIFT', t);
}

function armProductionHook(sim: Sim, dep: BlueGreenState, stage: string, t: number): void {
  dep.productionHookAt = t + sim.timings.lifecycleHookSeconds;
  dep.productionHookStage = stage;
  event(sim, t, `the ${stage} lifecycle hook runs while production traffic reaches green`);
}

function setWeight(sim: Sim, dep: BlueGreenState, weight: number, t: number): void {
  if (weight > 0 && dep.productionShiftAt === undefined) dep.productionShiftAt = t;
  sim.greenWeight = weight;
  event(sim, t, `the production listener rule sends ${Math.round(weight * 100)} % of production traffic to green`);
}

function rollBack(sim: Sim, dep: BlueGreenState, t: number, why: string, stage?: string): void {
  const shifted = (sim.greenWeight ?? 0) > 0;
  sim.greenWeight = 0;
  for (const task of sim.tasks.filter((x) => isActive(x) && x.revision === 'bad')) task.stoppedAt = t;
  dep.phase = 'done';
  dep.productionHookAt = undefined;
  dep.outcome = {
    outcome: 'rolled-back', atSecond: t, failedTasks: dep.failed,
    ...(dep.threshold !== undefined ? { circuitBreakerThreshold: dep.threshold } : {}),
    ...(dep.productionShiftAt !== undefined ? { productionShiftAtSecond: dep.productionShiftAt } : {}),
    ...(stage ? { failedAtStage: stage } : {}),
  };
  event(sim, t, `${why}: ECS rolls back${shifted ? ', moving production traffic back to blue' : ' before any production traffic reached green'} and stops green`);
}

/** The outcome at the end of the replay. */
export function blueGreenOutcome(sim: Sim, dep: BlueGreenState, end: number): DeploymentOutcome {
  if (dep.outcome) return dep.outcome;
  event(sim, end, dep.phase === 'scaling-up' && dep.failed > 0
    ? `green never became healthy: ${plural(dep.failed, 'task')} failed and ECS keeps replacing them (blue still serves all production traffic)`
    : 'the deployment had not shifted production traffic when the replay ended');
  return {
    outcome: 'stuck', failedTasks: dep.failed,
    ...(dep.threshold !== undefined ? { circuitBreakerThreshold: dep.threshold } : {}),
    ...(dep.productionShiftAt !== undefined ? { productionShiftAtSecond: dep.productionShiftAt } : {}),
  };
}
