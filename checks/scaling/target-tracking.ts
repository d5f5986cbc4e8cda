import type { StackModel } from '../../engine/model/model';
import { defineCheck, type Finding } from '../../engine/types';
import { scalingOf, servicesNamed, targetGroupPart, type ServiceScaling, type TargetTrackingPolicy } from './service-scaling';

/** The predefined metrics Application Auto Scaling offers for an ECS service (PredefinedMetricType). */
export const ECS_METRICS = ['ECSServiceAverageCPUUtilization', 'ECSServiceAverageMemoryUtilization', 'ALBRequestCountPerTarget'] as const;

/**
 * Sane targets for the utilization metrics, in percent: a teaching band, not an AWS limit. Above
 * 75 % a service has too little headroom for the minutes target tracking takes to notice a rise
 * (its scale-out alarm wants three one-minute datapoints, Application Auto Scaling user guide,
 * "Target tracking scaling policies") and start tasks; below 20 % it pays for five times the
 * capacity it uses. AWS's examples track 50 % CPU. A lab may pass its own bands, and one for
 * ALBRequestCountPerTarget, whose sane value depends on what one task of the lab's app serves.
 */
const UTILIZATION_BAND: [number, number] = [20, 75];
const DEFAULT_BANDS: Record<string, [number, number]> = {
  ECSServiceAverageCPUUtilization: UTILIZATION_BAND,
  ECSServiceAverageMemoryUtilization: UTILIZATION_BAND,
};

/** A scale-out cooldown longer than the ECS default (300 s) only slows the reaction to a spike. */
const MAX_SCALE_OUT_COOLDOWN_SECONDS = 300;
/** Scale in slowly: a minute at least (a teaching choice), so a dip between two bursts does not remove tasks. */
const MIN_SCALE_IN_COOLDOWN_SECONDS = 60;
/** Two tasks, so that one can fail (or one AZ can go dark) while the other serves. */
const MIN_CAPACITY = 2;

export interface TargetTrackingParams {
  /** The service to judge (construct id or path fragment); default every ECS service. */
  service?: string;
  /** The least MinCapacity allowed. */
  minCapacity: number;
  /** The least MaxCapacity the lab's load needs, when the lab knows it. */
  minMaxCapacity?: number;
  /** Metrics a target tracking policy may track. */
  metrics: string[];
  /** Metrics that must each have a target tracking policy. */
  require: string[];
  /** Per metric, the [lowest, highest] target value that is sane. */
  targetBands: Record<string, [number, number]>;
  maxScaleOutCooldownSeconds: number;
  minScaleInCooldownSeconds: number;
}

/**
 * Each ECS service scales with target tracking: a scalable target on its desired count with a
 * minimum that survives losing a task (or a zone), a maximum above it, and at least one target
 * tracking policy on an allowed metric with a target in a sane band and cooldowns that scale out
 * fast and in slowly. Step scaling policies are neither required nor judged.
 */
export const targetTracking = defineCheck<TargetTrackingParams>({
  id: 'scaling.target-tracking',
  title: 'The service scales with target tracking between a safe minimum and a useful maximum',
  severity: 'high',
  why:
    'Target tracking adds tasks when a metric such as CPU or requests per target rises above its target, and removes them when ' +
    'it falls. A minimum of two keeps serving through a lost task or zone; a maximum that is too low, a target with no headroom ' +
    'or a long scale-out cooldown turns a traffic spike into errors before new tasks arrive.',
  refs: {
    wellArchitected: ['REL 7: How do you design your workload to adapt to changes in demand?', 'PERF 2: How do you select and use compute resources?'],
    docs: [
      'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-autoscaling-targettracking.html',
      'https://docs.aws.amazon.com/autoscaling/application/userguide/target-tracking-scaling-policy-overview.html',
    ],
  },
  params(raw) {
    return parseParams(raw);
  },
  offline({ model, params }) {
    const services = servicesNamed(model, params.service);
    if (services.length === 0) {
      return { status: 'skip', reason: params.service ? `the stack has no ECS service called ${params.service}` : 'the stack has no ECS service to scale' };
    }
    const findings = services.flatMap((svc) => serviceFindings(model, svc.logicalId, params));
    return findings.length ? { status: 'fail', findings } : { status: 'pass' };
  },
});

