import { simulate } from '../../engine/faults/simulate';
import { taskCapacityRps } from '../../engine/faults/sim/traffic';
import type { ServiceTopology } from '../../engine/faults/topology';
import type { FaultReplay, FaultScenario } from '../../engine/faults/types';
import { defineCheck } from '../../engine/types';
import { errorSeconds, limitProblems, outcomeOf, pct, plural, serviceToReplay } from './judge';
import { parseCommon, type ResilienceParams } from './params';

export interface StressParams {
  /** CPU load FIS adds in each stressed task, 0–100. */
  percent: number;
  durationSeconds: number;
  /** Share of tasks stressed, 0–100 (default 100). */
  tasksPercent?: number;
}

export interface LoadSpikeParams extends ResilienceParams {
  /** An `aws:ecs:task-cpu-stress` experiment running alongside the spike, from startsAtSecond. */
  stress?: StressParams;
}

const ID = 'resilience.absorbs-load-spike';

/**
 * Replays the lab's load profile — its spike is in the phases — optionally with FIS CPU stress, and
 * judges how much was served and how soon errors stopped. Target tracking auto scaling is replayed
 * as Application Auto Scaling runs it (1-minute datapoints, alarm datapoints, cooldowns, min/max).
 */
export const absorbsLoadSpike = defineCheck<LoadSpikeParams>({
  id: ID,
  title: 'The service absorbs a load spike',
  severity: 'medium',
  why:
    'Traffic does not ask before it triples. A fixed number of tasks serves up to its CPU and fails the rest; target ' +
    'tracking adds tasks, but only after its alarm has seen several minutes of high load and the new tasks have started ' +
    'and passed a health check. Headroom, a sensible target value and a high enough maximum decide how many requests fail meanwhile.',
  refs: {
    wellArchitected: ['REL 7: How do you design your workload to adapt to changes in demand?', 'PERF 2: How do you select and use compute resources?'],
    docs: ['https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-autoscaling-targettracking.html'],
  },
  params(raw) {
    return { ...parseCommon(ID, raw, ['stress']), ...(raw.stress !== undefined ? { stress: parseStress(raw.stress) } : {}) };
  },
  offline({ model, params }) {
    const topo = serviceToReplay(model, params);
    if ('skip' in topo) return { status: 'skip', reason: topo.skip };
    // Without stress the fault is the load itself: a CPU stress of 0 % leaves every task whole.
    const scenario: FaultScenario = params.stress
      ? { kind: 'cpu-stress', ...params.stress }
      : { kind: 'cpu-stress', percent: 0, durationSeconds: 0 };
    const replay = simulate(topo, {
      scenario,
      startsAtSecond: params.startsAtSecond,
      load: params.load,
      hypothesis: `service ${topo.name} serves ${pct(params.minAvailability)} of a load that peaks at ${peakRps(params)} rps`,
    });
    const problems = limitProblems(replay, params);
    if (problems.length === 0) return outcomeOf(model, topo, replay, []);
    const perTask = taskCapacityRps(topo.taskCpuUnits, params.load.cpuMsPerRequest);
    const message =
      `at ${peakRps(params)} rps against ${plural(topo.desiredCount, 'task')} serving about ${Math.floor(perTask)} rps each` +
      `${params.stress ? ` (with ${params.stress.percent} % CPU stress)` : ''}, requests failed for ${errorSeconds(replay)} s: ${problems.join('; ')}`;
    return outcomeOf(model, topo, replay, [{ message, hint: hint(topo, replay, params) }]);
  },
});

const peakRps = (params: ResilienceParams) => Math.max(...params.load.phases.map((p) => p.rps));

function parseStress(raw: unknown): StressParams {
  const s = raw as Record<string, unknown>;
  const ok = (v: unknown, min: number, max: number) => typeof v === 'number' && Number.isFinite(v) && v >= min && v <= max;
  if (s && typeof s === 'object' && ok(s.percent, 0, 100) && ok(s.durationSeconds, 1, 86_400) && (s.tasksPercent === undefined || ok(s.tasksPercent, 1, 100))) {
    return { percent: s.percent as number, durationSeconds: s.durationSeconds as number, ...(s.tasksPercent !== undefined ? { tasksPercent: s.tasksPercent as number } : {}) };
  }
  throw new Error(`${ID}: stress must be { percent: 0–100, durationSeconds: > 0, tasksPercent?: 1–100 }, got ${JSON.stringify(raw)}`);
}

function hint(topo: ServiceTopology, replay: FaultReplay, params: LoadSpikeParams): string {
  const scaling = topo.autoScaling;
  const tracked = scaling?.targetTracking.filter((p) => p.metric === 'cpu' || p.metric === 'requests') ?? [];
  if (!scaling || tracked.length === 0) {
    const others = scaling ? [...new Set(scaling.targetTracking.map((p) => p.metricName))] : [];
    if (others.length) {
      return `Its target tracking follows ${others.join(', ')}, which this load does not move: track CPU (scaleOnCpuUtilization) or requests per target (scaleOnRequestCount).`;
    }
    return 'Nothing scales the service: add target tracking (autoScaleTaskCount, then scaleOnCpuUtilization or scaleOnRequestCount) with a maxCapacity that covers the spike.';
  }
  const perTask = taskCapacityRps(topo.taskCpuUnits, params.load.cpuMsPerRequest);
  const needed = Math.ceil(peakRps(params) / perTask);
  if (scaling.maxCapacity < needed) {
    return `The spike needs about ${needed} tasks of ${Math.floor(perTask)} rps but maxCapacity is ${scaling.maxCapacity}: raise it (or give each task more CPU).`;
  }
  const reached = Math.max(...replay.timeline.map((s) => s.desired));
  return `Scaling reached ${plural(reached, 'task')} but too late: target tracking waits for several 1-minute datapoints above the target, then for new tasks to start. A lower target value, a shorter scaleOutCooldown or more tasks from the start (minCapacity) leave headroom.`;
}
