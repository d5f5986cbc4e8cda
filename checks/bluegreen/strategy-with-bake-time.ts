import type { StackModel } from '../../engine/model/model';
import { defineCheck, type Finding } from '../../engine/types';
import { BLUE_GREEN_STRATEGIES, blueGreenServices, type BlueGreenView } from './service';

export interface StrategyParams {
  /** Fewest minutes blue must stay after production traffic has shifted (default 5). */
  minBakeMinutes: number;
}

const ID = 'bluegreen.strategy-with-bake-time';
/** Long enough for an alarm on the first minutes of real traffic to fire (a few 1-minute periods); the lab may ask more. */
export const DEFAULT_MIN_BAKE_MINUTES = 5;

/**
 * Every ECS service deploys with the ECS-native BLUE_GREEN, CANARY or LINEAR strategy, an explicit
 * bake time of at least `minBakeMinutes`, and per load balancer an AdvancedConfiguration: an
 * alternate (green) target group other than the primary, the production listener rule ECS moves
 * the weights of, and the role it does that with.
 */
export const strategyWithBakeTime = defineCheck<StrategyParams>({
  id: ID,
  title: 'The service deploys blue/green (or canary/linear) with a bake time and a green target group',
  severity: 'high',
  why:
    'A rolling deployment sends customers to a new task as soon as it passes its health check, and the old tasks are ' +
    'gone by the time anyone notices a problem. ECS blue/green starts the release beside the running revision on a ' +
    'second target group, moves production traffic by listener rule weights, and keeps the old revision for the bake ' +
    'time, so a rollback is a weight change in seconds instead of a redeploy.',
  refs: {
    wellArchitected: ['REL 8: How do you implement change?', 'OPS 6: How do you mitigate deployment risks?'],
    docs: ['https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-type-blue-green.html'],
  },
  params(raw) {
    const v = raw.minBakeMinutes ?? DEFAULT_MIN_BAKE_MINUTES;
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw new Error(`${ID}: minBakeMinutes must be a number of minutes ≥ 0, got ${JSON.stringify(raw.minBakeMinutes)}`);
    return { minBakeMinutes: v };
  },
  offline({ model, params }) {
    const services = blueGreenServices(model);
    if (services.length === 0) return { status: 'skip', reason: 'the stack has no ECS service, so nothing is deployed' };
    const findings = services.flatMap((v) => problems(model, v, params));
    return findings.length ? { status: 'fail', findings } : { status: 'pass' };
  },
});

function problems(model: StackModel, v: BlueGreenView, params: StrategyParams): Finding[] {
  const id = v.service.logicalId;
  if (v.controller !== 'ECS') {
    return [model.finding(id, `${v.who} deploys with the ${v.controller} controller; ECS-native blue/green needs the ECS controller`, 'Remove deploymentController (ECS is the default) and set deploymentStrategy: ecs.DeploymentStrategy.CANARY (or BLUE_GREEN, LINEAR).')];
  }
  if (!BLUE_GREEN_STRATEGIES.includes(v.strategy)) {
    return [model.finding(id, `${v.who} deploys with the ${v.strategy} strategy: customers reach each new task as soon as it passes its health check, and there is no old revision left to switch back to`, 'Set deploymentStrategy: ecs.DeploymentStrategy.CANARY (or BLUE_GREEN, LINEAR) with a bakeTime, and give the load balancer target an alternateTarget.')];
  }
  const out: Finding[] = [];
  if (v.bakeMinutes === undefined) {
    out.push(model.finding(id, `${v.who} sets no bake time: say how long the old revision stays ready for an instant rollback after the shift`, `Set bakeTime: Duration.minutes(${Math.max(params.minBakeMinutes, 1)}) or more.`));
  } else if (v.bakeMinutes < params.minBakeMinutes) {
    out.push(model.finding(id, `${v.who} bakes ${v.bakeMinutes} min; the lab asks for at least ${params.minBakeMinutes} min of the old revision standing by after the shift`, `Set bakeTime: Duration.minutes(${params.minBakeMinutes}) or more.`));
  }
  if (v.loadBalancers.length === 0) {
    out.push(model.finding(id, `${v.who} is behind no load balancer target group, so ECS has no traffic to shift`, 'Attach the service to the production target group with service.loadBalancerTarget({ …, alternateTarget }).attachToApplicationTargetGroup(blue).'));
  }
  for (const lb of v.loadBalancers) {
    if (lb.alternate === undefined) {
      out.push(model.finding(id, `${v.who} names no alternate target group: the release has nowhere to register beside the running revision`, 'Pass alternateTarget: new ecs.AlternateTarget(…, { alternateTargetGroup: green, productionListener: … }) to service.loadBalancerTarget.'));
      continue;
    }
    if (lb.alternate === lb.targetGroup) out.push(model.finding(id, `${v.who} uses the same target group as primary and alternate: blue and green cannot be told apart`, 'Create a second target group for green with the same port and health check.'));
    if (lb.productionRule === undefined) out.push(model.finding(id, `${v.who} names no production listener rule: ECS cannot move production traffic`, 'Give the AlternateTarget productionListener: ecs.ListenerRuleConfiguration.applicationListenerRule(rule), a rule that forwards to both target groups.'));
    if (!lb.role) out.push(model.finding(id, `${v.who} names no role for ECS to change the listener rules with`, 'Let ecs.AlternateTarget create its role (leave role unset) or pass one trusted by ecs.amazonaws.com.'));
  }
  return out;
}
