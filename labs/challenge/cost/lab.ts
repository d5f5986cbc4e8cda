import type { LoadProfile } from '../../../engine/faults/types';
import { defineLab } from '../../../engine/types';

// The curriculum's advanced challenge "cost optimization" (challenge/cost/*): right-size a service
// from a shipped utilization data set (engine/cost/data/checkout-utilization.json, made by
// scripts/generate-utilization.mjs) and prove, with the cost model (engine/cost), a saving of at
// least the target without failing the availability replay.

/**
 * The starter as priced by the cost model (engine/cost/data/prices.json, us-east-1, 2026-12):
 * 4 tasks × (2 vCPU × $0.04048 + 8 GB × $0.004445) × 730 h = $340.24, the ALB ($0.0225 + one LCU
 * $0.008) × 730 = $22.27, the NAT gateway ($0.045 + its IPv4 $0.005) × 730 = $36.50: $399.00.
 */
const BASELINE_MONTHLY_USD = 399.0;
/** The target: at most $99.75 a month. Right-sizing alone reaches 67 %; two of Graviton, Spot and off-hours scale-in are needed too. */
const MIN_SAVING = 0.75;
const IMAGE = 'public.ecr.aws/nginx/nginx-unprivileged:stable-alpine';

// The business-hours peak of the data set: 99th percentile 122.6 requests/s, at 10 ms of vCPU each
// (engine/cost/data/checkout-utilization.json). A task of 512 CPU units serves 50 a second at full CPU.
const BUSINESS_PEAK: LoadProfile = { phases: [{ atSecond: 0, rps: 125 }], cpuMsPerRequest: 10, durationSeconds: 1200 };

export default defineLab({
  id: 'challenge/cost',
  title: 'Challenge: cost — right-size checkout from its utilization data',
  layer: 'challenge',
  order: 3,
  minutes: 60,
  objectives: [
    'Read two weeks of CPU and memory percentiles and turn them into a task size and a task count per time of day',
    'Choose a CPU/memory pair Fargate accepts',
    'Run the stateless tier on Fargate Spot above an on-demand base, through capacity providers',
    'Use Graviton where the image is multi-arch',
    'Scale in off hours with scheduled scaling, under target tracking',
    'Tag the service so its cost can be allocated, and prove the saving with a cost model',
  ],
  covers: ['challenge/cost/right-sizing', 'challenge/cost/auto-scaling', 'challenge/cost/utilization', 'challenge/cost/allocation-tags'],
  entry: 'stack.ts',
  stackName: 'CostLab',
  breaks: [
    {
      id: 'one-task',
      kind: 'code',
      story:
        'Finance asked for "a smaller bill by Friday". Someone cut checkout to a single task: cheaper, and fine on a ' +
        'quiet afternoon — until that one task is stopped.',
      edits: [{ file: 'stack.ts', find: 'desiredCount: 4,', replace: 'desiredCount: 1,' }],
      breaks: ['resilience.survives-task-loss'],
    },
  ],
  defaultBreak: 'one-task',
  checks: [
    { id: 'ecs.service-behind-listener', points: 1 },
    // Guard: nothing the offline checks cannot see may change the service, its scaling or its network.
    { id: 'app.verifiable-offline', params: { services: ['ecs', 'ec2', 'elasticloadbalancing', 'application-autoscaling'] }, points: 1 },
    // Guard: no saving from moving the tasks into public subnets to drop the NAT gateway.
    { id: 'network.tasks-in-private-subnets', points: 1 },
    {
      id: 'cost.saving-meets-target',
      params: { service: 'Service', utilization: 'checkout', baselineMonthlyUsd: BASELINE_MONTHLY_USD, minSaving: MIN_SAVING, requiredTags: ['cost-center', 'application'], multiArchImages: [IMAGE] },
      points: 6,
    },
    { id: 'scaling.target-tracking', params: { service: 'Service' }, points: 2 },
    {
      id: 'resilience.survives-task-loss',
      // One task stopped at the business-hours peak, as a Spot interruption does: the others carry it.
      params: { load: BUSINESS_PEAK, startsAtSecond: 120, selection: { count: 1 }, service: 'Service', minAvailability: 0.999, maxRecoverySeconds: 120 },
      points: 3,
    },
  ],
  taskChecks: ['cost.saving-meets-target', 'scaling.target-tracking'],
  hints: [
    'Start from the data, not the bill: how many CPU units does the whole service use at its 99th percentile in business hours, and at night? How much memory does the busiest task use? What does that leave of 4 × 2 vCPU / 8 GB?',
    'Four levers: a smaller valid Fargate size (CPU with the 99th percentile at 70 %, memory with a quarter above the maximum); runtimePlatform ARM64 for the multi-arch image; capacityProviderStrategies with a FARGATE base and FARGATE_SPOT weight (enableFargateCapacityProviders on the cluster); autoScaleTaskCount with scaleOnSchedule in the evening and the morning. And tags propagated from the service.',
    'cpu 512 / memoryLimitMiB 1024 with runtimePlatform ARM64; strategies [{ FARGATE, base 1, weight 1 }, { FARGATE_SPOT, weight 3 }]; autoScaleTaskCount({ minCapacity: 4, maxCapacity: 12 }) with scaleOnCpuUtilization 60 %, scaleOnSchedule at 19:00 MON-FRI minCapacity 2 and at 07:00 MON-FRI minCapacity 4; propagateTags SERVICE, enableECSManagedTags, Tags.of(service).add(\'cost-center\', …) and (\'application\', …).',
  ],
});
