// What the simulator needs to know about one ECS service, read from the synthesized stack: how many
// tasks run and where (AZs), what one task can do (CPU), how health is judged (container and target
// group health checks, grace period), how deployments roll (percentages, circuit breaker) and how the
// service scales. A fact the template leaves out gets AWS's documented default (AWS_DEFAULTS), and
// `assumed` says which ones, so a replay never pretends to know more than the stack says.
import type { StackModel } from '../model/model';
import { desiredCount, networkOf, zonesOf, subnetRefs, type EcsService } from '../model/network';

export interface ContainerHealthCheck {
  container: string;
  intervalSeconds: number;
  timeoutSeconds: number;
  retries: number;
  startPeriodSeconds: number;
}

export interface TargetGroupHealthCheck {
  targetGroup: string;
  /** False only when HealthCheckEnabled is false: the load balancer then never takes a target out. */
  enabled: boolean;
  intervalSeconds: number;
  timeoutSeconds: number;
  healthyThreshold: number;
  unhealthyThreshold: number;
}

export type TrackedMetric = 'cpu' | 'memory' | 'requests' | 'custom';

export interface TargetTrackingPolicy {
  logicalId: string;
  metric: TrackedMetric;
  /** PredefinedMetricType, or the custom metric's name. */
  metricName: string;
  targetValue: number;
  scaleOutCooldownSeconds: number;
  scaleInCooldownSeconds: number;
  disableScaleIn: boolean;
}

export interface AutoScaling {
  scalableTarget: string;
  minCapacity: number;
  maxCapacity: number;
  targetTracking: TargetTrackingPolicy[];
  /** Step scaling policies: present in the stack, not simulated (their alarms are the learner's own). */
  stepScaling: string[];
}

export interface DeploymentSettings {
  minimumHealthyPercent: number;
  maximumPercent: number;
  circuitBreaker: { enable: boolean; rollback: boolean; threshold?: { type: string; value: number } };
  /** CloudWatch alarms that can fail a deployment: named here, never evaluated offline. */
  alarms: { names: string[]; enable: boolean; rollback: boolean };
  /** ECS (rolling), CODE_DEPLOY or EXTERNAL. */
  controller: string;
  /** The ECS deployment strategy: ROLLING (the default), BLUE_GREEN, LINEAR or CANARY. */
  strategy: string;
  /** BLUE_GREEN, CANARY, LINEAR: minutes blue keeps running after production traffic has shifted (absent: unset). */
  bakeTimeMinutes?: number;
  /** CANARY and LINEAR: the share of production traffic each step moves, and the minutes between steps. */
  trafficShift?: { percent: number; stepBakeMinutes: number };
  /** Deployment lifecycle hooks, each with the stages it runs at. */
  lifecycleHooks: LifecycleHook[];
  /** The load balancer's AdvancedConfiguration names an alternate (green) target group / a test listener rule. */
  alternateTargetGroup: boolean;
  testListenerRule: boolean;
}

export interface LifecycleHook {
  stages: string[];
  /** The logical id of the Lambda function it calls, when it is one of the stack's. */
  target?: string;
  /**
   * What running the hook's function offline showed (engine/faults/hooks): it fails a release
   * whose requests fail (`tests`), or it succeeds anyway (`passes-bad-release`). Unset: not run,
   * and the replay assumes a hook where requests reach green tests them (and says so).
   */
  verdict?: 'tests' | 'passes-bad-release';
}

export interface ServiceTopology {
  logicalId: string;
  /** Short construct path (model.describe). */
  name: string;
  desiredCount: number;
  /** REPLICA (the default) or DAEMON (one task per container instance). */
  schedulingStrategy: string;
  launchType: 'FARGATE' | 'EC2' | 'EXTERNAL';
  capacityProviders: string[];
  /** Distinct Availability Zones the tasks can run in, sorted; empty when the stack does not say. */
  azs: string[];
  /** Where the desired tasks start: ECS's default spread, round-robin over the sorted AZs. */
  initialTasksByAz: Record<string, number>;
  /** CPU units of one task (1024 = 1 vCPU). */
  taskCpuUnits: number;
  containerHealthCheck?: ContainerHealthCheck;
  targetGroupHealthCheck?: TargetGroupHealthCheck;
  healthCheckGracePeriodSeconds: number;
  deployment: DeploymentSettings;
  autoScaling?: AutoScaling;
  loadBalancer?: { logicalId: string; azs: string[]; idleTimeoutSeconds: number };
  /** Facts the stack left out that were given AWS's defaults (one phrase each). */
  assumed: string[];
}

