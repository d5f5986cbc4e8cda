// The curriculum's advanced challenge "zero downtime" (challenge/zero-downtime/*): ECS-native
// blue/green with a canary, a test listener rule and lifecycle hooks, connection draining and
// sticky sessions, and the database migration as a one-off task before the release starts.
import type { LoadProfile } from '../../../engine/faults/types';
import { defineLab } from '../../../engine/types';

// Checkout traffic: a steady 80 requests per second at 5 vCPU-ms each; a task of 256 CPU units
// serves about 50, so both tasks are needed. Long enough for a 5-minute canary step to finish.
const LOAD: LoadProfile = { phases: [{ atSecond: 0, rps: 80 }], cpuMsPerRequest: 5, durationSeconds: 900 };
/** The release starts half a minute into the replay. */
const RELEASE_AT_SECOND = 30;
/** The payment call takes up to 20 s: a leaving task drains at least 30 s, and at most 2 minutes. */
const DRAIN = { minSeconds: 30, maxSeconds: 120 };
/** Carts live in the task's memory for an hour. */
const SESSION_SECONDS = 3600;

export default defineLab({
  id: 'challenge/zero-downtime',
  title: 'Zero-downtime releases: blue/green, canary, sessions and migrations',
  layer: 'challenge',
  order: 1,
  minutes: 90,
  objectives: [
    'Release with ECS-native blue/green or canary: green beside blue, production traffic moved by listener rule weights, blue kept for a bake time',
    'Test a release before customers reach it: a test listener rule to the green target group and a lifecycle hook that fails a bad release',
    'Run a backwards-compatible (expand/contract) database migration once, as its own task, before the release starts',
    'Keep sessions and in-flight requests through a release: stickiness and connection draining on both target groups',
  ],
  covers: ['challenge/zero-downtime/blue-green', 'challenge/zero-downtime/canary', 'challenge/zero-downtime/sessions', 'challenge/zero-downtime/db-migrations'],
  entry: 'stack.ts',
  stackName: 'ZeroDowntimeLab',
  breaks: [
    {
      id: 'checkout-500s',
      kind: 'fault',
      story:
        'Tuesday 11:05, release 4.2 of checkout went out. Its first task ran the migration that renamed cart.total to ' +
        'cart.total_cents, and the 4.1 tasks still serving began to fail every checkout. The 4.2 tasks passed their health ' +
        'check (the home page) and failed every checkout too: a typo in the new query. Customers paid for 38 minutes with ' +
        'nothing. During the rollback, someone set the deregistration delay to 0 "to make it faster", and cut off the ' +
        'payments in flight. 4.2 is fixed; make the next bad release harmless.',
      edits: [{ file: 'stack.ts', find: 'deregistrationDelay: Duration.seconds(60),', replace: 'deregistrationDelay: Duration.seconds(0), // faster rollbacks (INC-3120)' }],
      fault: {
        scenario: { kind: 'bad-release', failure: 'requests' },
        startsAtSecond: RELEASE_AT_SECOND,
        load: LOAD,
        hypothesis: 'A release that passes its health checks but fails every checkout is rolled back before any customer reaches it.',
      },
      breaks: ['bluegreen.connection-draining'],
    },
  ],
  defaultBreak: 'checkout-500s',
  checks: [
    { id: 'ecs.service-behind-listener', points: 1 },
    // Guard: nothing the offline checks cannot see may change the deployment, the listener rules or the hooks.
    { id: 'app.verifiable-offline', params: { services: ['ecs', 'elasticloadbalancing', 'lambda', 'iam'] }, points: 1 },
    { id: 'bluegreen.strategy-with-bake-time', params: { minBakeMinutes: 10 }, points: 3 },
    { id: 'bluegreen.test-traffic-validated', points: 3 },
    // Every release of checkout may change the cart schema.
    { id: 'bluegreen.migration-before-shift', params: { migratesDatabase: true }, points: 3 },
    { id: 'bluegreen.connection-draining', params: DRAIN, points: 2 },
    { id: 'bluegreen.sticky-sessions', params: { minDurationSeconds: SESSION_SECONDS }, points: 2 },
    // The replay: a good release (not one request may fail: the check's default) and a bad one roll out under checkout's load.
    { id: 'bluegreen.release-replay', params: { load: LOAD, startsAtSecond: RELEASE_AT_SECOND }, points: 4 },
  ],
  // The challenge itself: the starter releases rolling, migrates on start and keeps no session.
  taskChecks: ['bluegreen.strategy-with-bake-time', 'bluegreen.test-traffic-validated', 'bluegreen.migration-before-shift', 'bluegreen.sticky-sessions', 'bluegreen.release-replay'],
  hints: [
    'Replay Tuesday: when did a customer first meet 4.2, and what ran before that could have said "no"? Then ask what the 4.1 tasks needed from the database while 4.2 was rolling out.',
    'ECS can release blue/green itself: deploymentStrategy (BLUE_GREEN, CANARY, LINEAR), bakeTime, service.loadBalancerTarget({ alternateTarget: new ecs.AlternateTarget(…) }) with a production and a test listener rule, and service.addLifecycleHook(new ecs.DeploymentLifecycleLambdaTarget(…)) at PRE_SCALE_UP and POST_TEST_TRAFFIC_SHIFT. Target groups take deregistrationDelay and stickinessCookieDuration.',
    'Create two ApplicationTargetGroups (blue, green; deregistrationDelay 30 s, stickinessCookieDuration 1 h), a production ListenerRule and a test ListenerRule (httpHeader condition) that both weightedForward to blue and green; deploymentStrategy CANARY with canaryConfiguration and bakeTime ≥ 10 min; a migration FargateTaskDefinition granted to a Lambda with migrationTask.grantRun(fn) and hooked at PRE_SCALE_UP; a smoke-test Lambda hooked at POST_TEST_TRAFFIC_SHIFT; then service.loadBalancerTarget({ containerName: \'web\', containerPort: 8080, alternateTarget }).attachToApplicationTargetGroup(blue).',
  ],
});
