import type { LoadProfile } from '../../../engine/faults/types';
import { defineLab } from '../../../engine/types';

// The shop's traffic: a steady 80 requests per second. A request costs 5 vCPU-ms, so one task of
// a quarter vCPU (256 CPU units) serves about 50 per second, and the service needs both tasks.
const LOAD: LoadProfile = { phases: [{ atSecond: 0, rps: 80 }], cpuMsPerRequest: 5, durationSeconds: 900 };
/** The bad release starts rolling out half a minute into the replay. */
const RELEASE_AT_SECOND = 30;
/** Rolled back within ten minutes of the release starting, with no more than 0.1 % of requests lost. */
const MAX_ROLLBACK_SECONDS = 600;
const MIN_AVAILABILITY = 0.999;

// The deployment settings of starter/stack.ts, as the break finds them.
const ROLLOUT =
  '      minHealthyPercent: 100,\n' +
  '      maxHealthyPercent: 200,\n' +
  '      healthCheckGracePeriod: Duration.seconds(60),\n';

// What the "faster, less flaky deploys" change left instead.
const FAST_ROLLOUT =
  '      // INC-2231 follow-up: deploys were slow and tasks got killed while starting.\n' +
  '      // No extra tasks during a deploy (replace in place), and give new tasks 10 minutes.\n' +
  '      minHealthyPercent: 0,\n' +
  '      maxHealthyPercent: 100,\n' +
  '      healthCheckGracePeriod: Duration.minutes(10),\n';

export default defineLab({
  id: 'operations/service-updates',
  title: 'Service updates: circuit breaker, rollback and capacity during a deployment',
  layer: 'operations',
  order: 4,
  minutes: 40,
  objectives: [
    'Say what minimumHealthyPercent and maximumPercent mean for capacity during a rolling deployment (100/200, 50/100, 0/100)',
    'Turn on the deployment circuit breaker with rollback, so a release that never gets healthy is undone without a human',
    'Size the health check grace period to the app’s start-up: long enough for a good release, short enough to catch a bad one',
    'Tell the container health check from the load balancer’s target health check, and what each one catches',
    'Watch a release with deployment alarms on what users see (5xx, unhealthy targets) that roll it back',
  ],
  covers: ['operations/q/service-updates', 'scenario/high-availability/health-checks'],
  entry: 'stack.ts',
  stackName: 'ServiceUpdatesLab',
  breaks: [
    {
      id: 'bad-release',
      kind: 'fault',
      story:
        'Friday 17:40, release 2.7 of the orders app went out: a new, smaller base image without wget, so its container ' +
        'health check could never pass. The week before, a "faster deploys" change had gone in. ECS stopped both running ' +
        'tasks at once, then kept starting new ones that were killed ten minutes later, over and over. The shop was down ' +
        'for 52 minutes until someone redeployed 2.6 by hand. Release 2.7 is fixed; the next bad release must not hurt.',
      edits: [{ file: 'stack.ts', find: ROLLOUT, replace: FAST_ROLLOUT }],
      fault: {
        scenario: { kind: 'bad-release' },
        startsAtSecond: RELEASE_AT_SECOND,
        load: LOAD,
        hypothesis: 'A release whose health check never passes is rolled back within 10 minutes while the service keeps serving 99.9 % of its requests.',
      },
      breaks: ['deployments.capacity-during-deploy', 'deployments.health-check-grace-period', 'resilience.safe-deployments'],
    },
  ],
  defaultBreak: 'bad-release',
  checks: [
    { id: 'ecs.service-behind-listener', points: 1 },
    // Guard: nothing the offline checks cannot see (custom resources, transforms) may change the deployment settings or alarms.
    { id: 'app.verifiable-offline', params: { services: ['ecs', 'cloudwatch', 'application-autoscaling'] }, points: 1 },
    // Guard: deleting the health check that "keeps failing" is not a fix; it is how a bad release gets through.
    { id: 'ecs.container-health-check', points: 1 },
    { id: 'deployments.circuit-breaker-rollback', points: 3 },
    // The load (80 requests/s, about 50 per task) needs two tasks serving at all times.
    { id: 'deployments.capacity-during-deploy', params: { minServing: 2, minHealthyPercent: 50 }, points: 3 },
    { id: 'deployments.health-check-grace-period', params: { maxSeconds: 120 }, points: 2 },
    { id: 'deployments.alarms-watch-release', points: 2 },
    // The replay: a release whose health check never passes rolls out under the shop's load.
    {
      id: 'resilience.safe-deployments',
      params: { load: LOAD, startsAtSecond: RELEASE_AT_SECOND, maxRollbackSeconds: MAX_ROLLBACK_SECONDS, minAvailability: MIN_AVAILABILITY },
      points: 4,
    },
  ],
  // Even before the break, nothing rolls a bad release back: the TODO in stack.ts.
  taskChecks: ['deployments.circuit-breaker-rollback', 'deployments.alarms-watch-release', 'resilience.safe-deployments'],
  hints: [
    'Replay Friday in your head: how many tasks served while the new ones were failing, and what would ever have stopped ECS from trying again? Two settings decide the first, one missing feature the second.',
    'Look at the service’s deployment settings: minHealthyPercent / maxHealthyPercent (which tasks may stop before new ones are healthy, and how many extra may start), healthCheckGracePeriod (how long failing checks are ignored), circuitBreaker, and deployment alarms on the target group’s metrics.',
    'In the FargateService props: minHealthyPercent: 100, maxHealthyPercent: 200, healthCheckGracePeriod: Duration.seconds(60), circuitBreaker: { enable: true, rollback: true }. Then create cloudwatch.Alarm(s) on targetGroup.metrics.httpCodeTarget(TARGET_5XX_COUNT) and unhealthyHostCount() (keep the value addTargets returns), and call service.enableDeploymentAlarms([alarm.alarmName, …], { behavior: ecs.AlarmBehavior.ROLLBACK_ON_ALARM }).',
  ],
});
