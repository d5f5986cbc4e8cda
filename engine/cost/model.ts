// A monthly cost estimate of a stack, from the model and the shipped price table (prices.ts).
// It prices what runs by the hour: Fargate tasks (size, CPU architecture, on-demand or Spot through
// the capacity provider strategy, the task count through the week under scheduled scaling), Application
// Load Balancers, NAT gateways and interface endpoints. It is for comparing two designs of the same
// service, so it prices the floor the service keeps (the scaling minimum in effect each hour, or the
// desired count without scaling); what target tracking adds above it depends on the day's load and
// is listed among the assumptions, never guessed.
import type { StackModel, ModelResource } from '../model/model';
import { PRICE_TABLE, taskHourPrice, type CpuArchitecture, type PriceTable } from './prices';
import { cronHoursOfWeek, floorPerHour, HOURS_PER_WEEK, type ScheduledFloor } from './schedule';

export interface CostLine {
  what: string;
  logicalId: string;
  monthly: number;
}

export interface CostReport {
  lines: CostLine[];
  monthly: number;
  assumptions: string[];
}

export interface StrategyItem {
  provider: string;
  base: number;
  weight: number;
}

/** An ECS service without DesiredCount runs one task (CloudFormation's default for a new service). */
const DEFAULT_DESIRED_COUNT = 1;

const num = (v: unknown): number | undefined => {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  return Number.isFinite(n) ? n : undefined;
};

/**
 * How ECS spreads `tasks` over a capacity provider strategy: the provider with a base gets up to
 * that many first, the rest are shared by weight (ECS developer guide, capacity provider strategies).
 * Returns the task count per provider (fractions are fine for an average).
 */
export function splitByStrategy(tasks: number, strategy: StrategyItem[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const s of strategy) out[s.provider] = 0;
  let left = tasks;
  for (const s of strategy) {
    const onBase = Math.min(left, s.base);
    out[s.provider] += onBase;
    left -= onBase;
  }
  const weights = strategy.reduce((sum, s) => sum + s.weight, 0);
  if (left > 0 && weights > 0) for (const s of strategy) out[s.provider] += (left * s.weight) / weights;
  return out;
}

/** The price of one hour of `tasks` tasks of one size under a strategy. */
export function fleetHourPrice(tasks: number, taskPrice: number, strategy: StrategyItem[], prices: PriceTable = PRICE_TABLE): number {
  const split = splitByStrategy(tasks, strategy);
  let sum = 0;
  for (const [provider, n] of Object.entries(split)) sum += n * taskPrice * (provider === 'FARGATE_SPOT' ? 1 - prices.fargateSpotDiscount : 1);
  return sum;
}

const ON_DEMAND: StrategyItem[] = [{ provider: 'FARGATE', base: 0, weight: 1 }];

function parseStrategy(raw: unknown): StrategyItem[] | undefined {
  if (!Array.isArray(raw) || raw.length === 0) return undefined;
  return raw.map((s: Record<string, unknown>) => ({ provider: String(s.CapacityProvider), base: num(s.Base) ?? 0, weight: num(s.Weight) ?? 0 }));
}

/** The strategy a service's tasks run under: its own, else its cluster's default, else on-demand Fargate. */
export function strategyOf(model: StackModel, service: ModelResource): StrategyItem[] {
  const own = parseStrategy(service.props.CapacityProviderStrategy);
  if (own) return own;
  if (service.props.LaunchType) return ON_DEMAND;
  const clusterId = model.targetOf(service.raw.Properties?.Cluster);
  const assoc = model
    .ofType('AWS::ECS::ClusterCapacityProviderAssociations')
    .find((a) => clusterId !== undefined && model.targetOf(a.raw.Properties?.Cluster) === clusterId);
  return parseStrategy(assoc?.props.DefaultCapacityProviderStrategy) ?? ON_DEMAND;
}

/** The Application Auto Scaling target of an ECS service, if any (its ResourceId names the service). */
export function scalableTargetOf(model: StackModel, serviceId: string): ModelResource | undefined {
  return model
    .ofType('AWS::ApplicationAutoScaling::ScalableTarget')
    .find((t) => t.props.ServiceNamespace === 'ecs' && JSON.stringify(t.raw.Properties?.ResourceId ?? '').includes(`"${serviceId}"`));
}