/** AWS's documented defaults for what a template may leave out. */
export const AWS_DEFAULTS = {
  // AWS::ECS::TaskDefinition HealthCheck: Interval 30, Timeout 5, Retries 3, StartPeriod off (0).
  containerHealthCheck: { intervalSeconds: 30, timeoutSeconds: 5, retries: 3, startPeriodSeconds: 0 },
  // ALB target groups (HTTP/HTTPS): HealthCheckIntervalSeconds 30, HealthCheckTimeoutSeconds 5,
  // HealthyThresholdCount 5, UnhealthyThresholdCount 2 (ELB API reference, CreateTargetGroup).
  targetGroupHealthCheck: { intervalSeconds: 30, timeoutSeconds: 5, healthyThreshold: 5, unhealthyThreshold: 2 },
  // NLB (TCP) target groups: interval 30, timeout 10, healthy 5, unhealthy 2.
  nlbHealthCheck: { intervalSeconds: 30, timeoutSeconds: 10, healthyThreshold: 5, unhealthyThreshold: 2 },
  // AWS::ECS::Service HealthCheckGracePeriodSeconds: "If you don't specify a value, the default value of 0 is used."
  healthCheckGracePeriodSeconds: 0,
  // DeploymentConfiguration for a REPLICA service: MinimumHealthyPercent 100, MaximumPercent 200; the
  // circuit breaker and deployment alarms are off unless enabled.
  minimumHealthyPercent: 100,
  maximumPercent: 200,
  // Application Auto Scaling: scale-in and scale-out cooldowns default to 300 s for ECS services.
  scaleOutCooldownSeconds: 300,
  scaleInCooldownSeconds: 300,
  // Traffic shifting of the ECS CANARY and LINEAR strategies when the template leaves a step out:
  // canary 5 % then the rest after 10 minutes, linear 10 % every 6 minutes (aws-cdk-lib aws-ecs
  // TrafficShiftConfig defaults).
  canary: { percent: 5, stepBakeMinutes: 10 },
  linear: { percent: 10, stepBakeMinutes: 6 },
  // ALB attribute idle_timeout.timeout_seconds defaults to 60.
  idleTimeoutSeconds: 60,
  // An EC2 task definition without task-level or container CPU: assume one vCPU of the instance (no AWS default
  // applies: unreserved containers share the instance's CPU).
  taskCpuUnits: 1024,
};

const PREDEFINED: Record<string, TrackedMetric> = {
  ECSServiceAverageCPUUtilization: 'cpu',
  ECSServiceAverageMemoryUtilization: 'memory',
  ALBRequestCountPerTarget: 'requests',
};

/** Every ECS service of the stack as the simulator sees it. */
export function readTopologies(model: StackModel): ServiceTopology[] {
  return networkOf(model).services.map((svc) => topologyOf(model, svc));
}

/**
 * The service a check or break names (a construct id or path fragment), or the only one. Returns a
 * reason instead when there is none, or several and no name.
 */
export function selectService(model: StackModel, service?: string): ServiceTopology | { reason: string; ambiguous?: boolean } {
  const all = networkOf(model).services;
  if (service) {
    const ids = new Set(model.findByPath(service, 'AWS::ECS::Service').map((r) => r.logicalId));
    const match = all.filter((s) => ids.has(s.logicalId) || s.logicalId === service);
    if (match.length === 0) return { reason: `the stack has no ECS service ${service}` };
    if (match.length > 1) return { reason: `${match.length} ECS services match ${service}; name one by its construct path`, ambiguous: true };
    return topologyOf(model, match[0]);
  }
  if (all.length === 0) return { reason: 'the stack has no ECS service' };
  if (all.length > 1) {
    return { reason: `the stack has ${all.length} ECS services (${all.map((s) => model.describe(s.logicalId)).join(', ')}); the lab must name one (service)`, ambiguous: true };
  }
  return topologyOf(model, all[0]);
}

