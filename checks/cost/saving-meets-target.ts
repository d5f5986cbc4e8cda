import { isValidFargateSize, memoryChoices } from '../../engine/cost/fargate-sizes';
import { estimateMonthlyCost, serviceCost, type ServiceCost } from '../../engine/cost/model';
import { PRICE_TABLE } from '../../engine/cost/prices';
import { businessHoursOfWeek, needOf, UTILIZATION_SETS, type UtilizationSet } from '../../engine/cost/utilization';
import type { ModelResource, StackModel } from '../../engine/model/model';
import { defineCheck, type Finding } from '../../engine/types';

export interface SavingParams {
  /** Construct id (or path fragment) of the service being right-sized; default the only one. */
  service?: string;
  /** The utilization data set (engine/cost/utilization.ts) the service is sized from. */
  utilization: string;
  /** What the stack cost a month before (the lab's starter), from the same price table. */
  baselineMonthlyUsd: number;
  /** The least share of the baseline the new design must save, 0–1. */
  minSaving: number;
  /** Tag keys the service must carry for cost allocation. */
  requiredTags: string[];
  /** Images known to be published for linux/arm64 as well as linux/amd64. */
  multiArchImages: string[];
}

const ID = 'cost.saving-meets-target';
/** ECS copies tags to the tasks it starts only when told where from (ECS developer guide, "Tagging your resources"). */
const PROPAGATING = ['SERVICE', 'TASK_DEFINITION'];

/**
 * The service is right-sized from its utilization data and costs at least `minSaving` less than the
 * baseline, priced by the cost model (engine/cost): valid Fargate sizes, enough CPU for the 99th
 * percentile in business hours and off hours at the floor the service keeps then, enough memory for
 * the highest value seen, Graviton only with a multi-arch image, Spot only above an on-demand base,
 * and cost allocation tags that reach the tasks. The availability replays of the lab (resilience.*)
 * judge the same design under a lost task.
 */
export const savingMeetsTarget = defineCheck<SavingParams>({
  id: ID,
  title: 'The service is right-sized from its utilization data and costs less by the target',
  severity: 'medium',
  why:
    'A task sized by guess pays for CPU and memory it never uses, around the clock. Two weeks of utilization say what the ' +
    'service needs at its peaks and at night; valid Fargate sizes, Graviton, Fargate Spot above an on-demand base and ' +
    'fewer tasks off hours cut the bill without cutting the headroom, and cost allocation tags show who pays for what.',
  refs: {
    wellArchitected: ['COST 6: How do you meet cost targets when you select resource type, size and number?', 'COST 2: How do you govern usage?'],
    docs: [
      'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/capacity-tasksize-best-practice.html',
      'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-capacity-providers.html',
    ],
  },
  params(raw) {
    const set = raw.utilization;
    if (typeof set !== 'string' || !UTILIZATION_SETS[set]) throw new Error(`${ID}: utilization must name a data set (${Object.keys(UTILIZATION_SETS).join(', ')}), got ${JSON.stringify(set)}`);
    const baseline = raw.baselineMonthlyUsd;
    if (typeof baseline !== 'number' || !(baseline > 0)) throw new Error(`${ID}: baselineMonthlyUsd must be a number above 0`);
    const minSaving = raw.minSaving;
    if (typeof minSaving !== 'number' || !(minSaving > 0 && minSaving < 1)) throw new Error(`${ID}: minSaving must be a share between 0 and 1`);
    const strings = (k: string) => {
      const v = raw[k] ?? [];
      if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) throw new Error(`${ID}: ${k} must be a list of strings`);
      return v as string[];
    };
    return { service: raw.service as string | undefined, utilization: set, baselineMonthlyUsd: baseline, minSaving, requiredTags: strings('requiredTags'), multiArchImages: strings('multiArchImages') };
  },
  offline({ model, params }) {
    const services = params.service ? model.findByPath(params.service, 'AWS::ECS::Service') : model.ofType('AWS::ECS::Service');
    if (services.length !== 1) return { status: 'skip', reason: services.length ? 'more than one ECS service matches; name one with params.service' : 'the stack has no ECS service to right-size' };
    const service = services[0];
    const assumptions: string[] = [];
    const cost = serviceCost(model, service, assumptions);
    if (!cost) return { status: 'skip', reason: `service ${model.describe(service.logicalId)} has no Fargate task size the cost model can read` };
    const findings = [
      ...sizeFindings(model, service, cost, UTILIZATION_SETS[params.utilization]),
      ...archFindings(model, service, cost, params),
      ...spotFindings(model, service, cost),
      ...tagFindings(model, service, params),
      ...savingFindings(model, service, cost, params),
    ];
    return findings.length ? { status: 'fail', findings } : { status: 'pass' };
  },
});

const taskDefinitionOf = (model: StackModel, service: ModelResource) => model.resource(model.targetOf(service.raw.Properties?.TaskDefinition) ?? '')!;

