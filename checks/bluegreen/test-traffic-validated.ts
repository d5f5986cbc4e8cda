import type { StackModel } from '../../engine/model/model';
import { defineCheck, type Finding } from '../../engine/types';
import { blueGreenServices, forwardTargets, isBlueGreen, type BlueGreenView } from './service';

/** Stages at which test traffic reaches green and production traffic does not yet (ECS lifecycle stages). */
export const TEST_STAGES = ['TEST_TRAFFIC_SHIFT', 'POST_TEST_TRAFFIC_SHIFT'];

/**
 * A release is tested before customers reach it: the load balancer has a test listener rule that
 * forwards to the alternate (green) target group, distinct from the production rule, and a
 * lifecycle hook runs at TEST_TRAFFIC_SHIFT or POST_TEST_TRAFFIC_SHIFT, where it can send requests
 * to green through that rule and return FAILED to roll back.
 */
export const testTrafficValidated = defineCheck({
  id: 'bluegreen.test-traffic-validated',
  title: 'A release is tested through a test listener rule before production traffic shifts',
  severity: 'high',
  why:
    'A release can pass its health check and still fail the requests that matter (a broken checkout, a query against a ' +
    'column that is not there). A test listener rule lets a lifecycle hook call green before any customer does; when the ' +
    'hook returns FAILED, ECS rolls back and production traffic never moved.',
  refs: {
    wellArchitected: ['OPS 6: How do you mitigate deployment risks?'],
    docs: ['https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-lifecycle-hooks.html'],
  },
  offline({ model }) {
    const services = blueGreenServices(model);
    if (services.length === 0) return { status: 'skip', reason: 'the stack has no ECS service, so no release to test' };
    const findings = services.flatMap((v) => problems(model, v));
    return findings.length ? { status: 'fail', findings } : { status: 'pass' };
  },
});

function problems(model: StackModel, v: BlueGreenView): Finding[] {
  const id = v.service.logicalId;
  if (!isBlueGreen(v)) {
    return [model.finding(id, `${v.who} deploys ${v.controller === 'ECS' ? `with the ${v.strategy} strategy` : `with ${v.controller}`}: nothing can test a release before customers reach it`, 'Use deploymentStrategy CANARY (or BLUE_GREEN, LINEAR) with an alternateTarget that has a testListener, and a lifecycle hook at POST_TEST_TRAFFIC_SHIFT.')];
  }
  const out: Finding[] = [];
  for (const lb of v.loadBalancers) {
    if (lb.testRule === undefined) {
      out.push(model.finding(id, `${v.who} has no test listener rule: no request can reach green before production traffic does`, 'Give the AlternateTarget testListener: ecs.ListenerRuleConfiguration.applicationListenerRule(testRule), a rule (a header condition or a test port) that forwards to the green target group.'));
      continue;
    }
    if (lb.testRule !== true && lb.testRule === lb.productionRule) {
      out.push(model.finding(id, `${v.who} uses the production listener rule as its test rule: test traffic would be customers`, 'Make a separate test rule, matched by a header or on a test listener port.'));
    }
    const rule = typeof lb.testRule === 'string' ? model.resource(lb.testRule) : undefined;
    if (rule && typeof lb.alternate === 'string' && !forwardTargets(model, rule).includes(lb.alternate)) {
      out.push(model.finding(lb.testRule as string, `the test listener rule of ${v.who} does not forward to its alternate target group, so test requests never reach green`, 'Forward the test rule to both target groups (weightedForward with blue and green); ECS sets the weights.'));
    }
  }
  if (!v.hooks.some((h) => h.stages.some((s) => TEST_STAGES.includes(s)))) {
    const at = v.hooks.flatMap((h) => h.stages);
    out.push(model.finding(id, `${v.who} has no lifecycle hook at TEST_TRAFFIC_SHIFT or POST_TEST_TRAFFIC_SHIFT${at.length ? ` (hooks at ${[...new Set(at)].join(', ')})` : ''}: nothing tests green before customers reach it`, 'service.addLifecycleHook(new ecs.DeploymentLifecycleLambdaTarget(smokeTest, \'SmokeTest\', { lifecycleStages: [ecs.DeploymentLifecycleStage.POST_TEST_TRAFFIC_SHIFT] })), a function that calls green through the test rule and returns FAILED on a bad answer.'));
  }
  return out;
}
