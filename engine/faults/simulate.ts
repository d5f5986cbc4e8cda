// The offline fault simulator: replays one fault against one ECS service in steps of a few seconds,
// deterministically (no randomness: FIS's random picks become "the first tasks in launch order").
// Per step: the fault's transitions, health checks taking dead targets out, the ECS scheduler (or
// the rolling deployment) launching and stopping tasks, the traffic the serving tasks carry, and
// target tracking. The result is a prediction, labelled as one: timings are DEFAULT_TIMINGS (each
// with its source), service facts come from the synthesized stack (./topology).
import type { FaultBreakSpec, FaultReplay, TimelineStep } from './types';
import type { ServiceTopology } from './topology';
import { DEFAULT_TIMINGS, type SimTimings } from './timings';
import { finalOutcome, startDeployment, stepDeployment, type DeploymentState } from './sim/deployment';
import { blueGreenOutcome, isBlueGreen, startBlueGreen, stepBlueGreen, type BlueGreenState } from './sim/bluegreen';
import { closePeriod, newScaling, record, simulated, type ScalingState } from './sim/scaling';
import {
  UNKNOWN_AZ, canAnswer, event, isActive, isRoutable, launchSpread, perAzText, plural, seed, stopBalanced,
  type Sim, type SimTask,
} from './sim/state';
import { beginFault, effects, endFault, markOut } from './sim/faults';
import { stepTraffic } from './sim/traffic';

export { DEFAULT_TIMINGS } from './timings';
export type { SimTimings } from './timings';

/** An error rate below this is rounding, not an error. */
const EPSILON = 1e-6;

/** Requests per second at second `t` of a load profile (its phases are steps). */
export function demandAt(load: FaultBreakSpec['load'], t: number): number {
  let rps = 0;
  for (const phase of load.phases) if (phase.atSecond <= t) rps = phase.rps;
  return rps;
}

