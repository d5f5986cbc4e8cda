// The simulator's state: the service's tasks with the seconds at which each changes state, and the
// small rules that read it (which tasks ECS counts, which the load balancer routes to, where ECS
// places a new one). Times are seconds of the replay; a task's future is written when it launches.
import type { FaultEvent } from '../types';
import type { ServiceTopology } from '../topology';
import type { SimTimings } from '../timings';

/** `good`: the revision the service runs before the replay; `bad`: the release deployed during it (bad or not, see Sim.release). */
export type Revision = 'good' | 'bad';

export interface SimTask {
  id: number;
  az: string;
  revision: Revision;
  launchedAt: number;
  runningAt: number;
  /** When the load balancer (or, without one, ECS) first sends it requests; undefined: never. */
  servingAt?: number;
  /** When ECS counts it healthy for a deployment's minimum healthy percent (undefined: never). */
  healthyAt?: number;
  /** A task of a bad release: when ECS stops it as unhealthy (undefined: nothing ever tells ECS). */
  failsAt?: number;
  /** A bad task nothing health-checks: it serves, and every request it gets fails. */
  broken?: boolean;
  stoppedAt?: number;
  /** AZ outage: unreachable since this second; cleared when the AZ comes back. */
  cutOffAt?: number;
  /** When health checks take a cut-off task out of rotation (and ECS stops it); undefined: never. */
  markedOutAt?: number;
}

export interface Sim {
  topo: ServiceTopology;
  timings: SimTimings;
  /** The AZs of the replay: the service's, or one placeholder when the stack does not say. */
  azs: string[];
  tasks: SimTask[];
  nextId: number;
  desired: number;
  /** AZs currently unreachable. */
  lostAzs: Set<string>;
  /** Tasks a scale-out asked for that ECS has not launched yet (the rest of a shortfall are replacements). */
  scaleOutPending: number;
  /** How the release's tasks behave: never healthy (default), healthy but failing every request, or good. */
  release?: 'health-check' | 'requests' | 'good';
  /** Blue/green, canary, linear: the share (0–1) of production traffic the load balancer sends to the release's tasks. */
  greenWeight?: number;
  events: FaultEvent[];
}

/** The AZ name used when the stack does not say where the tasks run. */
export const UNKNOWN_AZ = 'unknown-az';

export function event(sim: Sim, atSecond: number, message: string): void {
  sim.events.push({ atSecond, message });
}

/** ECS counts it toward the desired count (not stopped, whatever its health). */
export const isActive = (task: SimTask): boolean => task.stoppedAt === undefined;

/** The load balancer sends it requests: serving, and not yet taken out by health checks. */
export function isRoutable(task: SimTask, t: number): boolean {
  if (!isActive(task) || task.servingAt === undefined || task.servingAt > t) return false;
  if (task.cutOffAt === undefined) return true;
  return task.markedOutAt === undefined || t < task.markedOutAt;
}

/** It serves and can answer: routable, reachable and not a broken release. */
export const canAnswer = (task: SimTask, t: number): boolean => isRoutable(task, t) && task.cutOffAt === undefined && !task.broken;

export function startSeconds(sim: Sim): number {
  return sim.topo.launchType === 'FARGATE' ? sim.timings.fargateTaskStartSeconds : sim.timings.ec2TaskStartSeconds;
}

/**
 * From RUNNING until requests arrive. A newly registered target "must pass one health check to be
 * considered healthy" (ELB user guide, "Health checks for your target groups"): at most one interval.
 * Without a target group nothing waits for a check.
 */
export function readySeconds(sim: Sim): number {
  const tg = sim.topo.targetGroupHealthCheck;
  return tg?.enabled ? tg.intervalSeconds : 0;
}

/**
 * How long after RUNNING a task whose health check never passes is known unhealthy: the target group
 * after UnhealthyThresholdCount failed checks, the container health check after its start period and
 * Retries failed checks, whichever comes first; undefined when nothing checks it.
 */
export function unhealthyAfterSeconds(topo: ServiceTopology): number | undefined {
  const tg = topo.targetGroupHealthCheck;
  const ch = topo.containerHealthCheck;
  const candidates = [
    tg?.enabled ? tg.unhealthyThreshold * tg.intervalSeconds : undefined,
    ch ? ch.startPeriodSeconds + ch.retries * ch.intervalSeconds : undefined,
  ].filter((n): n is number => n !== undefined);
  return candidates.length ? Math.min(...candidates) : undefined;
}