export function topologyOf(model: StackModel, svc: EcsService): ServiceTopology {
  const r = model.resource(svc.logicalId)!;
  const p = r.props;
  const assumed: string[] = [];
  const net = networkOf(model);

  const capacityProviders = capacityProvidersOf(model, r.props, r.raw.Properties ?? {});
  const launchType = launchTypeOf(p.LaunchType, capacityProviders);
  const azs = svc.awsvpc ? zonesOf(svc.subnets) : instanceZones(model, capacityProviders);
  const desired = desiredCount(model, svc.logicalId);

  const taskDef = model.targetOf(r.raw.Properties?.TaskDefinition);
  const td = taskDef ? model.resource(taskDef) : undefined;
  const containers: Record<string, any>[] = Array.isArray(td?.props.ContainerDefinitions) ? td!.props.ContainerDefinitions : [];
  const taskCpuUnits = cpuUnits(td?.props.Cpu, containers, assumed);

  const lbContainer = svc.targets[0]?.containerName;
  const containerHealthCheck = readContainerHealthCheck(containers, lbContainer, assumed);
  const targetGroupHealthCheck = readTargetGroupHealthCheck(model, svc, assumed);

  const graceRaw = p.HealthCheckGracePeriodSeconds;
  const grace = num(graceRaw);
  if (grace === undefined && (targetGroupHealthCheck || containerHealthCheck)) assumed.push(`health check grace period ${AWS_DEFAULTS.healthCheckGracePeriodSeconds} s`);

  const lb = net.loadBalancersInFrontOf(svc)[0];
  return {
    logicalId: svc.logicalId,
    name: model.describe(svc.logicalId),
    desiredCount: desired,
    schedulingStrategy: String(p.SchedulingStrategy ?? 'REPLICA'),
    launchType,
    capacityProviders,
    azs,
    initialTasksByAz: spread(desired, azs),
    taskCpuUnits,
    containerHealthCheck,
    targetGroupHealthCheck,
    healthCheckGracePeriodSeconds: grace ?? AWS_DEFAULTS.healthCheckGracePeriodSeconds,
    deployment: readDeployment(model, p, assumed, svc.targets.length > 0),
    autoScaling: readAutoScaling(model, svc.logicalId, assumed),
    loadBalancer: lb ? { logicalId: lb.logicalId, azs: zonesOf(lb.subnets), idleTimeoutSeconds: idleTimeout(model, lb.logicalId) } : undefined,
    assumed,
  };
}

/** ECS's default spread: one task per AZ in turn, in sorted order. */
export function spread(count: number, azs: string[]): Record<string, number> {
  const out: Record<string, number> = Object.fromEntries(azs.map((az) => [az, 0]));
  if (azs.length === 0) return out;
  for (let i = 0; i < count; i++) out[azs[i % azs.length]]++;
  return out;
}

function num(v: unknown): number | undefined {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  return Number.isFinite(n) ? n : undefined;
}

function bool(v: unknown): boolean {
  return v === true || v === 'true';
}

function cpuUnits(taskCpu: unknown, containers: Record<string, any>[], assumed: string[]): number {
  const fromTask = parseCpu(taskCpu);
  if (fromTask !== undefined) return fromTask;
  const sum = containers.map((c) => num(c.Cpu) ?? 0).reduce((a, b) => a + b, 0);
  if (sum > 0) return sum;
  assumed.push(`task CPU ${AWS_DEFAULTS.taskCpuUnits} units (the task definition reserves none)`);
  return AWS_DEFAULTS.taskCpuUnits;
}

/** Task CPU as units: "256", 256, or "1 vCPU" / ".25 vcpu". */
function parseCpu(v: unknown): number | undefined {
  if (typeof v === 'string' && /vcpu/i.test(v)) {
    const n = Number(v.replace(/vcpu/i, '').trim());
    return Number.isFinite(n) && n > 0 ? Math.round(n * 1024) : undefined;
  }
  const n = num(v);
  return n !== undefined && n > 0 ? n : undefined;
}

