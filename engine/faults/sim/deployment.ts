// A rolling deployment (ECS deployment controller) of a revision whose health check never passes.
// Each step, within the deployment's bounds — at least ceil(desired × minimumHealthyPercent / 100)
// healthy tasks, at most floor(desired × maximumPercent / 100) tasks — ECS stops old tasks it may
// stop (below 100 % it "may stop existing tasks before starting new ones": the replay takes that
// allowance), launches new ones, stops the new ones that fail their health checks and launches
// others. The circuit breaker fails the deployment after its threshold of failed tasks: with rollback
// the last completed revision is deployed again, without it ECS stops launching tasks. Without a
// circuit breaker it never ends.
import type { DeploymentOutcome } from '../types';
import { circuitBreakerThreshold } from '../timings';
import { event, isActive, isHealthy, launchSpread, perAzText, plural, stopBalanced, type Sim } from './state';

export interface DeploymentState {
  phase: 'rolling' | 'rolling-back' | 'failed' | 'done';
  startedAt: number;
  failed: number;
  threshold?: number;
  /** ECS launches again once its reaction time after the last stop has passed. */
  nextLaunchAt: number;
  outcome?: DeploymentOutcome;
}

export function startDeployment(sim: Sim, t: number): DeploymentState {
  const d = sim.topo.deployment;
  const threshold = d.circuitBreaker.enable ? circuitBreakerThreshold(sim.desired, sim.timings, d.circuitBreaker.threshold) : undefined;
  const guard = d.circuitBreaker.enable
    ? `circuit breaker on: it fails the deployment after ${plural(threshold!, 'failed task')}${d.circuitBreaker.rollback ? ' and rolls back' : ', without rollback'}`
    : 'no circuit breaker';
  const what = sim.release === 'good' ? 'a release' : sim.release === 'requests' ? 'a release that passes its health checks but fails every request' : 'a release whose health check never passes';
  event(sim, t, `${what} starts rolling out (minimum healthy ${d.minimumHealthyPercent} %, maximum ${d.maximumPercent} %); ${guard}`);
  if (d.alarms.enable && d.alarms.names.length) {
    event(sim, t, `deployment alarms (${d.alarms.names.join(', ')}) are not evaluated offline: their metrics are not part of the replay`);
  }
  return { phase: 'rolling', startedAt: t, failed: 0, threshold, nextLaunchAt: t };
}

function bounds(sim: Sim): { minHealthy: number; maxTasks: number } {
  const d = sim.topo.deployment;
  return {
    minHealthy: Math.ceil((sim.desired * d.minimumHealthyPercent) / 100 - 1e-9),
    maxTasks: Math.floor((sim.desired * d.maximumPercent) / 100 + 1e-9),
  };
}

