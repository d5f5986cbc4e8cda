import type { FaultScenario, LoadProfile } from '../../../engine/faults/types';
import { defineLab } from '../../../engine/types';

// The curriculum's practical scenario "high availability" (scenario/high-availability/*): the
// operations and infrastructure labs put together, graded by fault replays.

// One task has 512 CPU units = 500 ms of vCPU a second; at 10 ms of vCPU a request it serves 50
// requests a second at full CPU. A normal day is 60 requests/s: more than one task can serve. The
// replays of a lost zone or lost tasks cover half an hour of it around the fault.
const NORMAL_DAY: LoadProfile = {
  phases: [{ atSecond: 0, rps: 60 }],
  cpuMsPerRequest: 10,
  durationSeconds: 1800,
};

// The evening rush: from 60 to 260 requests/s within six minutes, for ten minutes. Four tasks serve
// 200 at full CPU, so the rush needs scaling; it rises as fast as target tracking can follow (three
// 1-minute datapoints above the target, then about a minute for new tasks to serve).
const EVENING_RUSH: LoadProfile = {
  phases: [
    { atSecond: 0, rps: 60 },
    { atSecond: 120, rps: 120 },
    { atSecond: 240, rps: 160 },
    { atSecond: 360, rps: 200 },
    { atSecond: 480, rps: 260 },
    { atSecond: 1080, rps: 60 },
  ],
  cpuMsPerRequest: 10,
  durationSeconds: 1500,
};

/** The first of the service's two Availability Zones goes dark for five minutes. */
const ZONE_OUTAGE: FaultScenario = { kind: 'az-outage', az: 0, durationSeconds: 300 };
/** Half of the service's tasks stop at once, as when their hosts fail. */
const TASK_LOSS: FaultScenario = { kind: 'stop-tasks', selection: { percent: 50 } };
const FAULT_STARTS_AT = 120;

export default defineLab({
  id: 'scenario/high-availability',
  title: 'Scenario: high availability — survive a lost zone, lost tasks and the rush',
  layer: 'scenario',
  order: 1,
  minutes: 60,
  objectives: [
    'Spread a service over two Availability Zones with enough tasks that either zone alone carries the load',
    'Give the container a health check and the target group health checks that notice a sick task within seconds',
    'Let ECS and the load balancer replace lost tasks without failing requests',
    'Scale with target tracking from a floor that keeps the service statically stable',
    'Test each claim with a fault replay: a zone outage, a task loss, a load spike',
  ],
  covers: [
    'scenario/high-availability/instance-failures',
    'scenario/high-availability/performance-under-load',
    'scenario/high-availability/health-checks',
    'scenario/high-availability/scaling-policies',
  ],
  entry: 'stack.ts',
  stackName: 'HighAvailabilityLab',
  // The FIS experiment constructs (stacks/faults), copied into the workspace as ./faults.
  library: ['faults'],
  breaks: [
    {
      id: 'zone-outage',
      kind: 'fault',
      story:
        'Tuesday, 14:02: one Availability Zone of the region loses power. Everything in it — subnets, tasks, the load ' +
        'balancer node — stops answering for five minutes. The replay shows what checkout does about it.',
      edits: [],
      fault: {
        scenario: ZONE_OUTAGE,
        startsAtSecond: FAULT_STARTS_AT,
        load: NORMAL_DAY,
        hypothesis: 'Checkout serves 99 % of a normal half hour in which one Availability Zone is lost for five minutes, and its errors stop within 30 seconds.',
        experiment: 'AzOutage',
        service: 'Service',
      },
      breaks: ['resilience.survives-az-outage'],
    },
    {
      id: 'task-loss',
      kind: 'fault',
      story:
        'Thursday, 09:15: the hosts under half of checkout\'s tasks fail at once and the tasks stop. The replay shows ' +
        'how long the rest carry the load, and how quickly ECS and the load balancer replace them.',
      edits: [],
      fault: {
        scenario: TASK_LOSS,
        startsAtSecond: FAULT_STARTS_AT,
        load: NORMAL_DAY,
        hypothesis: 'Checkout keeps serving 99.9 % of requests when half of its tasks stop at once.',
        experiment: 'StopTasks',
        service: 'Service',
      },
      breaks: ['resilience.survives-task-loss'],
    },
  ],
  defaultBreak: 'zone-outage',
  checks: [
    { id: 'ecs.service-behind-listener', points: 1 },
    // Guard: nothing the offline checks cannot see (custom resources, transforms) may change the service's resilience.
    { id: 'app.verifiable-offline', params: { services: ['ecs', 'ec2', 'elasticloadbalancing', 'application-autoscaling'] }, points: 1 },
    // The experiments the aws target runs: scoped to the lab, stoppable, short, least-privileged.
    { id: 'faults.experiment-guard-rails', points: 1 },
    { id: 'network.multi-az', points: 2 },
    { id: 'ecs.container-health-check', points: 2 },
    { id: 'scaling.target-tracking', params: { service: 'Service', minMaxCapacity: 8 }, points: 2 },
    {
      id: 'resilience.survives-az-outage',
      // Requests already on their way to the dark zone's tasks fail until the target group's health
      // checks take those tasks out (interval × unhealthy threshold): no setting makes that zero, so
      // the bar is 99 % and errors over within 30 s, which CDK's default checks (2 × 30 s) miss.
      params: { load: NORMAL_DAY, startsAtSecond: FAULT_STARTS_AT, durationSeconds: ZONE_OUTAGE.durationSeconds, service: 'Service', minAvailability: 0.99, maxRecoverySeconds: 30 },
      points: 4,
    },
    {
      id: 'resilience.survives-task-loss',
      params: { load: NORMAL_DAY, startsAtSecond: FAULT_STARTS_AT, selection: TASK_LOSS.selection, service: 'Service', minAvailability: 0.999, maxRecoverySeconds: 120 },
      points: 3,
    },
    {
      id: 'resilience.absorbs-load-spike',
      params: { load: EVENING_RUSH, startsAtSecond: FAULT_STARTS_AT, service: 'Service', minAvailability: 0.999, maxRecoverySeconds: 180 },
      points: 3,
    },
  ],
  // The near-blank service is the task: one task, one zone, no health check, no scaling.
  taskChecks: [
    'network.multi-az',
    'ecs.container-health-check',
    'scaling.target-tracking',
    'resilience.survives-az-outage',
    'resilience.survives-task-loss',
    'resilience.absorbs-load-spike',
  ],
  hints: [
    'Read each failing replay as a question: when the zone goes dark, which tasks are left, and can they carry 60 requests a second on their own? When a task stops, who notices, and how soon?',
    'Four things: subnets and a task count that put enough tasks in each zone to carry the whole load alone (static stability); a container healthCheck; target group health checks measured in seconds, not minutes; autoScaleTaskCount with a floor that keeps that spread and target tracking on CPU and requests per target.',
    'vpcSubnets: { subnetType: PRIVATE_WITH_EGRESS } and desiredCount 4; healthCheck on addContainer (a wget of the app, interval 10 s, retries 3); addTargets healthCheck { interval: 10 s, healthyThresholdCount: 2, unhealthyThresholdCount: 2 }; autoScaleTaskCount({ minCapacity: 4, maxCapacity: 12 }) with scaleOnCpuUtilization (50 %) and scaleOnRequestCount (1,500 on the target group).',
  ],
});
