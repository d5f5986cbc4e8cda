// The cost estimate shown before a deploy, from the synthesized template and the price table.
// Pure: template in, lines out. Only what runs by the hour is counted; data transfer, logs and
// requests are small in a lab and listed as not included.
import type { CfnResource, CfnTemplate } from '../../types';
import { HOURS_PER_MONTH, PRICES } from './prices';

export interface CostLine {
  what: string;
  perHour: number;
}

export interface CostEstimate {
  lines: CostLine[];
  perHour: number;
  perMonth: number;
  /** Things guessed (a desired count CloudFormation computes at deploy time, …). */
  assumptions: string[];
}

/** Fargate sizes are strings of CPU units (1024 = 1 vCPU) and MiB. */
const CPU_UNITS_PER_VCPU = 1024;
const MIB_PER_GB = 1024;
/** An ECS service without DesiredCount runs one task (CloudFormation's default for a new service). */
const DEFAULT_DESIRED_COUNT = 1;

const literalNumber = (v: unknown): number | undefined => {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  return Number.isFinite(n) ? n : undefined;
};

const refOf = (v: unknown): string | undefined =>
  v && typeof v === 'object' && typeof (v as { Ref?: unknown }).Ref === 'string' ? (v as { Ref: string }).Ref : undefined;

const isFargate = (service: CfnResource): boolean => {
  const p = service.Properties ?? {};
  if (p.LaunchType === 'FARGATE') return true;
  const providers = Array.isArray(p.CapacityProviderStrategy) ? p.CapacityProviderStrategy : [];
  return providers.some((s: { CapacityProvider?: unknown }) => typeof s.CapacityProvider === 'string' && s.CapacityProvider.startsWith('FARGATE'));
};

function fargateLine(id: string, service: CfnResource, resources: Record<string, CfnResource>, assumptions: string[]): CostLine | undefined {
  if (!isFargate(service)) return undefined;
  const p = service.Properties ?? {};
  let count = literalNumber(p.DesiredCount);
  if (count === undefined) {
    count = DEFAULT_DESIRED_COUNT;
    if (p.DesiredCount !== undefined) assumptions.push(`${id}: desired count is computed at deploy time; counted as ${count}`);
  }
  const td = resources[refOf(p.TaskDefinition) ?? ''];
  const cpu = literalNumber(td?.Properties?.Cpu);
  const mem = literalNumber(td?.Properties?.Memory);
  if (cpu === undefined || mem === undefined) {
    assumptions.push(`${id}: task size unknown; not counted`);
    return undefined;
  }
  const arm = td?.Properties?.RuntimePlatform?.CpuArchitecture === 'ARM64';
  const vcpu = cpu / CPU_UNITS_PER_VCPU;
  const gb = mem / MIB_PER_GB;
  const perTask = vcpu * (arm ? PRICES.fargateArmVcpuHour : PRICES.fargateVcpuHour) + gb * (arm ? PRICES.fargateArmGbHour : PRICES.fargateGbHour);
  return { what: `Fargate ${id}: ${count} × ${vcpu} vCPU / ${gb} GB${arm ? ' (ARM)' : ''}`, perHour: count * perTask };
}

/** One resource's hourly cost, or undefined when it costs nothing by the hour. */
function lineFor(id: string, r: CfnResource, resources: Record<string, CfnResource>, assumptions: string[]): CostLine | undefined {
  const p = r.Properties ?? {};
  switch (r.Type) {
    case 'AWS::ECS::Service':
      return fargateLine(id, r, resources, assumptions);
    case 'AWS::ElasticLoadBalancingV2::LoadBalancer':
      if ((p.Type ?? 'application') !== 'application') return undefined;
      return { what: `Application Load Balancer ${id} (1 LCU assumed)`, perHour: PRICES.albHour + PRICES.albLcuHour };
    case 'AWS::EC2::NatGateway':
      return { what: `NAT gateway ${id} (+ its public IPv4)`, perHour: PRICES.natGatewayHour + PRICES.publicIpv4Hour };
    case 'AWS::EC2::VPCEndpoint': {
      if (p.VpcEndpointType !== 'Interface') return undefined; // gateway endpoints (S3, DynamoDB) are free
      const azs = Array.isArray(p.SubnetIds) ? p.SubnetIds.length : 1;
      return { what: `interface endpoint ${id} in ${azs} AZ${azs === 1 ? '' : 's'}`, perHour: azs * PRICES.interfaceEndpointAzHour };
    }
    case 'AWS::CloudWatch::Alarm':
      return { what: `CloudWatch alarm ${id}`, perHour: PRICES.alarmMonth / HOURS_PER_MONTH };
    case 'AWS::KMS::Key':
      return { what: `KMS key ${id}`, perHour: PRICES.kmsKeyMonth / HOURS_PER_MONTH };
    default:
      return undefined;
  }
}

export function estimateCost(template: CfnTemplate): CostEstimate {
  const resources = template.Resources ?? {};
  const assumptions: string[] = [];
  const lines = Object.entries(resources)
    .map(([id, r]) => lineFor(id, r, resources, assumptions))
    .filter((l): l is CostLine => l !== undefined);
  const perHour = lines.reduce((sum, l) => sum + l.perHour, 0);
  return { lines, perHour, perMonth: perHour * HOURS_PER_MONTH, assumptions };
}

const usd = (n: number): string => (n < 0.01 && n > 0 ? `$${n.toFixed(4)}` : `$${n.toFixed(2)}`);

/** The estimate as the lines printed before the confirmation. */
export function formatCost(est: CostEstimate, ttlHours: number): string[] {
  const out = [`Estimated cost: ${usd(est.perHour)} per hour · ${usd(est.perMonth)} per month if left running · ${usd(est.perHour * ttlHours)} for the ${ttlHours} h until it expires`];
  for (const l of est.lines) out.push(`  ${usd(l.perHour)}/h  ${l.what}`);
  for (const a of est.assumptions) out.push(`  note: ${a}`);
  out.push('  (us-east-1 on-demand prices; other regions up to ~30 % more; data transfer, logs and requests not included)');
  return out;
}
