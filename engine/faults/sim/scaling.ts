// Target tracking as Application Auto Scaling runs it: the metric is averaged over each 1-minute period;
// the scale-out alarm needs `scaleOutDatapoints` consecutive datapoints above the target, the scale-in
// alarm `scaleInDatapoints` below it; the new capacity is ceil(current × metric / target) within
// min/max; cooldowns hold off the next action of the same kind (a scale-out cooldown only holds off a
// scale-out no larger than the one that began it). The policy asking for the most
// capacity wins a scale-out; all must agree to scale in. Memory and custom metrics do not follow the
// simulated load, so their policies never act (insufficient data never scales).
import type { AutoScaling, TargetTrackingPolicy } from '../topology';
import type { SimTimings } from '../timings';

export interface ScalingSample {
  cpuPercent: number | undefined;
  /** Requests per target per minute (ALBRequestCountPerTarget); undefined with no target. */
  requestsPerTarget: number | undefined;
}

export interface ScalingState {
  config: AutoScaling;
  /** Samples of the current period, per policy. */
  pending: Map<string, number[]>;
  datapoints: Map<string, number[]>;
  lastScaleOutAt?: number;
  /** The capacity before the scale-out that began the current scale-out cooldown. */
  cooldownBase?: number;
  lastScaleInAt?: number;
}

export function newScaling(config: AutoScaling): ScalingState {
  return { config, pending: new Map(), datapoints: new Map() };
}

/** Whether the simulator can feed this policy's metric. */
export const simulated = (p: TargetTrackingPolicy): boolean => (p.metric === 'cpu' || p.metric === 'requests') && Number.isFinite(p.targetValue) && p.targetValue > 0;

export function record(state: ScalingState, sample: ScalingSample): void {
  for (const p of state.config.targetTracking.filter(simulated)) {
    const v = p.metric === 'cpu' ? sample.cpuPercent : sample.requestsPerTarget;
    if (v === undefined) continue;
    state.pending.set(p.logicalId, [...(state.pending.get(p.logicalId) ?? []), v]);
  }
}

export interface ScalingDecision {
  desired: number;
  direction: 'out' | 'in';
  policy: TargetTrackingPolicy;
  metric: number;
}

/**
 * Closes a metric period at second `t` and decides. `scaleInAllowed` is false during a deployment
 * (Application Auto Scaling turns off scale-in while an ECS deployment is in progress).
 */
export function closePeriod(state: ScalingState, t: number, current: number, timings: SimTimings, scaleInAllowed: boolean): ScalingDecision | undefined {
  const policies = state.config.targetTracking;
  for (const p of policies.filter(simulated)) {
    const samples = state.pending.get(p.logicalId) ?? [];
    if (samples.length) state.datapoints.set(p.logicalId, [...(state.datapoints.get(p.logicalId) ?? []), samples.reduce((a, b) => a + b, 0) / samples.length]);
  }
  state.pending.clear();
  const last = (p: TargetTrackingPolicy, n: number) => (state.datapoints.get(p.logicalId) ?? []).slice(-n);
  const wanted = (p: TargetTrackingPolicy, metric: number) => Math.ceil(current * (metric / p.targetValue) - 1e-9);

  // During a scale-out cooldown "the capacity added by the previous scale out ... is calculated as part of the
  // desired capacity for the next scale out": the policy scales again only when the metric asks for more than
  // that, counted from the capacity before the cooldown (the added tasks are not serving yet).
  let out: ScalingDecision | undefined;
  let inCooldown = false;
  for (const p of policies.filter(simulated)) {
    const dps = last(p, timings.scaleOutDatapoints);
    if (dps.length < timings.scaleOutDatapoints || !dps.every((v) => v > p.targetValue)) continue;
    const cooling = state.lastScaleOutAt !== undefined && t - state.lastScaleOutAt < p.scaleOutCooldownSeconds;
    const metric = dps[dps.length - 1];
    const base = cooling ? state.cooldownBase ?? current : current;
    const desired = Math.min(state.config.maxCapacity, Math.ceil(base * (metric / p.targetValue) - 1e-9));
    if (desired > current && (!out || desired > out.desired)) {
      out = { desired, direction: 'out', policy: p, metric };
      inCooldown = cooling;
    }
  }
  if (out) {
    if (!inCooldown) state.cooldownBase = current;
    state.lastScaleOutAt = t;
    return out;
  }

  if (!scaleInAllowed || policies.length === 0) return undefined;
  let inn: ScalingDecision | undefined;
  for (const p of policies) {
    // Every policy must be ready to scale in; one that cannot be simulated never is.
    if (!simulated(p) || p.disableScaleIn) return undefined;
    const dps = last(p, timings.scaleInDatapoints);
    if (dps.length < timings.scaleInDatapoints || !dps.every((v) => v < p.targetValue)) return undefined;
    if (state.lastScaleInAt !== undefined && t - state.lastScaleInAt < p.scaleInCooldownSeconds) return undefined;
    const desired = Math.max(state.config.minCapacity, wanted(p, dps[dps.length - 1]));
    if (!inn || desired > inn.desired) inn = { desired, direction: 'in', policy: p, metric: dps[dps.length - 1] };
  }
  if (inn && inn.desired < current) {
    state.lastScaleInAt = t;
    return inn;
  }
  return undefined;
}