function serviceFindings(model: StackModel, serviceId: string, params: TargetTrackingParams): Finding[] {
  const name = model.describe(serviceId);
  const scalings = scalingOf(model, serviceId);
  if (scalings.length === 0) {
    return [model.finding(serviceId, `service ${name} has no auto scaling: its task count never follows the load`, 'Call service.autoScaleTaskCount({ minCapacity, maxCapacity }) and add a target tracking policy (scaleOnCpuUtilization, scaleOnRequestCount).')];
  }
  return scalings.flatMap((s) => [...capacityFindings(model, name, s, params), ...policyFindings(model, serviceId, name, s, params)]);
}

function capacityFindings(model: StackModel, name: string, s: ServiceScaling, params: TargetTrackingParams): Finding[] {
  const id = s.target.logicalId;
  const findings: Finding[] = [];
  if (!(s.minCapacity >= params.minCapacity)) {
    findings.push(model.finding(id, `service ${name} can scale down to ${s.minCapacity} task${s.minCapacity === 1 ? '' : 's'}; it needs at least ${params.minCapacity}, so that losing one task or one zone leaves one serving`, `Set minCapacity to ${params.minCapacity} or more.`));
  }
  if (!(s.maxCapacity > s.minCapacity)) {
    findings.push(model.finding(id, `service ${name} has maxCapacity ${s.maxCapacity}, not above its minCapacity ${s.minCapacity}, so it can never scale out`, 'Set maxCapacity above minCapacity, high enough for your peak load.'));
  } else if (params.minMaxCapacity !== undefined && s.maxCapacity < params.minMaxCapacity) {
    findings.push(model.finding(id, `service ${name} can grow to ${s.maxCapacity} tasks; this lab's peak load needs room for at least ${params.minMaxCapacity}`, `Raise maxCapacity to at least ${params.minMaxCapacity}.`));
  }
  return findings;
}

function policyFindings(model: StackModel, serviceId: string, name: string, s: ServiceScaling, params: TargetTrackingParams): Finding[] {
  const allowed = s.targetTracking.filter((p) => p.metric && params.metrics.includes(p.metric));
  const findings: Finding[] = [];
  if (allowed.length === 0) {
    const others = [...s.targetTracking.map((p) => p.metric ?? 'a custom metric'), ...s.otherPolicies.map((p) => `${p.props.PolicyType ?? 'a'} policy`)];
    const has = others.length ? ` (it has: ${others.join(', ')})` : '';
    findings.push(model.finding(s.target.logicalId, `service ${name} has no target tracking policy on ${params.metrics.join(', ')}${has}`, 'Add a target tracking policy: scaling.scaleOnCpuUtilization(…) or scaling.scaleOnRequestCount(…).'));
  }
  for (const metric of params.require) {
    if (!allowed.some((p) => p.metric === metric)) {
      findings.push(model.finding(s.target.logicalId, `service ${name} has no target tracking policy on ${metric}, which this lab asks for`, `Add a target tracking policy on ${metric}.`));
    }
  }
  for (const p of allowed) findings.push(...onePolicy(model, serviceId, name, p, params));
  return findings;
}

function onePolicy(model: StackModel, serviceId: string, name: string, p: TargetTrackingPolicy, params: TargetTrackingParams): Finding[] {
  const findings: Finding[] = [];
  const what = `the ${p.metric} policy of service ${name}`;
  const band = params.targetBands[p.metric!];
  if (band && !(p.targetValue >= band[0] && p.targetValue <= band[1])) {
    const why = p.targetValue > band[1] ? 'too little headroom left for the minutes new tasks take to start' : 'far more tasks than the load needs, and scaling that flaps';
    findings.push(model.finding(p.logicalId, `${what} targets ${p.targetValue}, outside ${band[0]}–${band[1]}: ${why}`, `Set its target between ${band[0]} and ${band[1]}.`));
  }
  if (p.scaleOutCooldown > params.maxScaleOutCooldownSeconds) {
    findings.push(model.finding(p.logicalId, `${what} waits ${p.scaleOutCooldown} s after a scale-out before it may add more tasks (at most ${params.maxScaleOutCooldownSeconds} s here), so a spike outruns it`, `Set scaleOutCooldown to ${params.maxScaleOutCooldownSeconds} s or less.`));
  }
  if (!p.disableScaleIn && p.scaleInCooldown < params.minScaleInCooldownSeconds) {
    findings.push(model.finding(p.logicalId, `${what} may remove tasks again ${p.scaleInCooldown} s after the last scale-in (at least ${params.minScaleInCooldownSeconds} s here), so it flaps between bursts`, `Set scaleInCooldown to ${params.minScaleInCooldownSeconds} s or more.`));
  }
  if (p.metric === 'ALBRequestCountPerTarget') {
    const problem = requestCountProblem(model, serviceId, p);
    if (problem) findings.push(model.finding(p.logicalId, `${what} ${problem}`, 'Pass the service\'s own target group to scaleOnRequestCount({ targetGroup }).'));
  }
  return findings;
}

