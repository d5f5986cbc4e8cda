import { App, Stack, Tags } from 'aws-cdk-lib';
import * as appscaling from 'aws-cdk-lib/aws-applicationautoscaling';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { describe, expect, it } from 'vitest';
import { checkStack } from '../../engine/testing/offline-context';
import { savingMeetsTarget } from './saving-meets-target';

const IMAGE = 'public.ecr.aws/nginx/nginx-unprivileged:stable-alpine';
// The oversized start: 4 × 2 vCPU / 8 GB x86 around the clock + one NAT gateway = 340.24 + 36.50 a month (no ALB here).
const BASELINE = 376.74;
const PARAMS = { utilization: 'checkout', baselineMonthlyUsd: BASELINE, minSaving: 0.75, requiredTags: ['cost-center'], multiArchImages: [IMAGE] };

interface Opts {
  cpu?: number;
  memory?: number;
  arm?: boolean;
  image?: string;
  spot?: 'with-base' | 'all';
  schedule?: boolean;
  tags?: boolean;
  businessMin?: number;
}

function costStack(o: Opts = {}): Stack {
  const stack = new Stack(new App(), 'Cost');
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1 });
  const cluster = new ecs.Cluster(stack, 'Cluster', { vpc, enableFargateCapacityProviders: true });
  const td = new ecs.FargateTaskDefinition(stack, 'TaskDef', {
    cpu: o.cpu ?? 2048,
    memoryLimitMiB: o.memory ?? 8192,
    ...(o.arm ? { runtimePlatform: { cpuArchitecture: ecs.CpuArchitecture.ARM64, operatingSystemFamily: ecs.OperatingSystemFamily.LINUX } } : {}),
  });
  td.addContainer('app', { image: ecs.ContainerImage.fromRegistry(o.image ?? IMAGE) });
  const strategies =
    o.spot === 'with-base' ? [{ capacityProvider: 'FARGATE', base: 1, weight: 1 }, { capacityProvider: 'FARGATE_SPOT', weight: 3 }]
    : o.spot === 'all' ? [{ capacityProvider: 'FARGATE_SPOT', weight: 1 }]
    : undefined;
  const service = new ecs.FargateService(stack, 'Service', {
    cluster,
    taskDefinition: td,
    desiredCount: 4,
    ...(strategies ? { capacityProviderStrategies: strategies } : {}),
    ...(o.tags ? { propagateTags: ecs.PropagatedTagSource.SERVICE, enableECSManagedTags: true } : {}),
  });
  if (o.tags) Tags.of(service).add('cost-center', 'shop-42');
  if (o.schedule) {
    const scaling = service.autoScaleTaskCount({ minCapacity: o.businessMin ?? 4, maxCapacity: 8 });
    scaling.scaleOnSchedule('Evening', { schedule: appscaling.Schedule.cron({ minute: '0', hour: '19', weekDay: 'MON-FRI' }), minCapacity: 2 });
    scaling.scaleOnSchedule('Morning', { schedule: appscaling.Schedule.cron({ minute: '0', hour: '7', weekDay: 'MON-FRI' }), minCapacity: o.businessMin ?? 4 });
  }
  return stack;
}

const TUNED: Opts = { cpu: 512, memory: 1024, arm: true, spot: 'with-base', schedule: true, tags: true };
const messages = (r: { findings: { message: string; hint?: string }[] }) => r.findings.map((f) => `${f.message} | ${f.hint}`).join('\n');

describe('cost.saving-meets-target', () => {
  it('Compliance 1: 0.5 vCPU / 1 GB Graviton, Spot above an on-demand base, 2 tasks off hours, tagged: 26.16 + 36.50 ≈ $62.66, 83 % less', async () => {
    const r = await checkStack(savingMeetsTarget, costStack(TUNED), PARAMS);
    expect(messages(r)).toBe('');
    expect(r.status).toBe('pass');
  });

  it('Compliance 2: another valid design — 1 vCPU / 2 GB, 2 tasks around the clock (2,048 units cover the 1,863 and 945 the data needs): $79.03, 79 % less', async () => {
    const stack = costStack({ ...TUNED, cpu: 1024, memory: 2048, businessMin: 2 });
    const r = await checkStack(savingMeetsTarget, stack, PARAMS);
    expect(r.status).toBe('pass');
  });

  it('Noncompliance 1: the oversized start saves nothing and says which levers are unused', async () => {
    const r = await checkStack(savingMeetsTarget, costStack({ tags: true }), PARAMS);
    expect(r.status).toBe('fail');
    expect(messages(r)).toMatch(/0 % less than the \$376\.74/);
    expect(messages(r)).toMatch(/Graviton.*Fargate Spot.*scheduled scaling/);
  });

  it('Noncompliance 2: a pair Fargate rejects (512 CPU with 512 MiB)', async () => {
    const r = await checkStack(savingMeetsTarget, costStack({ ...TUNED, memory: 512 }), PARAMS);
    expect(messages(r)).toMatch(/512 CPU units with 512 MiB, a pair Fargate rejects.*1024, 2048, 3072, 4096 MiB/);
  });

  it('Noncompliance 3: cut too far — 3 × 512 units in business hours cannot carry the 99th percentile (1,304 units → 1,863 needed)', async () => {
    const r = await checkStack(savingMeetsTarget, costStack({ ...TUNED, businessMin: 3 }), PARAMS);
    expect(r.status).toBe('fail');
    expect(messages(r)).toMatch(/keeps 3 × 512 CPU units in business hours.*needs 1863/);
    expect(messages(r)).not.toMatch(/off hours/);
  });

  it('Noncompliance 4: 0.25 vCPU / 512 MiB is below the busiest task\'s memory (571 MiB → 714 with headroom)', async () => {
    const r = await checkStack(savingMeetsTarget, costStack({ ...TUNED, cpu: 256, memory: 512 }), PARAMS);
    expect(messages(r)).toMatch(/has 512 MiB; the busiest task used 571 MiB, which needs 714/);
  });

  it('Noncompliance 5: Graviton with a single-arch image, and every task on Spot', async () => {
    const r = await checkStack(savingMeetsTarget, costStack({ ...TUNED, image: 'example.com/legacy:1', spot: 'all' }), PARAMS);
    expect(messages(r)).toMatch(/image example.com\/legacy:1 is not known to be published for linux\/arm64/);
    expect(messages(r)).toMatch(/may run every task on Fargate Spot/);
  });

  it('Noncompliance 6: no cost allocation tag, and tags that never reach the tasks', async () => {
    const r = await checkStack(savingMeetsTarget, costStack({ ...TUNED, tags: false }), PARAMS);
    expect(messages(r)).toMatch(/has no cost-center tag/);
    expect(messages(r)).toMatch(/does not hand its tags to its tasks/);
    expect(r.findings.every((f) => f.logicalId)).toBe(true);
  });

  it('Skip: a stack without an ECS service has nothing to right-size', async () => {
    const r = await checkStack(savingMeetsTarget, new Stack(new App(), 'Empty'), PARAMS);
    expect(r.status).toBe('skip');
  });
});
