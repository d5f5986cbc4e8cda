// The faults themselves: what each scenario does to the service's tasks when it begins and ends,
// the CPU and latency it adds while it lasts, and health checks taking cut-off targets out.
import type { FaultBreakSpec } from '../types';
import { event, isActive, perAzText, plural, readySeconds, type Sim } from './state';
import type { StepEffects } from './traffic';

/** Applies the start of the fault at second `t`; returns the ids of the tasks it hit (stress, latency). */
export function beginFault(sim: Sim, spec: FaultBreakSpec, t: number): number[] {
  const s = spec.scenario;
  const active = sim.tasks.filter(isActive).sort((a, b) => a.id - b.id);
  switch (s.kind) {
    case 'az-outage': {
      const az = sim.azs[s.az];
      if (az === undefined) throw new Error(`az-outage: the service has ${sim.azs.length} Availability Zone(s); index ${s.az} does not exist`);
      sim.lostAzs.add(az);
      const cut = active.filter((task) => task.az === az);
      const tg = sim.topo.targetGroupHealthCheck;
      for (const task of cut) {
        task.cutOffAt = t;
        // A target still starting never passes its first check; one serving fails UnhealthyThresholdCount checks.
        if (task.servingAt === undefined || task.servingAt > t) task.servingAt = undefined;
        task.markedOutAt = tg?.enabled ? Math.max(t, task.runningAt) + tg.unhealthyThreshold * tg.intervalSeconds : undefined;
      }
      const lbNode = sim.topo.loadBalancer?.azs.includes(az) ? '; the load balancer\'s node there goes too (its DNS entry is withdrawn: not counted as errors here)' : '';
      event(sim, t, cut.length
        ? `${az} becomes unreachable: ${plural(cut.length, 'task')} cut off, still registered with the load balancer${lbNode}`
        : `${az} becomes unreachable: no task of the service runs there${lbNode}`);
      if (cut.length && !tg?.enabled) event(sim, t, 'no target group health check watches the tasks, so nothing takes the cut-off tasks out of rotation');
      return cut.map((task) => task.id);
    }
    case 'stop-tasks': {
      const n = 'count' in s.selection
        ? Math.min(active.length, Math.max(0, Math.floor(s.selection.count)))
        // FIS PERCENT(n): a share of the targets; rounded down here, at least one when the percent is above 0.
        : Math.min(active.length, Math.max(s.selection.percent > 0 ? 1 : 0, Math.floor((active.length * s.selection.percent) / 100)));
      const hit = active.slice(0, n);
      const byAz: Record<string, number> = {};
      for (const task of hit) {
        // StopTask deregisters the task first: it drains instead of failing requests.
        task.stoppedAt = t;
        byAz[task.az] = (byAz[task.az] ?? 0) + 1;
      }
      event(sim, t, `FIS stops ${plural(hit.length, 'task')} of ${active.length} (${perAzText(byAz)}); ECS deregisters them from the load balancer`);
      return hit.map((task) => task.id);
    }
    case 'cpu-stress':
    case 'network-latency': {
      const share = s.tasksPercent ?? 100;
      const hit = active.slice(0, Math.ceil((active.length * share) / 100 - 1e-9));
      if (s.kind === 'cpu-stress' && s.percent > 0) {
        event(sim, t, `FIS stresses the CPU of ${plural(hit.length, 'task')} by ${s.percent} % for ${s.durationSeconds} s`);
      } else if (s.kind === 'network-latency') {
        const idle = sim.topo.loadBalancer?.idleTimeoutSeconds;
        const cut = idle !== undefined && s.delayMs >= idle * 1000;
        event(sim, t, `FIS adds ${s.delayMs} ms of latency to ${plural(hit.length, 'task')} for ${s.durationSeconds} s${cut
          ? `: more than the load balancer's ${idle} s idle timeout, so their requests fail`
          : idle !== undefined ? ` (below the load balancer's ${idle} s idle timeout: slower, not failing)` : ''}`);
      }
      return hit.map((task) => task.id);
    }
    case 'bad-release':
    case 'release':
      return [];
  }
}

export function endFault(sim: Sim, spec: FaultBreakSpec, t: number, chosen: number[]): void {
  const s = spec.scenario;
  if (s.kind === 'az-outage') {
    const az = sim.azs[s.az];
    sim.lostAzs.delete(az);
    const back = sim.tasks.filter((task) => isActive(task) && task.cutOffAt !== undefined);
    for (const task of back) {
      task.cutOffAt = undefined;
      task.markedOutAt = undefined;
      if (task.servingAt === undefined && task.revision === 'good') task.servingAt = Math.max(t, task.runningAt) + readySeconds(sim);
    }
    event(sim, t, `${az} is reachable again${back.length ? `: ${plural(back.length, 'task')} there serve again` : ''} (ECS does not move replacements back)`);
  } else if (s.kind === 'cpu-stress' && s.percent > 0) {
    event(sim, t, 'the CPU stress ends');
  } else if (s.kind === 'network-latency' && chosen.length) {
    event(sim, t, 'the added latency ends');
  }
}

export function effects(sim: Sim, spec: FaultBreakSpec, t: number, during: boolean, chosen: number[]): StepEffects {
  const fx: StepEffects = { stolenCpu: new Map(), addedLatencyMs: new Map() };
  const s = spec.scenario;
  if (!during) return fx;
  for (const id of chosen) {
    if (s.kind === 'cpu-stress') fx.stolenCpu.set(id, Math.min(1, Math.max(0, s.percent / 100)));
    if (s.kind === 'network-latency') fx.addedLatencyMs.set(id, s.delayMs);
  }
  return fx;
}

/** Stops cut-off tasks whose health checks have now failed, with one event per step. */
export function markOut(sim: Sim, t: number): void {
  const due = sim.tasks.filter((task) => isActive(task) && task.markedOutAt !== undefined && task.markedOutAt <= t);
  if (!due.length) return;
  for (const task of due) task.stoppedAt = task.markedOutAt;
  const tg = sim.topo.targetGroupHealthCheck!;
  const byAz: Record<string, number> = {};
  for (const task of due) byAz[task.az] = (byAz[task.az] ?? 0) + 1;
  event(sim, t,
    `the target group marks the cut-off ${due.length === 1 ? 'task' : 'tasks'} unhealthy (${perAzText(byAz)}) after ${tg.unhealthyThreshold} failed checks ${tg.intervalSeconds} s apart; ECS stops ${due.length === 1 ? 'it' : 'them'}`);
}
