// One step of traffic. The load balancer spreads requests evenly over the targets it routes to (an
// ALB's default algorithm is round robin); a task answers what its CPU allows, and a request sent to
// a task that is cut off, broken or slower than the idle timeout fails. Errors are therefore demand
// beyond the serving tasks' capacity plus the share of requests sent to dead-but-registered targets.
import { canAnswer, isActive, isRoutable, type Sim, type SimTask } from './state';

/** Effects active in a step: CPU a stress fault steals from some tasks, latency it adds to some. */
export interface StepEffects {
  /** Task id → share of its CPU taken (0–1). */
  stolenCpu: Map<number, number>;
  /** Task id → added response time in ms. */
  addedLatencyMs: Map<number, number>;
}

export const NO_EFFECTS: StepEffects = { stolenCpu: new Map(), addedLatencyMs: new Map() };

export interface StepTraffic {
  demandRps: number;
  servedRps: number;
  /** What the tasks that can answer could serve in total. */
  capacityRps: number;
  /** Targets the load balancer takes as healthy (dead ones not yet marked out included). */
  routableTargets: number;
  /** Average CPU utilization (0–100) of the tasks ECS sees running: the ECSServiceAverageCPUUtilization metric. */
  cpuPercent: number | undefined;
  /** Largest latency added to any routed task this step (ms), 0 when none. */
  addedLatencyMs: number;
}

/** Requests per second one task serves at full CPU: vCPU-ms per second over vCPU-ms per request. */
export function taskCapacityRps(cpuUnits: number, cpuMsPerRequest: number): number {
  return ((cpuUnits / 1024) * 1000) / cpuMsPerRequest;
}

export function stepTraffic(sim: Sim, t: number, demandRps: number, cpuMsPerRequest: number, fx: StepEffects): StepTraffic {
  const full = taskCapacityRps(sim.topo.taskCpuUnits, cpuMsPerRequest);
  const idleTimeoutMs = (sim.topo.loadBalancer?.idleTimeoutSeconds ?? Infinity) * 1000;
  const capOf = (task: SimTask) => full * (1 - (fx.stolenCpu.get(task.id) ?? 0));
  // A response slower than the load balancer's idle timeout is cut off (504); a slower one below it is only slow.
  const timesOut = (task: SimTask) => (fx.addedLatencyMs.get(task.id) ?? 0) >= idleTimeoutMs;
  const answers = (task: SimTask) => canAnswer(task, t) && !timesOut(task);

  const routed = sim.tasks.filter((task) => isRoutable(task, t));
  // Blue/green: the production listener rule weighs the two target groups; each spreads its share over its own
  // targets, and a share sent to a target group without a routable target fails (503).
  const w = sim.greenWeight;
  const groups: [SimTask[], number][] = w === undefined
    ? [[routed, demandRps]]
    : [[routed.filter((task) => task.revision === 'good'), demandRps * (1 - w)], [routed.filter((task) => task.revision === 'bad'), demandRps * w]];
  let served = 0;
  const load = new Map<number, number>();
  for (const [tasks, demand] of groups) {
    const share = tasks.length ? demand / tasks.length : 0;
    for (const task of tasks) {
      if (!answers(task)) continue;
      const s = Math.min(share, capOf(task));
      load.set(task.id, s);
      served += s;
    }
  }
  // Only targets production traffic reaches count as the load balancer's (green ones at weight 0 wait for test traffic).
  const production = w === undefined ? routed : groups.filter(([, demand]) => demand > 0).flatMap(([tasks]) => tasks);
  const capacityRps = production.filter(answers).reduce((sum, task) => sum + capOf(task), 0);

  // CloudWatch sees the tasks that run and can report: started, not stopped, not cut off.
  const reporting = sim.tasks.filter((task) => isActive(task) && task.runningAt <= t && task.cutOffAt === undefined);
  const cpuPercent = reporting.length
    ? reporting.reduce((sum, task) => sum + Math.min(100, (100 * (load.get(task.id) ?? 0)) / full + 100 * (fx.stolenCpu.get(task.id) ?? 0)), 0) / reporting.length
    : undefined;
  const addedLatencyMs = Math.max(0, ...production.map((task) => fx.addedLatencyMs.get(task.id) ?? 0));
  return { demandRps, servedRps: Math.min(served, demandRps), capacityRps, routableTargets: production.length, cpuPercent, addedLatencyMs };
}