/** The task count the service keeps in each hour of a week (see the file comment). */
export function tasksPerHour(model: StackModel, service: ModelResource, assumptions: string[]): number[] {
  const desired = num(service.props.DesiredCount) ?? DEFAULT_DESIRED_COUNT;
  const target = scalableTargetOf(model, service.logicalId);
  if (!target) return Array(HOURS_PER_WEEK).fill(desired);
  const actions: ScheduledFloor[] = [];
  for (const a of (target.props.ScheduledActions ?? []) as Record<string, any>[]) {
    const hours = typeof a.Schedule === 'string' ? cronHoursOfWeek(a.Schedule) : undefined;
    if (!hours) {
      assumptions.push(`${service.logicalId}: scheduled action ${a.ScheduledActionName ?? ''} (${a.Schedule}) is not a weekly cron the model reads; ignored`);
      continue;
    }
    actions.push({ hours, minCapacity: num(a.ScalableTargetAction?.MinCapacity) });
  }
  assumptions.push(`${service.logicalId}: priced at its scaling minimum each hour; tasks that target tracking adds at peaks are extra`);
  return floorPerHour(num(target.props.MinCapacity) ?? desired, actions);
}

export interface ServiceCost {
  logicalId: string;
  cpu: number;
  memory: number;
  arch: CpuArchitecture;
  strategy: StrategyItem[];
  tasks: number[];
  monthly: number;
}

export function serviceCost(model: StackModel, service: ModelResource, assumptions: string[], prices: PriceTable = PRICE_TABLE): ServiceCost | undefined {
  const tdId = model.targetOf(service.raw.Properties?.TaskDefinition);
  const td = tdId ? model.resource(tdId) : undefined;
  const cpu = num(td?.props.Cpu);
  const memory = num(td?.props.Memory);
  if (!td || cpu === undefined || memory === undefined) {
    assumptions.push(`${service.logicalId}: task size unknown; not priced`);
    return undefined;
  }
  if (!(td.props.RequiresCompatibilities ?? []).includes('FARGATE')) return undefined;
  const arch: CpuArchitecture = td.props.RuntimePlatform?.CpuArchitecture === 'ARM64' ? 'ARM64' : 'X86_64';
  const strategy = strategyOf(model, service);
  const tasks = tasksPerHour(model, service, assumptions);
  const price = taskHourPrice(cpu, memory, arch, prices);
  const weekly = tasks.reduce((sum, n) => sum + fleetHourPrice(n, price, strategy, prices), 0);
  return { logicalId: service.logicalId, cpu, memory, arch, strategy, tasks, monthly: (weekly * prices.hoursPerMonth) / HOURS_PER_WEEK };
}

export function estimateMonthlyCost(model: StackModel, prices: PriceTable = PRICE_TABLE): CostReport {
  const assumptions: string[] = [];
  const lines: CostLine[] = [];
  const perMonth = (hourly: number) => hourly * prices.hoursPerMonth;
  for (const s of model.ofType('AWS::ECS::Service')) {
    const c = serviceCost(model, s, assumptions, prices);
    if (c) lines.push({ what: `Fargate service ${s.logicalId}: ${c.cpu} CPU / ${c.memory} MiB ${c.arch}, ${c.strategy.map((x) => x.provider).join('+')}`, logicalId: s.logicalId, monthly: c.monthly });
  }
  for (const r of model.ofType('AWS::ElasticLoadBalancingV2::LoadBalancer')) {
    if ((r.props.Type ?? 'application') === 'application') lines.push({ what: `Application Load Balancer ${r.logicalId} (1 LCU)`, logicalId: r.logicalId, monthly: perMonth(prices.albHour + prices.albLcuHour) });
  }
  for (const r of model.ofType('AWS::EC2::NatGateway')) {
    lines.push({ what: `NAT gateway ${r.logicalId} (+ its public IPv4)`, logicalId: r.logicalId, monthly: perMonth(prices.natGatewayHour + prices.publicIpv4Hour) });
  }
  for (const r of model.ofType('AWS::EC2::VPCEndpoint')) {
    if (r.props.VpcEndpointType !== 'Interface') continue; // gateway endpoints (S3, DynamoDB) are free
    const azs = Array.isArray(r.props.SubnetIds) ? r.props.SubnetIds.length : 1;
    lines.push({ what: `interface endpoint ${r.logicalId} in ${azs} AZ(s)`, logicalId: r.logicalId, monthly: perMonth(azs * prices.interfaceEndpointAzHour) });
  }
  return { lines, monthly: lines.reduce((sum, l) => sum + l.monthly, 0), assumptions };
}