/**
 * When ECS counts a task that passes its checks as healthy: once the target group and the container
 * health check (when there are) say so; with neither, a fixed wait after RUNNING.
 */
export function healthyAfterRunning(sim: Sim): number {
  const ch = sim.topo.containerHealthCheck;
  const tg = sim.topo.targetGroupHealthCheck;
  if (!ch && !tg?.enabled) return sim.timings.uncheckedTaskHealthySeconds;
  return Math.max(readySeconds(sim), ch ? ch.intervalSeconds : 0);
}

/** ECS counts it healthy (for a deployment) at second `t`. */
export const isHealthy = (task: SimTask, t: number): boolean => isActive(task) && task.healthyAt !== undefined && task.healthyAt <= t;

/** Launches one task of a revision in an AZ at second `at`, writing down its future. */
export function launch(sim: Sim, az: string, revision: Revision, at: number): SimTask {
  const runningAt = at + startSeconds(sim);
  const task: SimTask = { id: sim.nextId++, az, revision, launchedAt: at, runningAt };
  if (revision === 'good' || sim.release === 'good' || sim.release === 'requests') {
    task.servingAt = runningAt + readySeconds(sim);
    task.healthyAt = runningAt + healthyAfterRunning(sim);
    // Its health checks pass; every request it answers fails (a broken route, a schema it cannot read).
    if (revision === 'bad' && sim.release === 'requests') task.broken = true;
  } else {
    const detect = unhealthyAfterSeconds(sim.topo);
    if (detect === undefined) {
      // Nothing health-checks it: ECS and the load balancer take it as healthy, and it fails every request.
      task.servingAt = runningAt + readySeconds(sim);
      task.healthyAt = runningAt + healthyAfterRunning(sim);
      task.broken = true;
    } else {
      // ECS ignores failing health checks during the grace period, counted from the task's start.
      task.failsAt = runningAt + Math.max(sim.topo.healthCheckGracePeriodSeconds, detect);
    }
  }
  sim.tasks.push(task);
  return task;
}

/** A task present from the start of the replay: already serving. */
export function seed(sim: Sim, az: string): SimTask {
  const task: SimTask = { id: sim.nextId++, az, revision: 'good', launchedAt: 0, runningAt: 0, servingAt: 0, healthyAt: 0 };
  sim.tasks.push(task);
  return task;
}

/** ECS's spread: the reachable AZ with the fewest active tasks (first in sorted order on a tie). */
export function placementAz(sim: Sim): string | undefined {
  const open = sim.azs.filter((az) => !sim.lostAzs.has(az));
  if (open.length === 0) return undefined;
  const count = (az: string) => sim.tasks.filter((t) => isActive(t) && t.az === az).length;
  return open.reduce((best, az) => (count(az) < count(best) ? az : best));
}

/** Launches `n` tasks spread over the reachable AZs; returns them per AZ (empty when no AZ is left). */
export function launchSpread(sim: Sim, n: number, revision: Revision, at: number): Record<string, number> {
  const out: Record<string, number> = {};
  for (let i = 0; i < n; i++) {
    const az = placementAz(sim);
    if (!az) break;
    launch(sim, az, revision, at);
    out[az] = (out[az] ?? 0) + 1;
  }
  return out;
}

/** Stops `n` of the given tasks, keeping the AZs balanced: from the fullest AZ, newest first. */
export function stopBalanced(sim: Sim, candidates: SimTask[], n: number, at: number): SimTask[] {
  const stopped: SimTask[] = [];
  const pool = candidates.filter(isActive);
  for (let i = 0; i < n && pool.length; i++) {
    const perAz = (az: string) => sim.tasks.filter((t) => isActive(t) && t.az === az).length;
    pool.sort((a, b) => perAz(b.az) - perAz(a.az) || b.id - a.id);
    const task = pool.shift()!;
    task.stoppedAt = at;
    stopped.push(task);
  }
  return stopped;
}

/** "2 in us-east-1a, 1 in us-east-1b" from a per-AZ count. */
export function perAzText(counts: Record<string, number>): string {
  return Object.entries(counts)
    .filter(([, n]) => n > 0)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([az, n]) => `${n} in ${az}`)
    .join(', ');
}

export const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
