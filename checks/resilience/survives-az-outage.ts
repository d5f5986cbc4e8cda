import { simulate } from '../../engine/faults/simulate';
import { taskCapacityRps } from '../../engine/faults/sim/traffic';
import type { ServiceTopology } from '../../engine/faults/topology';
import type { FaultReplay } from '../../engine/faults/types';
import { defineCheck } from '../../engine/types';
import { limitProblems, lowestServing, outcomeOf, pct, plural, serviceToReplay } from './judge';
import { parseCommon, secondsParam, type ResilienceParams } from './params';

export interface AzOutageParams extends ResilienceParams {
  /** How long the Availability Zone stays unreachable (default 300 s). */
  durationSeconds: number;
}

const ID = 'resilience.survives-az-outage';
export const DEFAULT_OUTAGE_SECONDS = 300;

/**
 * Replays the loss of each of the service's Availability Zones in turn (FIS
 * `aws:network:disrupt-connectivity` on that zone's subnets) and judges the worst: the share of
 * requests served and how long errors lasted. A service in one zone is replayed too, and fails.
 */
export const survivesAzOutage = defineCheck<AzOutageParams>({
  id: ID,
  title: 'The service keeps serving when an Availability Zone is lost',
  severity: 'high',
  why:
    'A zone can go dark as a whole. What the learner sees then depends on settings, not luck: tasks in every zone, enough ' +
    'of them that the survivors carry the load, and a target group health check quick enough to stop sending requests to ' +
    'the tasks that are gone. ECS replaces the lost tasks in the remaining zones, but that takes minutes.',
  refs: {
    securityHub: ['ELB.13'],
    wellArchitected: ['REL 10: How do you use fault isolation to protect your workload?', 'REL 11: How do you design your workload to withstand component failures?'],
    docs: [
      'https://docs.aws.amazon.com/fis/latest/userguide/fis-actions-reference.html#network-actions-reference',
      'https://docs.aws.amazon.com/elasticloadbalancing/latest/application/target-group-health-checks.html',
    ],
  },
  params(raw) {
    return { ...parseCommon(ID, raw, ['durationSeconds']), durationSeconds: secondsParam(ID, raw, 'durationSeconds', DEFAULT_OUTAGE_SECONDS) };
  },
  offline({ model, params }) {
    const topo = serviceToReplay(model, params);
    if ('skip' in topo) return { status: 'skip', reason: topo.skip };
    if (topo.azs.length === 0) {
      return { status: 'skip', reason: `the stack does not say which Availability Zones service ${topo.name} runs in (its subnets are not defined in it)` };
    }
    const replays = topo.azs.map((_, az) =>
      simulate(topo, {
        scenario: { kind: 'az-outage', az, durationSeconds: params.durationSeconds },
        startsAtSecond: params.startsAtSecond,
        load: params.load,
        hypothesis: `service ${topo.name} keeps serving ${pct(params.minAvailability)} while one Availability Zone is lost`,
      }));
    const worst = replays.reduce((a, b) => (worse(b, a) ? b : a));
    const lostAz = topo.azs[replays.indexOf(worst)];
    const problems = limitProblems(worst, params);
    if (problems.length === 0) return outcomeOf(model, topo, worst, []);
    const low = lowestServing(worst, params.startsAtSecond, params.startsAtSecond + params.durationSeconds);
    const others = topo.azs.filter((_, i) => replays[i] !== worst && limitProblems(replays[i], params).length > 0);
    const message =
      `losing ${lostAz} left ${plural(low.tasks, 'task')} serving for ${low.seconds} s: ${problems.join('; ')}` +
      (others.length ? ` (losing ${others.join(' or ')} fails too)` : '');
    return outcomeOf(model, topo, worst, [{ message, hint: hint(topo, params, lostAz) }]);
  },
});

/** The replay that hurt more: less served, then a longer (or endless) recovery. */
function worse(a: FaultReplay, b: FaultReplay): boolean {
  if (a.availability !== b.availability) return a.availability < b.availability;
  const ra = a.recoverySeconds ?? Infinity;
  const rb = b.recoverySeconds ?? Infinity;
  return ra > rb;
}

/** The settings that decided this replay, most fundamental first. */
function hint(topo: ServiceTopology, params: AzOutageParams, lostAz: string): string {
  if (topo.azs.length < 2) {
    return `Service ${topo.name} runs only in ${topo.azs[0]}: give it subnets in at least two Availability Zones (a VPC with maxAzs of 2 or more) so ECS can keep tasks elsewhere.`;
  }
  if (topo.desiredCount === 0) return `Service ${topo.name} runs no tasks (desiredCount 0): run at least one per zone.`;
  const survivors = topo.desiredCount - (topo.initialTasksByAz[lostAz] ?? 0);
  if (survivors === 0) {
    const all = topo.desiredCount === 1 ? 'The only task' : `All ${topo.desiredCount} tasks`;
    return `${all} ran in ${lostAz}: run at least one task per zone (desiredCount of ${topo.azs.length} or more; ECS spreads them).`;
  }
  const perTask = taskCapacityRps(topo.taskCpuUnits, params.load.cpuMsPerRequest);
  const peakRps = Math.max(...params.load.phases.map((p) => p.rps));
  if (survivors * perTask < peakRps) {
    return `The ${plural(survivors, 'task')} left could serve about ${Math.floor(survivors * perTask)} rps of the ${peakRps} rps demanded: run more tasks (desiredCount) or give each more CPU so the other zones can carry the load alone.`;
  }
  const tg = topo.targetGroupHealthCheck;
  if (!tg?.enabled) return 'Nothing health-checks the targets, so the load balancer keeps sending requests to the lost tasks: give the target group a health check.';
  return `The load balancer kept sending requests to the lost tasks for ${tg.unhealthyThreshold * tg.intervalSeconds} s (UnhealthyThresholdCount ${tg.unhealthyThreshold} × HealthCheckIntervalSeconds ${tg.intervalSeconds}): a shorter interval or threshold takes them out of rotation sooner.`;
}