function readContainerHealthCheck(containers: Record<string, any>[], preferred: string | undefined, assumed: string[]): ContainerHealthCheck | undefined {
  const withCheck = containers.filter((c) => c.Essential !== false && Array.isArray(c.HealthCheck?.Command) && c.HealthCheck.Command[0] !== 'NONE');
  const c = withCheck.find((x) => x.Name === preferred) ?? withCheck[0];
  if (!c) return undefined;
  const hc = c.HealthCheck;
  const d = AWS_DEFAULTS.containerHealthCheck;
  const missing = (['Interval', 'Timeout', 'Retries'] as const).filter((k) => num(hc[k]) === undefined);
  if (missing.length) assumed.push(`container health check ${missing.join('/').toLowerCase()} (${missing.map((k) => ({ Interval: `${d.intervalSeconds} s`, Timeout: `${d.timeoutSeconds} s`, Retries: String(d.retries) })[k]).join(', ')})`);
  return {
    container: String(c.Name ?? '?'),
    intervalSeconds: num(hc.Interval) ?? d.intervalSeconds,
    timeoutSeconds: num(hc.Timeout) ?? d.timeoutSeconds,
    retries: num(hc.Retries) ?? d.retries,
    startPeriodSeconds: num(hc.StartPeriod) ?? d.startPeriodSeconds,
  };
}

function readTargetGroupHealthCheck(model: StackModel, svc: EcsService, assumed: string[]): TargetGroupHealthCheck | undefined {
  const tgId = svc.targets.map((t) => t.targetGroup).find((g): g is string => !!g);
  const tg = tgId ? model.resource(tgId) : undefined;
  if (!tg) {
    if (svc.targets.length) assumed.push('no target group health check (the service\'s target group is not defined in this stack)');
    return undefined;
  }
  const p = tg.props;
  const tcp = typeof p.Protocol === 'string' && /^(TCP|TLS|UDP|TCP_UDP)$/i.test(p.Protocol);
  const d = tcp ? AWS_DEFAULTS.nlbHealthCheck : AWS_DEFAULTS.targetGroupHealthCheck;
  const fields = [
    ['HealthCheckIntervalSeconds', 'interval', `${d.intervalSeconds} s`],
    ['HealthyThresholdCount', 'healthy threshold', String(d.healthyThreshold)],
    ['UnhealthyThresholdCount', 'unhealthy threshold', String(d.unhealthyThreshold)],
  ] as const;
  const missing = fields.filter(([k]) => num(p[k]) === undefined);
  if (missing.length) assumed.push(`target group ${missing.map(([, name, v]) => `${name} ${v}`).join(', ')}`);
  return {
    targetGroup: tgId!,
    enabled: p.HealthCheckEnabled !== false && p.HealthCheckEnabled !== 'false',
    intervalSeconds: num(p.HealthCheckIntervalSeconds) ?? d.intervalSeconds,
    timeoutSeconds: num(p.HealthCheckTimeoutSeconds) ?? d.timeoutSeconds,
    healthyThreshold: num(p.HealthyThresholdCount) ?? d.healthyThreshold,
    unhealthyThreshold: num(p.UnhealthyThresholdCount) ?? d.unhealthyThreshold,
  };
}

function readDeployment(model: StackModel, p: Record<string, any>, assumed: string[], behindLoadBalancer = false): DeploymentSettings {
  const dc = p.DeploymentConfiguration ?? {};
  const min = num(dc.MinimumHealthyPercent);
  const max = num(dc.MaximumPercent);
  if (min === undefined) assumed.push(`minimum healthy percent ${AWS_DEFAULTS.minimumHealthyPercent}`);
  if (max === undefined) assumed.push(`maximum percent ${AWS_DEFAULTS.maximumPercent}`);
  const cb = dc.DeploymentCircuitBreaker ?? {};
  const alarms = dc.Alarms ?? {};
  const tc = cb.ThresholdConfiguration;
  const threshold = tc && typeof tc.Type === 'string' && num(tc.Value) !== undefined ? { type: tc.Type, value: num(tc.Value)! } : undefined;
  return {
    minimumHealthyPercent: min ?? AWS_DEFAULTS.minimumHealthyPercent,
    maximumPercent: max ?? AWS_DEFAULTS.maximumPercent,
    circuitBreaker: { enable: bool(cb.Enable), rollback: bool(cb.Enable) && bool(cb.Rollback), ...(threshold ? { threshold } : {}) },
    alarms: { names: Array.isArray(alarms.AlarmNames) ? alarms.AlarmNames.map(String) : [], enable: bool(alarms.Enable), rollback: bool(alarms.Rollback) },
    controller: String(p.DeploymentController?.Type ?? 'ECS'),
    strategy: String(dc.Strategy ?? 'ROLLING'),
    ...blueGreenSettings(model, p, dc, assumed, behindLoadBalancer),
  };
}