function sizeFindings(model: StackModel, service: ModelResource, cost: ServiceCost, data: UtilizationSet): Finding[] {
  const td = taskDefinitionOf(model, service);
  const name = model.describe(service.logicalId);
  if (!isValidFargateSize(cost.cpu, cost.memory)) {
    const choices = memoryChoices(cost.cpu);
    return [model.finding(td.logicalId, `task definition ${model.describe(td.logicalId)} asks for ${cost.cpu} CPU units with ${cost.memory} MiB, a pair Fargate rejects`, choices.length ? `With ${cost.cpu} CPU units Fargate takes ${choices.join(', ')} MiB.` : `Fargate CPU sizes are 256, 512, 1024, 2048, 4096, 8192 and 16384 units.`)];
  }
  const need = needOf(data);
  const business = businessHoursOfWeek();
  const lowest = (inBusiness: boolean) => Math.min(...cost.tasks.filter((_, h) => business.has(h) === inBusiness));
  const findings: Finding[] = [];
  for (const [when, tasks, units, p99] of [
    ['business hours', lowest(true), need.businessCpuUnits, data.summary.businessHours.cpuUnitsTotal.p99],
    ['off hours', lowest(false), need.offHoursCpuUnits, data.summary.offHours.cpuUnitsTotal.p99],
  ] as const) {
    if (tasks * cost.cpu < units) {
      findings.push(model.finding(service.logicalId, `service ${name} keeps ${tasks} × ${cost.cpu} CPU units in ${when}; the 99th percentile there is ${p99} units, which needs ${units} at 70 % utilization`, `Keep at least ${Math.ceil(units / cost.cpu)} tasks of this size in ${when}, or use larger tasks.`));
    }
  }
  if (cost.memory < need.memoryMiB) {
    findings.push(model.finding(td.logicalId, `task definition ${model.describe(td.logicalId)} has ${cost.memory} MiB; the busiest task used ${data.summary.memoryMiBPerTask.max} MiB, which needs ${need.memoryMiB} with a quarter of headroom (a task out of memory is killed)`, `Give each task at least ${need.memoryMiB} MiB (the next valid Fargate size).`));
  }
  return findings;
}

function archFindings(model: StackModel, service: ModelResource, cost: ServiceCost, params: SavingParams): Finding[] {
  if (cost.arch !== 'ARM64') return [];
  const td = taskDefinitionOf(model, service);
  const images = ((td.props.ContainerDefinitions ?? []) as { Image?: unknown }[]).map((c) => String(c.Image));
  const single = images.filter((i) => !params.multiArchImages.includes(i));
  return single.map((image) =>
    model.finding(td.logicalId, `task definition ${model.describe(td.logicalId)} runs on ARM64 (Graviton), but image ${image} is not known to be published for linux/arm64: the task would fail to start (exec format error)`, 'Use Graviton only with a multi-arch image (build it for linux/amd64 and linux/arm64), or stay on X86_64.'),
  );
}

function spotFindings(model: StackModel, service: ModelResource, cost: ServiceCost): Finding[] {
  const spot = cost.strategy.find((s) => s.provider === 'FARGATE_SPOT');
  if (!spot || spot.weight + spot.base === 0) return [];
  const onDemandBase = cost.strategy.filter((s) => s.provider === 'FARGATE').reduce((sum, s) => sum + s.base, 0);
  if (onDemandBase >= 1) return [];
  return [model.finding(service.logicalId, `service ${model.describe(service.logicalId)} may run every task on Fargate Spot: one wave of interruptions (two minutes' warning) can take them all at once`, 'Keep a base of at least one task on FARGATE (capacityProviderStrategies: [{ capacityProvider: \'FARGATE\', base: 1, weight: 1 }, { capacityProvider: \'FARGATE_SPOT\', weight: 3 }]).')];
}

function tagFindings(model: StackModel, service: ModelResource, params: SavingParams): Finding[] {
  const name = model.describe(service.logicalId);
  const keys = new Set(((service.props.Tags ?? []) as { Key?: string }[]).map((t) => t.Key));
  const missing = params.requiredTags.filter((k) => !keys.has(k));
  const findings: Finding[] = [];
  if (missing.length) findings.push(model.finding(service.logicalId, `service ${name} has no ${missing.join(', ')} tag${missing.length > 1 ? 's' : ''}: Cost Explorer cannot attribute its cost`, `Tag it (Tags.of(service).add('${missing[0]}', '…')) and activate the keys as cost allocation tags in the Billing console.`));
  if (!PROPAGATING.includes(String(service.props.PropagateTags)) || service.props.EnableECSManagedTags !== true) {
    findings.push(model.finding(service.logicalId, `service ${name} does not hand its tags to its tasks (PropagateTags ${service.props.PropagateTags ?? 'unset'}, EnableECSManagedTags ${service.props.EnableECSManagedTags ?? 'unset'}): Fargate bills the tasks, so their cost stays untagged`, 'Set propagateTags: ecs.PropagatedTagSource.SERVICE and enableECSManagedTags: true on the service.'));
  }
  return findings;
}

function savingFindings(model: StackModel, service: ModelResource, cost: ServiceCost, params: SavingParams): Finding[] {
  const total = estimateMonthlyCost(model).monthly;
  const saving = 1 - total / params.baselineMonthlyUsd;
  if (saving >= params.minSaving) return [];
  const levers: string[] = [];
  if (cost.arch !== 'ARM64') levers.push('Graviton (ARM64) for the multi-arch image');
  if (!cost.strategy.some((s) => s.provider === 'FARGATE_SPOT' && s.weight > 0)) levers.push('Fargate Spot above an on-demand base');
  if (new Set(cost.tasks).size === 1) levers.push('fewer tasks off hours (scheduled scaling)');
  const usd = (n: number) => `$${n.toFixed(2)}`;
  return [
    model.finding(
      service.logicalId,
      `the stack costs about ${usd(total)} a month (${PRICE_TABLE.region} prices of ${PRICE_TABLE.date}), ${Math.round(saving * 100)} % less than the ${usd(params.baselineMonthlyUsd)} before; the target is ${Math.round(params.minSaving * 100)} % (at most ${usd(params.baselineMonthlyUsd * (1 - params.minSaving))})`,
      levers.length ? `Not used yet: ${levers.join('; ')}.` : 'Right-size further: the smallest valid Fargate size that still covers the data set.',
    ),
  ];
}