/** A request-count policy counts the requests of one target group; it must be one the service is in. */
function requestCountProblem(model: StackModel, serviceId: string, p: TargetTrackingPolicy): string | undefined {
  const counted = p.resourceLabel ? targetGroupPart(p.resourceLabel) : undefined;
  if (!counted) return 'does not say which target group it counts';
  const mine = ((model.resource(serviceId)!.props.LoadBalancers ?? []) as { TargetGroupArn?: unknown }[])
    .map((lb) => (typeof lb.TargetGroupArn === 'string' ? targetGroupPart(lb.TargetGroupArn) : undefined))
    .filter((tg): tg is string => !!tg);
  return mine.includes(counted) ? undefined : `counts the requests of ${counted}, a target group the service is not in`;
}

export function parseParams(raw: Record<string, unknown>): TargetTrackingParams {
  const fail = (msg: string): never => {
    throw new Error(`scaling.target-tracking: ${msg}`);
  };
  const whole = (v: unknown, name: string, min: number): number =>
    typeof v === 'number' && Number.isInteger(v) && v >= min ? v : fail(`${name} must be a whole number of at least ${min}`);
  const metricList = (v: unknown, name: string): string[] =>
    Array.isArray(v) && v.every((m) => (ECS_METRICS as readonly string[]).includes(m)) ? (v as string[]) : fail(`${name} must list metrics from ${ECS_METRICS.join(', ')}`);
  if (raw.service !== undefined && typeof raw.service !== 'string') fail('service must be a construct id');
  const metrics = raw.metrics === undefined ? [...ECS_METRICS] : metricList(raw.metrics, 'metrics');
  if (metrics.length === 0) fail('metrics must name at least one metric');
  const require = raw.require === undefined ? [] : metricList(raw.require, 'require');
  for (const m of require) if (!metrics.includes(m)) fail(`require names ${m}, which metrics does not allow`);
  const targetBands = { ...DEFAULT_BANDS };
  if (raw.targetBands !== undefined) {
    if (!raw.targetBands || typeof raw.targetBands !== 'object') fail('targetBands must map metrics to [lowest, highest]');
    for (const [metric, band] of Object.entries(raw.targetBands as Record<string, unknown>)) {
      if (!(ECS_METRICS as readonly string[]).includes(metric)) fail(`targetBands names an unknown metric ${metric}`);
      const ok = Array.isArray(band) && band.length === 2 && band.every((n) => typeof n === 'number' && n > 0) && band[0] < band[1];
      if (!ok) fail(`targetBands.${metric} must be [lowest, highest], positive numbers, lowest first`);
      targetBands[metric] = band as [number, number];
    }
  }
  const minCapacity = raw.minCapacity === undefined ? MIN_CAPACITY : whole(raw.minCapacity, 'minCapacity', 1);
  const minMaxCapacity = raw.minMaxCapacity === undefined ? undefined : whole(raw.minMaxCapacity, 'minMaxCapacity', minCapacity + 1);
  return {
    ...(typeof raw.service === 'string' ? { service: raw.service } : {}),
    minCapacity,
    ...(minMaxCapacity !== undefined ? { minMaxCapacity } : {}),
    metrics,
    require,
    targetBands,
    maxScaleOutCooldownSeconds: raw.maxScaleOutCooldownSeconds === undefined ? MAX_SCALE_OUT_COOLDOWN_SECONDS : whole(raw.maxScaleOutCooldownSeconds, 'maxScaleOutCooldownSeconds', 0),
    minScaleInCooldownSeconds: raw.minScaleInCooldownSeconds === undefined ? MIN_SCALE_IN_COOLDOWN_SECONDS : whole(raw.minScaleInCooldownSeconds, 'minScaleInCooldownSeconds', 0),
  };
}