/** What the ECS blue/green, canary and linear strategies add: bake time, traffic steps, hooks, the green target group. */
function blueGreenSettings(model: StackModel, p: Record<string, any>, dc: Record<string, any>, assumed: string[], behindLoadBalancer: boolean) {
  const strategy = String(dc.Strategy ?? 'ROLLING');
  const bake = num(dc.BakeTimeInMinutes);
  let trafficShift: DeploymentSettings['trafficShift'];
  if (strategy === 'CANARY' || strategy === 'LINEAR') {
    const cfg = (strategy === 'CANARY' ? dc.CanaryConfiguration : dc.LinearConfiguration) ?? {};
    const d = strategy === 'CANARY' ? AWS_DEFAULTS.canary : AWS_DEFAULTS.linear;
    const percent = num(strategy === 'CANARY' ? cfg.CanaryPercent : cfg.StepPercent);
    const stepBake = num(strategy === 'CANARY' ? cfg.CanaryBakeTimeInMinutes : cfg.StepBakeTimeInMinutes);
    if (percent === undefined || stepBake === undefined) assumed.push(`${strategy.toLowerCase()} step ${d.percent} % every ${d.stepBakeMinutes} min where unset`);
    trafficShift = { percent: percent ?? d.percent, stepBakeMinutes: stepBake ?? d.stepBakeMinutes };
  }
  const hooks = Array.isArray(dc.LifecycleHooks) ? dc.LifecycleHooks : [];
  const advanced = (Array.isArray(p.LoadBalancers) ? p.LoadBalancers : []).map((lb: any) => lb?.AdvancedConfiguration).filter(Boolean);
  if (strategy !== 'ROLLING' && behindLoadBalancer && advanced.length === 0) assumed.push('no alternate target group: the green revision has nowhere to register');
  return {
    ...(bake !== undefined ? { bakeTimeMinutes: bake } : {}),
    ...(trafficShift ? { trafficShift } : {}),
    lifecycleHooks: hooks.map((h: any): LifecycleHook => {
      const target = model.targetOf(h?.HookTargetArn);
      return { stages: Array.isArray(h?.LifecycleStages) ? h.LifecycleStages.map(String) : [], ...(target ? { target } : {}) };
    }),
    alternateTargetGroup: advanced.some((a: any) => a.AlternateTargetGroupArn !== undefined),
    testListenerRule: advanced.some((a: any) => a.TestListenerRule !== undefined),
  };
}

/** The scalable target of a service: an `ecs` target whose ResourceId ends with the service's name. */
function scalableTargetOf(model: StackModel, serviceId: string) {
  const svc = model.resource(serviceId)!;
  const name = typeof svc.props.ServiceName === 'string' ? svc.props.ServiceName : serviceId;
  return model
    .ofType('AWS::ApplicationAutoScaling::ScalableTarget')
    .find((t) => t.props.ServiceNamespace === 'ecs' && typeof t.props.ResourceId === 'string' && t.props.ResourceId.endsWith(`/${name}`));
}