export function simulate(service: ServiceTopology, spec: FaultBreakSpec, params: SimTimings = DEFAULT_TIMINGS): FaultReplay {
  validate(spec, params);
  const step = params.stepSeconds;
  const sim: Sim = {
    topo: service,
    timings: params,
    azs: service.azs.length ? service.azs : [UNKNOWN_AZ],
    tasks: [],
    nextId: 1,
    desired: service.desiredCount,
    lostAzs: new Set(),
    scaleOutPending: 0,
    events: [],
  };
  for (let i = 0; i < service.desiredCount; i++) seed(sim, sim.azs[i % sim.azs.length]);
  const scaling = service.autoScaling ? newScaling(service.autoScaling) : undefined;
  if (scaling) noteUnsimulatedScaling(sim, scaling);

  const start = spec.startsAtSecond;
  const scenario = spec.scenario;
  const end = 'durationSeconds' in scenario ? start + scenario.durationSeconds : undefined;
  let started = false;
  let ended = false;
  let deployment: DeploymentState | BlueGreenState | undefined;
  let shortfallSince: number | undefined;
  let noAzNoted = false;
  let chosen: number[] = [];
  let erroring = false;
  let baselineNoted = false;
  const timeline: TimelineStep[] = [];
  let demandTotal = 0;
  let servedTotal = 0;

  for (let t = 0; t < spec.load.durationSeconds; t += step) {
    // 1. The fault begins and ends.
    if (!started && t >= start) {
      started = true;
      chosen = beginFault(sim, spec, t);
      if (scenario.kind === 'bad-release' || scenario.kind === 'release') {
        sim.release = scenario.kind === 'release' ? 'good' : scenario.failure ?? 'health-check';
        deployment = isBlueGreen(sim) ? startBlueGreen(sim, t) : startDeployment(sim, t);
      }
    }
    if (started && !ended && end !== undefined && t >= end) {
      ended = true;
      endFault(sim, spec, t, chosen);
    }

    // 2. Health checks take cut-off targets out; ECS stops what the load balancer calls unhealthy.
    markOut(sim, t);

    // 3. The rolling deployment, or the service scheduler keeping the desired count.
    if (deployment && deployment.phase !== 'done') {
      if ('kind' in deployment) stepBlueGreen(sim, deployment, t);
      else stepDeployment(sim, deployment, t);
    } else {
      const active = sim.tasks.filter(isActive);
      if (active.length < sim.desired) {
        shortfallSince ??= t;
        if (t >= shortfallSince + params.schedulerReactionSeconds) {
          const placed = launchSpread(sim, sim.desired - active.length, 'good', t);
          if (Object.keys(placed).length) {
            event(sim, t, `ECS starts ${launchWhy(sim, Object.values(placed).reduce((a, b) => a + b, 0))} (${perAzText(placed)})`);
            shortfallSince = undefined;
          } else if (!noAzNoted) {
            noAzNoted = true;
            event(sim, t, 'ECS has no reachable Availability Zone left to place replacement tasks in');
          }
        }
      } else {
        shortfallSince = undefined;
        if (active.length > sim.desired) {
          const stopped = stopBalanced(sim, active, active.length - sim.desired, t);
          event(sim, t, `ECS stops ${plural(stopped.length, 'task')} to match the desired count of ${sim.desired}`);
        }
      }
    }
    noteServing(sim, t, step);

    // 4. Traffic.
    const demand = demandAt(spec.load, t);
    const traffic = stepTraffic(sim, t, demand, spec.load.cpuMsPerRequest, effects(sim, spec, t, started && !ended, chosen));
    const errorRate = demand > 0 ? Math.max(0, (demand - traffic.servedRps) / demand) : 0;
    demandTotal += demand;
    servedTotal += traffic.servedRps;
    timeline.push({
      atSecond: t,
      runningByAz: Object.fromEntries(sim.azs.map((az) => [az, sim.tasks.filter((task) => task.az === az && canAnswer(task, t)).length])),
      starting: sim.tasks.filter((task) => isActive(task) && task.cutOffAt === undefined && !isRoutable(task, t)).length,
      healthyTargets: traffic.routableTargets,
      capacityRps: round(traffic.capacityRps),
      demandRps: demand,
      errorRate: round(errorRate, 4),
      desired: sim.desired,
      ...(traffic.addedLatencyMs > 0 ? { addedLatencyMs: traffic.addedLatencyMs } : {}),
    });
    if (errorRate > EPSILON && !erroring) {
      if (t < start && !baselineNoted) {
        baselineNoted = true;
        event(sim, t, `errors before the fault: ${pct(errorRate)} of requests fail with nothing broken (the tasks cannot carry the load)`);
      } else if (t >= start) {
        event(sim, t, `errors begin: ${pct(errorRate)} of requests fail`);
      }
      erroring = true;
    } else if (errorRate <= EPSILON && erroring) {
      erroring = false;
      event(sim, t, 'errors stop');
    }

    // 5. Target tracking closes a metric period at each full minute.
    if (scaling) {
      record(scaling, { cpuPercent: traffic.cpuPercent, requestsPerTarget: traffic.routableTargets ? (demand * 60) / traffic.routableTargets : undefined });
      const next = t + step;
      // A decision at the replay's very end could change nothing it shows.
      if (next % params.metricPeriodSeconds === 0 && next < spec.load.durationSeconds) scale(sim, scaling, next, deployment !== undefined && deployment.phase !== 'done');
    }
  }

  const replay: FaultReplay = {
    experiment: scenario.kind,
    target: service.name,
    availability: demandTotal > 0 ? servedTotal / demandTotal : 1,
    worstErrorRate: Math.max(0, ...timeline.map((s) => s.errorRate)),
    recoverySeconds: null,
    events: [],
    timeline,
    azs: sim.azs,
    stepSeconds: step,
    startsAtSecond: start,
    ...(service.assumed.length ? { assumed: [...service.assumed] } : {}),
  };
  const firstError = timeline.find((s) => s.atSecond >= start && s.errorRate > EPSILON);
  if (firstError) replay.detectSeconds = firstError.atSecond - start;
  const lastError = [...timeline].reverse().find((s) => s.errorRate > EPSILON);
  if (!lastError) replay.recoverySeconds = 0;
  else if (lastError !== timeline[timeline.length - 1]) replay.recoverySeconds = Math.max(0, lastError.atSecond + step - start);
  if (deployment) replay.deployment = 'kind' in deployment ? blueGreenOutcome(sim, deployment, spec.load.durationSeconds) : finalOutcome(sim, deployment, spec.load.durationSeconds);
  if (lastError === timeline[timeline.length - 1] && !deployment) event(sim, spec.load.durationSeconds, 'the service had not recovered when the replay ended');
  replay.events = [...sim.events].sort((a, b) => a.atSecond - b.atSecond);
  return replay;
}