/** One step of the deployment at second `t`. */
export function stepDeployment(sim: Sim, dep: DeploymentState, t: number): void {
  if (dep.phase === 'done') return;
  const reaction = sim.timings.schedulerReactionSeconds;
  const active = (rev: 'good' | 'bad') => sim.tasks.filter((task) => isActive(task) && task.revision === rev);

  // New tasks whose health checks have failed: ECS stops them and counts them against the deployment.
  const failing = active('bad').filter((task) => task.failsAt !== undefined && task.failsAt <= t);
  if (failing.length) {
    for (const task of failing) task.stoppedAt = t;
    dep.failed += failing.length;
    dep.nextLaunchAt = t + reaction;
    const count = dep.threshold !== undefined ? ` (${dep.failed} failed so far; the circuit breaker trips at ${dep.threshold})` : ` (${dep.failed} failed so far)`;
    event(sim, t, `ECS stops ${plural(failing.length, 'new task')}: health checks failed${count}`);
  }

  if (dep.phase === 'rolling' && dep.threshold !== undefined && dep.failed >= dep.threshold) {
    const bad = active('bad');
    if (sim.topo.deployment.circuitBreaker.rollback) {
      for (const task of bad) task.stoppedAt = t;
      dep.phase = 'rolling-back';
      dep.nextLaunchAt = t + reaction;
      event(sim, t, `circuit breaker trips after ${plural(dep.failed, 'failed task')}: the deployment FAILED and ECS rolls back to the last completed revision`);
    } else {
      dep.phase = 'failed';
      dep.outcome = { outcome: 'stuck', failedTasks: dep.failed, circuitBreakerThreshold: dep.threshold };
      const good = active('good').length;
      event(sim, t, `circuit breaker trips after ${plural(dep.failed, 'failed task')}: the deployment FAILED and, without rollback, ECS launches no more tasks (${plural(good, 'old task')} left of ${sim.desired})`);
    }
  }

  const { minHealthy, maxTasks } = bounds(sim);
  if (dep.phase === 'rolling') {
    // Old tasks may go while enough healthy tasks stay (new ones only count once they serve).
    const good = active('good');
    const healthyNew = active('bad').filter((task) => isHealthy(task, t)).length;
    const healthyOld = good.filter((task) => isHealthy(task, t)).length;
    const stoppable = Math.min(good.length, healthyOld + healthyNew - minHealthy);
    if (stoppable > 0) {
      const stopped = stopBalanced(sim, good, stoppable, t);
      event(sim, t, `ECS stops ${plural(stopped.length, 'old task')} (${perAzText(countByAz(stopped))}): the minimum healthy percent allows it`);
    }
    if (t >= dep.nextLaunchAt) {
      const bad = active('bad').length;
      const room = Math.min(sim.desired - bad, maxTasks - (active('good').length + bad));
      if (room > 0) {
        const placed = launchSpread(sim, room, 'bad', t);
        const n = Object.values(placed).reduce((a, b) => a + b, 0);
        if (n) event(sim, t, `ECS starts ${plural(n, 'task')} of the release (${perAzText(placed)})`);
      }
    }
    // ECS takes the release as healthy when its tasks count as healthy (nothing checks them) and the old ones are gone.
    const healthyRelease = active('bad').filter((task) => isHealthy(task, t)).length;
    if (healthyRelease >= sim.desired && active('good').length === 0) {
      dep.phase = 'done';
      dep.outcome = { outcome: 'completed', atSecond: t, failedTasks: dep.failed };
      event(sim, t, sim.release === 'good'
        ? 'the deployment COMPLETED: the release\'s tasks are healthy and take all the traffic'
        : sim.release === 'requests'
          ? 'the deployment COMPLETED: the release passes its health checks, so its tasks now take all the traffic and fail every request'
          : 'the deployment COMPLETED: no health check failed the release, so its broken tasks now take all the traffic');
    }
  } else if (dep.phase === 'rolling-back') {
    const good = active('good');
    if (t >= dep.nextLaunchAt) {
      const room = Math.min(sim.desired - good.length, maxTasks - good.length);
      if (room > 0) {
        const placed = launchSpread(sim, room, 'good', t);
        const n = Object.values(placed).reduce((a, b) => a + b, 0);
        if (n) event(sim, t, `ECS starts ${plural(n, 'task')} of the previous revision (${perAzText(placed)})`);
      }
    }
    const healthy = active('good').filter((task) => isHealthy(task, t)).length;
    if (healthy >= sim.desired) {
      dep.phase = 'done';
      dep.outcome = { outcome: 'rolled-back', atSecond: t, failedTasks: dep.failed, circuitBreakerThreshold: dep.threshold };
      event(sim, t, `rollback complete: ${plural(healthy, 'task')} of the previous revision ${healthy === 1 ? 'is' : 'are'} healthy`);
    }
  }
}

/** A rolling deployment has no test stage: production traffic reaches the release when its first task serves. */
function withShift(sim: Sim, outcome: DeploymentOutcome, end: number): DeploymentOutcome {
  const served = sim.tasks.filter((task) => task.revision === 'bad' && task.servingAt !== undefined && task.servingAt < end && (task.stoppedAt === undefined || task.stoppedAt > task.servingAt));
  return served.length ? { ...outcome, productionShiftAtSecond: Math.min(...served.map((task) => task.servingAt!)) } : outcome;
}

/** The outcome at the end of the replay: a deployment still going never stabilised. */
export function finalOutcome(sim: Sim, dep: DeploymentState, end: number): DeploymentOutcome {
  return withShift(sim, rawOutcome(sim, dep, end), end);
}

function rawOutcome(sim: Sim, dep: DeploymentState, end: number): DeploymentOutcome {
  if (dep.outcome) return dep.outcome;
  const launched = sim.tasks.some((task) => task.revision === 'bad');
  if (!launched) {
    const d = sim.topo.deployment;
    event(sim, end, `ECS never started a task of the release: minimum healthy ${d.minimumHealthyPercent} % and maximum ${d.maximumPercent} % leave it no room`);
    return { outcome: 'stuck', failedTasks: 0, ...(dep.threshold !== undefined ? { circuitBreakerThreshold: dep.threshold } : {}) };
  }
  event(sim, end, dep.phase === 'rolling-back'
    ? 'the rollback had not finished when the replay ended'
    : `the deployment never stabilised: ${plural(dep.failed, 'task')} of the release failed and ECS keeps replacing them`);
  return { outcome: 'stuck', failedTasks: dep.failed, ...(dep.threshold !== undefined ? { circuitBreakerThreshold: dep.threshold } : {}) };
}

function countByAz(tasks: { az: string }[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const t of tasks) out[t.az] = (out[t.az] ?? 0) + 1;
  return out;
}
