import { simulate } from '../../engine/faults/simulate';
import type { ServiceTopology } from '../../engine/faults/topology';
import type { FaultReplay } from '../../engine/faults/types';
import { defineCheck } from '../../engine/types';
import { limitProblems, outcomeOf, pct, plural, serviceToReplay } from './judge';
import { parseCommon, secondsParam, type ResilienceParams } from './params';

export interface SafeDeploymentParams extends ResilienceParams {
  /** Seconds from the release's start by which the rollback must be complete (default 600). */
  maxRollbackSeconds: number;
}

const ID = 'resilience.safe-deployments';
export const DEFAULT_MAX_ROLLBACK_SECONDS = 600;

/**
 * Replays a rolling deployment of a release whose health check never passes. It passes only when
 * the deployment circuit breaker rolls it back within `maxRollbackSeconds` and the rollout itself
 * kept availability at the lab's minimum (the minimum healthy percent decides what ECS may stop).
 */
export const safeDeployments = defineCheck<SafeDeploymentParams>({
  id: ID,
  title: 'A bad release is rolled back without an outage',
  severity: 'high',
  why:
    'Sooner or later a release will not start. With the deployment circuit breaker and rollback, ECS gives up after a ' +
    'few failed tasks and redeploys the last good revision; without it, it keeps launching failing tasks forever. The ' +
    'minimum healthy percent decides whether the old tasks keep serving meanwhile: at 0 % ECS may stop them all first.',
  refs: {
    wellArchitected: ['REL 8: How do you implement change?', 'OPS 6: How do you mitigate deployment risks?'],
    docs: ['https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-circuit-breaker.html'],
  },
  params(raw) {
    return { ...parseCommon(ID, raw, ['maxRollbackSeconds']), maxRollbackSeconds: secondsParam(ID, raw, 'maxRollbackSeconds', DEFAULT_MAX_ROLLBACK_SECONDS) };
  },
  offline({ model, params }) {
    const topo = serviceToReplay(model, params);
    if ('skip' in topo) return { status: 'skip', reason: topo.skip };
    if (topo.deployment.controller !== 'ECS') {
      return { status: 'skip', reason: `service ${topo.name} deploys with ${topo.deployment.controller}, not a rolling ECS deployment; only rolling deployments are replayed` };
    }
    if (topo.deployment.strategy !== 'ROLLING') {
      return { status: 'skip', reason: `service ${topo.name} deploys with the ${topo.deployment.strategy} strategy; only rolling deployments are replayed` };
    }
    const replay = simulate(topo, {
      scenario: { kind: 'bad-release' },
      startsAtSecond: params.startsAtSecond,
      load: params.load,
      hypothesis: `a release of service ${topo.name} that never becomes healthy is rolled back within ${params.maxRollbackSeconds} s, serving ${pct(params.minAvailability)}`,
    });
    return outcomeOf(model, topo, replay, problems(topo, replay, params));
  },
});

function problems(topo: ServiceTopology, replay: FaultReplay, params: SafeDeploymentParams): { message: string; hint?: string }[] {
  const out: { message: string; hint?: string }[] = [];
  const d = replay.deployment!;
  const cb = topo.deployment.circuitBreaker;
  if (d.outcome === 'completed') {
    out.push({
      message: 'nothing health-checked the release, so ECS completed its deployment and its tasks failed every request',
      hint: 'Give the container a health check (healthCheck in addContainer) or put the service behind a target group with one: ECS can only stop what a health check calls unhealthy.',
    });
  } else if (d.outcome === 'stuck') {
    if (d.failedTasks === 0) {
      out.push({
        message: `no release can roll out: minimumHealthyPercent ${topo.deployment.minimumHealthyPercent} and maxHealthyPercent ${topo.deployment.maximumPercent} leave ECS no room to start a new task`,
        hint: 'Let ECS start new tasks beside the old ones: maxHealthyPercent 200 with minimumHealthyPercent 100.',
      });
    } else if (!cb.enable) {
      out.push({
        message: `without the deployment circuit breaker the bad release never stabilised: ${plural(d.failedTasks ?? 0, 'task')} failed and ECS kept launching more`,
        hint: 'Turn on the deployment circuit breaker with rollback: circuitBreaker: { enable: true, rollback: true }.',
      });
    } else if (!cb.rollback) {
      out.push({
        message: `the circuit breaker failed the deployment after ${plural(d.failedTasks ?? 0, 'failed task')}, but without rollback the service stays on the failed release`,
        hint: 'Set rollback: true on the circuit breaker so ECS redeploys the last completed revision.',
      });
    } else if ((d.failedTasks ?? 0) < (d.circuitBreakerThreshold ?? 0)) {
      out.push({
        message: `the circuit breaker had not tripped when the replay ended: ${d.failedTasks} of the ${d.circuitBreakerThreshold} failed tasks it waits for`,
        hint: 'Make failing tasks fail faster: a shorter health check grace period and health check interval (or a longer replay, if the lab allows).',
      });
    } else {
      out.push({ message: 'the rollback had not finished when the replay ended', hint: 'Make failing tasks fail faster: a shorter health check grace period and health check interval.' });
    }
  } else if (d.atSecond !== undefined && d.atSecond - params.startsAtSecond > params.maxRollbackSeconds) {
    out.push({
      message: `the bad release was rolled back ${d.atSecond - params.startsAtSecond} s after it started; the lab allows ${params.maxRollbackSeconds} s`,
      hint: `ECS needs ${plural(d.circuitBreakerThreshold ?? 3, 'failed task')} before it rolls back: a shorter health check grace period (${topo.healthCheckGracePeriodSeconds} s now) and quicker health checks let each one fail sooner.`,
    });
  }
  const limits = limitProblems(replay, params);
  if (limits.length) {
    const min = topo.deployment.minimumHealthyPercent;
    out.push({
      message: `during the rollout ${limits.join('; ')}`,
      hint: min < 100
        ? `minimumHealthyPercent ${min} let ECS stop old tasks before any new one was healthy: with 100 (and maxHealthyPercent 200) the old tasks serve until the new ones pass.`
        : 'Keep enough old tasks serving during the rollout (minimumHealthyPercent 100, maxHealthyPercent 200).',
    });
  }
  return out;
}
