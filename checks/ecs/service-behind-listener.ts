import type { StackModel } from '../../engine/model/model';
import { defineCheck } from '../../engine/types';

/**
 * The guard every lab keeps: the thing the lab is about — an ECS service that receives traffic
 * from a load balancer listener — still exists. Deleting the service, the listener or the link
 * between them makes every other check trivially "pass"; this check makes such a fix fail.
 */
export const serviceBehindListener = defineCheck({
  id: 'ecs.service-behind-listener',
  title: 'The ECS service still runs behind its load balancer listener',
  severity: 'critical',
  why:
    'A fix that removes the service, its listener or the target group between them also removes every problem — ' +
    'and the application with it. Security and reliability work has to keep the workload serving traffic.',
  refs: {
    wellArchitected: ['REL 10: Use fault isolation to protect your workload'],
    docs: [
      'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-load-balancing.html',
      'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/alb.html',
    ],
  },
  offline({ model }) {
    const services = model.ofType('AWS::ECS::Service');
    if (services.length === 0) {
      return {
        status: 'fail',
        findings: [{ message: 'the stack has no ECS service any more', hint: 'Put the Fargate service back; the lab is about securing it, not deleting it.' }],
      };
    }
    const findings = [];
    for (const svc of services) {
      const problem = servingProblem(model, svc.logicalId);
      if (!problem) return { status: 'pass' };
      findings.push(model.finding(svc.logicalId, `service ${model.describe(svc.logicalId)}: ${problem.message}`, problem.hint));
    }
    return { status: 'fail', findings };
  },
  // The aws target: the service is ACTIVE, steady, registered and runs its tasks (loaded on use).
  live: async (ctx) => (await import('../../engine/aws/live/service-steady')).serviceSteadyState(ctx),
});

function servingProblem(model: StackModel, serviceId: string): { message: string; hint: string } | undefined {
  const svc = model.resource(serviceId)!;
  const desired = svc.props.DesiredCount;
  if (typeof desired === 'number' && desired < 1) {
    return { message: `desired count is ${desired}, so no task runs`, hint: 'Give the service a desired count of at least 1.' };
  }
  const targetGroups = ((svc.raw.Properties?.LoadBalancers ?? []) as { TargetGroupArn?: unknown }[])
    .map((lb) => model.targetOf(lb.TargetGroupArn))
    .filter((id): id is string => !!id);
  if (targetGroups.length === 0) {
    return { message: 'it is not registered with any load balancer target group', hint: 'Attach the service to the listener again (listener.addTargets or service.attachToApplicationTargetGroup).' };
  }
  const listenerFor = (tg: string) => listenersForwardingTo(model, tg);
  if (!targetGroups.some((tg) => listenerFor(tg).length > 0)) {
    return { message: 'no listener forwards traffic to its target group', hint: 'Keep a listener whose action forwards to the service\'s target group.' };
  }
  return undefined;
}

/** Listeners that forward to a target group, by default action or by a listener rule. */
export function listenersForwardingTo(model: StackModel, targetGroupId: string): string[] {
  const forwardsTo = (actions: unknown): boolean =>
    Array.isArray(actions) &&
    actions.some((a: any) => {
      if (a?.Type !== 'forward') return false;
      if (model.targetOf(a.TargetGroupArn) === targetGroupId) return true;
      const groups = a.ForwardConfig?.TargetGroups ?? [];
      return groups.some((g: any) => model.targetOf(g.TargetGroupArn) === targetGroupId);
    });
  const out = new Set<string>();
  for (const l of model.ofType('AWS::ElasticLoadBalancingV2::Listener')) {
    if (forwardsTo(l.raw.Properties?.DefaultActions) && model.targetOf(l.raw.Properties?.LoadBalancerArn)) out.add(l.logicalId);
  }
  for (const rule of model.ofType('AWS::ElasticLoadBalancingV2::ListenerRule')) {
    const listener = model.targetOf(rule.raw.Properties?.ListenerArn);
    if (listener && forwardsTo(rule.raw.Properties?.Actions)) out.add(listener);
  }
  return [...out];
}