function validate(spec: FaultBreakSpec, t: SimTimings): void {
  const { load } = spec;
  if (!(load.durationSeconds > 0)) throw new Error('load.durationSeconds must be more than 0');
  if (!(load.cpuMsPerRequest > 0)) throw new Error('load.cpuMsPerRequest must be more than 0');
  if (!(t.stepSeconds > 0)) throw new Error('stepSeconds must be more than 0');
  if (!(spec.startsAtSecond >= 0)) throw new Error('startsAtSecond must be 0 or more');
}

/** One event per step for tasks that begin to serve (or, broken, to take traffic). */
function noteServing(sim: Sim, t: number, step: number): void {
  // Blue/green: the release's tasks register with the alternate target group, not production; ./sim/bluegreen tells of them.
  const now = sim.tasks.filter((task) => isActive(task) && task.launchedAt > 0 && task.servingAt !== undefined && task.servingAt > t - step && task.servingAt <= t)
    .filter((task) => sim.greenWeight === undefined || task.revision === 'good');
  const good = now.filter((task) => !task.broken);
  const broken = now.filter((task) => task.broken);
  const byAz = (tasks: SimTask[]) => {
    const out: Record<string, number> = {};
    for (const task of tasks) out[task.az] = (out[task.az] ?? 0) + 1;
    return out;
  };
  if (good.length) event(sim, t, `${plural(good.length, 'new task')} pass${good.length === 1 ? 'es its' : ' their'} first health check and serve${good.length === 1 ? 's' : ''} (${perAzText(byAz(good))})`);
  if (broken.length) event(sim, t, `${plural(broken.length, 'task')} of the release take${broken.length === 1 ? 's' : ''} traffic and fail every request (${sim.release === 'requests' ? 'their health checks pass' : 'nothing health-checks them'})`);
}

/** "2 replacement tasks", "2 tasks for the scale-out", or both, consuming the pending scale-out. */
function launchWhy(sim: Sim, n: number): string {
  const fresh = Math.min(n, sim.scaleOutPending);
  sim.scaleOutPending -= fresh;
  const replacements = n - fresh;
  if (fresh === 0) return plural(replacements, 'replacement task');
  if (replacements === 0) return `${plural(fresh, 'task')} for the scale-out`;
  return `${plural(n, 'task')}: ${fresh} for the scale-out, ${replacements} replacing stopped ones`;
}

function scale(sim: Sim, scaling: ScalingState, t: number, deploying: boolean): void {
  const decision = closePeriod(scaling, t, sim.desired, sim.timings, !deploying);
  if (!decision) return;
  const { policy, metric } = decision;
  const what = policy.metric === 'cpu' ? `CPU ${round(metric, 1)} %` : `${round(metric, 1)} requests per target per minute`;
  event(sim, t, `target tracking (${policy.metricName} target ${policy.targetValue}) scales ${decision.direction}: ${sim.desired} → ${decision.desired} tasks (${what})`);
  sim.scaleOutPending = Math.max(0, sim.scaleOutPending + decision.desired - sim.desired);
  sim.desired = decision.desired;
}

function noteUnsimulatedScaling(sim: Sim, scaling: ScalingState): void {
  const { config } = scaling;
  for (const p of config.targetTracking.filter((x) => !simulated(x))) {
    event(sim, 0, `target tracking on ${p.metricName} is not simulated (that metric does not follow the replayed load): it never scales here`);
  }
  if (config.stepScaling.length) event(sim, 0, `${config.stepScaling.length} step scaling ${config.stepScaling.length === 1 ? 'policy' : 'policies'} present but not simulated`);
}

function round(n: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

function pct(rate: number): string {
  return `${round(rate * 100, 1)} %`;
}
