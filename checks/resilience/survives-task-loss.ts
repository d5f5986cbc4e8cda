import { simulate } from '../../engine/faults/simulate';
import { taskCapacityRps } from '../../engine/faults/sim/traffic';
import type { ServiceTopology } from '../../engine/faults/topology';
import type { FaultScenario } from '../../engine/faults/types';
import { defineCheck } from '../../engine/types';
import { limitProblems, lowestServing, outcomeOf, plural, pct, serviceToReplay } from './judge';
import { parseCommon, type ResilienceParams } from './params';

type Selection = Extract<FaultScenario, { kind: 'stop-tasks' }>['selection'];

export interface TaskLossParams extends ResilienceParams {
  /** Which tasks FIS stops: `{ count: n }` or `{ percent: p }` (default one task). */
  selection: Selection;
}

const ID = 'resilience.survives-task-loss';

/**
 * Replays FIS `aws:ecs:stop-task` against the service: some tasks stop at once, ECS deregisters
 * them and launches replacements. The remaining tasks must carry the load until the replacements
 * pass their health check.
 */
export const survivesTaskLoss = defineCheck<TaskLossParams>({
  id: ID,
  title: 'The service keeps serving when tasks are stopped',
  severity: 'high',
  why:
    'Tasks stop: a deployment, a host retired, Fargate Spot reclaiming capacity, an out-of-memory kill. ECS starts a ' +
    'replacement, but it needs a minute or more to pull the image, start and pass a health check. Until then the other ' +
    'tasks carry the load — with one task there are no others.',
  refs: {
    wellArchitected: ['REL 11: How do you design your workload to withstand component failures?'],
    docs: ['https://docs.aws.amazon.com/fis/latest/userguide/ecs-task-actions.html'],
  },
  params(raw) {
    return { ...parseCommon(ID, raw, ['selection']), selection: parseSelection(raw.selection) };
  },
  offline({ model, params }) {
    const topo = serviceToReplay(model, params);
    if ('skip' in topo) return { status: 'skip', reason: topo.skip };
    const replay = simulate(topo, {
      scenario: { kind: 'stop-tasks', selection: params.selection },
      startsAtSecond: params.startsAtSecond,
      load: params.load,
      hypothesis: `service ${topo.name} keeps serving ${pct(params.minAvailability)} when tasks are stopped`,
    });
    const problems = limitProblems(replay, params);
    if (problems.length === 0) return outcomeOf(model, topo, replay, []);
    const stopped = stoppedCount(params.selection, topo.desiredCount);
    const low = lowestServing(replay, params.startsAtSecond, params.load.durationSeconds);
    const message = `stopping ${stopped} of ${plural(topo.desiredCount, 'task')} left ${low.tasks} serving for ${low.seconds} s: ${problems.join('; ')}`;
    return outcomeOf(model, topo, replay, [{ message, hint: hint(topo, params, stopped) }]);
  },
});

function parseSelection(raw: unknown): Selection {
  if (raw === undefined) return { count: 1 };
  const s = raw as Record<string, unknown>;
  if (s && typeof s === 'object' && Object.keys(s).length === 1) {
    if (Number.isInteger(s.count) && (s.count as number) >= 1) return { count: s.count as number };
    if (typeof s.percent === 'number' && s.percent > 0 && s.percent <= 100) return { percent: s.percent };
  }
  throw new Error(`${ID}: selection must be { count: a whole number ≥ 1 } or { percent: above 0 up to 100 }, got ${JSON.stringify(raw)}`);
}

/** How many tasks the selection stops (the simulator's rule: a percent rounds down, at least one). */
function stoppedCount(selection: Selection, desired: number): number {
  return 'count' in selection ? Math.min(desired, selection.count) : Math.min(desired, Math.max(1, Math.floor((desired * selection.percent) / 100)));
}

function hint(topo: ServiceTopology, params: TaskLossParams, stopped: number): string {
  if (topo.desiredCount === 0) return `Service ${topo.name} runs no tasks (desiredCount 0): run at least two.`;
  const left = topo.desiredCount - stopped;
  if (left <= 0) {
    const all = topo.desiredCount === 1 ? 'The only task' : `All ${topo.desiredCount} tasks`;
    return `${all} stopped at once: run more tasks (desiredCount) so some keep serving while ECS replaces the others.`;
  }
  const perTask = taskCapacityRps(topo.taskCpuUnits, params.load.cpuMsPerRequest);
  const peakRps = Math.max(...params.load.phases.map((p) => p.rps));
  if (left * perTask < peakRps) {
    return `The ${plural(left, 'task')} left could serve about ${Math.floor(left * perTask)} rps of the ${peakRps} rps demanded until the replacements served: run more tasks or give each more CPU.`;
  }
  return 'The replacements took too long to serve: a smaller image starts faster, and a shorter target group health check interval lets them in sooner.';
}
