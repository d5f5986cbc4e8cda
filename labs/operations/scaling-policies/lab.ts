import type { FaultScenario, LoadProfile } from '../../../engine/faults/types';
import { defineLab } from '../../../engine/types';

// Friday evening, as the brief tells it. One task has 512 CPU units = 500 ms of vCPU a second; at
// 10 ms of vCPU a request it serves 50 requests a second at full CPU. Two tasks at 40 requests/s
// run at 40 %; the TV spot takes the load to 160 within seven minutes, holds it, then it falls back.
// The rise is as fast as target tracking can follow at all: its alarm needs three 1-minute
// datapoints above the target, and a new task about a minute more before it serves.
const FRIDAY_EVENING: LoadProfile = {
  phases: [
    { atSecond: 0, rps: 40 },
    { atSecond: 60, rps: 60 },
    { atSecond: 180, rps: 80 },
    { atSecond: 270, rps: 100 },
    { atSecond: 360, rps: 130 },
    { atSecond: 420, rps: 160 },
    { atSecond: 900, rps: 60 },
  ],
  cpuMsPerRequest: 10,
  durationSeconds: 1200,
};

// The runaway report job, at the peak: half of the CPU of half of the tasks, for five minutes.
const RUNAWAY_JOB: FaultScenario = { kind: 'cpu-stress', percent: 50, durationSeconds: 300, tasksPercent: 50 };
const FAULT_STARTS_AT = 480;

export default defineLab({
  id: 'operations/scaling-policies',
  title: 'Scaling policies: target tracking that absorbs a spike',
  layer: 'operations',
  order: 3,
  minutes: 40,
  objectives: [
    'Scale an ECS service with target tracking on CPU and on requests per target, and say what each metric sees',
    'Choose target values from what one task serves, leaving headroom for the minutes scaling takes',
    'Size the floor (two tasks across Availability Zones) and the ceiling (the peak with a fault on top)',
    'Set cooldowns that scale out quickly and in slowly',
    'Read a fault replay: demand, capacity, desired and running tasks, errors',
  ],
  covers: ['operations/scaling-policies', 'operations/q/scaling-metrics'],
  entry: 'stack.ts',
  stackName: 'ScalingPoliciesLab',
  // The FIS experiment constructs (stacks/faults), copied into the workspace as ./faults.
  library: ['faults'],
  breaks: [
    {
      id: 'tv-spot-with-runaway-job',
      kind: 'fault',
      story:
        'Friday, 20:00: the TV spot airs and traffic quadruples within seven minutes. At the peak a runaway report ' +
        'job pins half of the CPU of half of the tasks. The replay shows what your scaling policy does about it.',
      edits: [],
      fault: {
        scenario: RUNAWAY_JOB,
        startsAtSecond: FAULT_STARTS_AT,
        load: FRIDAY_EVENING,
        hypothesis: 'The API keeps serving 99 % of requests through the spike and a CPU-stress fault, and stops failing within five minutes.',
        experiment: 'CpuStress',
        service: 'Service',
      },
      breaks: ['resilience.absorbs-load-spike'],
    },
  ],
  defaultBreak: 'tv-spot-with-runaway-job',
  checks: [
    { id: 'ecs.service-behind-listener', points: 1 },
    // Guard: nothing the offline checks cannot see (custom resources, transforms) may change how the service scales.
    { id: 'app.verifiable-offline', params: { services: ['application-autoscaling', 'ecs', 'elasticloadbalancing', 'cloudwatch'] }, points: 1 },
    // The experiment the aws target runs: fenced in, and able to reach inside the tasks.
    { id: 'faults.experiment-guard-rails', points: 1 },
    { id: 'faults.experiment-prerequisites', points: 1 },
    {
      id: 'scaling.target-tracking',
      params: {
        service: 'Service',
        require: ['ECSServiceAverageCPUUtilization', 'ALBRequestCountPerTarget'],
        // One task serves 50 requests/s = 3,000 a minute at full CPU: 10 % to 80 % of that.
        targetBands: { ALBRequestCountPerTarget: [300, 2400] },
        // At a 50 % target the 160 requests/s peak needs about 160 / 25 = 7 tasks; the fault takes more.
        minMaxCapacity: 8,
      },
      points: 3,
    },
    {
      id: 'resilience.absorbs-load-spike',
      params: {
        load: FRIDAY_EVENING,
        startsAtSecond: FAULT_STARTS_AT,
        service: 'Service',
        stress: RUNAWAY_JOB,
        // The solution serves 100 %; 99 % tolerates a short dip, while the launch-day policy and
        // targets without headroom lose far more (about 70 % and 95 % served: lab.test.ts).
        minAvailability: 0.99,
        maxRecoverySeconds: 300,
      },
      points: 4,
    },
  ],
  // The launch-day policy is the task itself: it fails both before any fault is replayed.
  taskChecks: ['scaling.target-tracking', 'resilience.absorbs-load-spike'],
  hints: [
    'Look at the replay\'s timeline: when does the desired count start to rise, and how far can it go? The tasks you already have carry the spike until new ones serve.',
    'Four settings decide it: minCapacity and maxCapacity of autoScaleTaskCount, the target of each policy (how much headroom it leaves), and scaleOutCooldown. Then add a second policy that reacts to requests as soon as they arrive: scaleOnRequestCount on the service\'s targetGroup.',
    'autoScaleTaskCount({ minCapacity: 2, maxCapacity: 12 }); scaleOnCpuUtilization(\'CpuScaling\', { targetUtilizationPercent: 50, scaleOutCooldown: Duration.seconds(60), scaleInCooldown: Duration.seconds(300) }); scaleOnRequestCount(\'RequestScaling\', { targetGroup, requestsPerTarget: 1500, same cooldowns }).',
  ],
});