function readAutoScaling(model: StackModel, serviceId: string, assumed: string[]): AutoScaling | undefined {
  const target = scalableTargetOf(model, serviceId);
  if (!target) return undefined;
  const policies = model.ofType('AWS::ApplicationAutoScaling::ScalingPolicy').filter((pol) => {
    const byRef = model.targetOf(pol.raw.Properties?.ScalingTargetId);
    if (byRef) return byRef === target.logicalId;
    return pol.props.ServiceNamespace === 'ecs' && pol.props.ResourceId === target.props.ResourceId;
  });
  const targetTracking: TargetTrackingPolicy[] = [];
  const stepScaling: string[] = [];
  for (const pol of policies) {
    const cfg = pol.props.TargetTrackingScalingPolicyConfiguration;
    if (pol.props.PolicyType !== 'TargetTrackingScaling' || !cfg) {
      stepScaling.push(pol.logicalId);
      continue;
    }
    const predefined = cfg.PredefinedMetricSpecification?.PredefinedMetricType;
    const metricName = typeof predefined === 'string' ? predefined : String(cfg.CustomizedMetricSpecification?.MetricName ?? 'custom');
    const out = num(cfg.ScaleOutCooldown);
    const inn = num(cfg.ScaleInCooldown);
    if (out === undefined || inn === undefined) assumed.push(`scaling cooldowns ${AWS_DEFAULTS.scaleOutCooldownSeconds} s where unset`);
    targetTracking.push({
      logicalId: pol.logicalId,
      metric: (typeof predefined === 'string' && PREDEFINED[predefined]) || 'custom',
      metricName,
      targetValue: num(cfg.TargetValue) ?? NaN,
      scaleOutCooldownSeconds: out ?? AWS_DEFAULTS.scaleOutCooldownSeconds,
      scaleInCooldownSeconds: inn ?? AWS_DEFAULTS.scaleInCooldownSeconds,
      disableScaleIn: bool(cfg.DisableScaleIn),
    });
  }
  const min = num(target.props.MinCapacity) ?? 0;
  const max = num(target.props.MaxCapacity) ?? min;
  return { scalableTarget: target.logicalId, minCapacity: min, maxCapacity: Math.max(min, max), targetTracking, stepScaling };
}

/** Capacity providers of the service's strategy, or of the cluster's default strategy. */
function capacityProvidersOf(model: StackModel, props: Record<string, any>, raw: Record<string, any>): string[] {
  const own = (props.CapacityProviderStrategy ?? []).map((s: any) => String(s?.CapacityProvider));
  if (own.length) return own;
  if (props.LaunchType) return [];
  const cluster = model.targetOf(raw.Cluster);
  const assoc = model.ofType('AWS::ECS::ClusterCapacityProviderAssociations').find((a) => cluster && model.targetOf(a.raw.Properties?.Cluster) === cluster);
  return (assoc?.props.DefaultCapacityProviderStrategy ?? []).map((s: any) => String(s?.CapacityProvider));
}

function launchTypeOf(launchType: unknown, providers: string[]): ServiceTopology['launchType'] {
  if (launchType === 'FARGATE' || launchType === 'EC2' || launchType === 'EXTERNAL') return launchType;
  if (providers.length && providers.every((p) => p === 'FARGATE' || p === 'FARGATE_SPOT')) return 'FARGATE';
  // CloudFormation's default launch type, without a capacity provider strategy, is EC2.
  return 'EC2';
}

/**
 * Zones of EC2 container instances (bridge or host networking): the subnets of the Auto Scaling groups
 * behind the capacity providers, or of every group in the stack when no provider names one.
 */
function instanceZones(model: StackModel, providers: string[]): string[] {
  const net = networkOf(model);
  const viaProviders = model
    .ofType('AWS::ECS::CapacityProvider')
    .filter((cp) => providers.includes(String(cp.props.Name ?? cp.logicalId)) || providers.includes(cp.logicalId))
    .map((cp) => model.targetOf(cp.raw.Properties?.AutoScalingGroupProvider?.AutoScalingGroupArn))
    .filter((id): id is string => !!id);
  const groups = viaProviders.length ? viaProviders.map((id) => model.resource(id)!) : model.ofType('AWS::AutoScaling::AutoScalingGroup');
  const zones = new Set<string>();
  for (const g of groups) {
    for (const z of zonesOf(subnetRefs(model, net.subnets, g.raw.Properties?.VPCZoneIdentifier))) zones.add(z);
    for (const z of Array.isArray(g.props.AvailabilityZones) ? g.props.AvailabilityZones : []) if (typeof z === 'string') zones.add(z);
  }
  return [...zones].sort();
}

function idleTimeout(model: StackModel, lbId: string): number {
  const attrs = model.resource(lbId)?.props.LoadBalancerAttributes;
  const hit = Array.isArray(attrs) ? attrs.find((a: any) => a?.Key === 'idle_timeout.timeout_seconds') : undefined;
  return num(hit?.Value) ?? AWS_DEFAULTS.idleTimeoutSeconds;
}
