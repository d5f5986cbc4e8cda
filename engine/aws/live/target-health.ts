// Live side of network.alb-reaches-tasks: the load balancer's health checks reach the tasks — every
// target group a deployed service is registered with has healthy targets and none unhealthy.
// `Target.Timeout` is what a security group that drops the load balancer's traffic looks like.
import { DescribeTargetHealthCommand, type TargetHealthDescription } from '@aws-sdk/client-elastic-load-balancing-v2';
import type { CheckOutcome, Finding, LiveCheckContext } from '../../types';
import { liveServices, serviceLabel } from './ecs-reads';

export async function targetHealth(ctx: LiveCheckContext<unknown>): Promise<CheckOutcome> {
  const services = (await liveServices(ctx)).filter((s) => s.service?.status === 'ACTIVE');
  if (services.length === 0) return { status: 'skip', reason: `the deployed stack ${ctx.stackName} runs no ECS service for the load balancer to reach` };
  const findings: Finding[] = [];
  for (const svc of services) {
    const name = serviceLabel(ctx, svc);
    const groups = [...new Set((svc.service?.loadBalancers ?? []).flatMap((lb) => (lb.targetGroupArn ? [lb.targetGroupArn] : [])))];
    if (groups.length === 0) {
      findings.push(ctx.model.finding(svc.logicalId, `service ${name} is registered with no target group in the account, so the load balancer reaches none of its tasks`, 'Keep the service registered with the listener\'s target group and deploy again.'));
      continue;
    }
    for (const arn of groups) {
      const res = await ctx.clients.elbv2.send(new DescribeTargetHealthCommand({ TargetGroupArn: arn }));
      findings.push(...healthProblems(ctx, svc.logicalId, name, arn, res.TargetHealthDescriptions ?? []));
    }
  }
  return findings.length ? { status: 'fail', findings } : { status: 'pass' };
}

export function healthProblems(ctx: LiveCheckContext<unknown>, serviceId: string, name: string, groupArn: string, targets: TargetHealthDescription[]): Finding[] {
  const group = groupArn.split('/').slice(-2, -1)[0] ?? groupArn;
  const hint = 'Check that the tasks\' security group lets the load balancer\'s group in on the container port, and that the health check path answers 200.';
  const unhealthy = targets.filter((t) => t.TargetHealth?.State === 'unhealthy');
  const healthy = targets.filter((t) => t.TargetHealth?.State === 'healthy').length;
  const findings = unhealthy.map((t) => {
    const where = `${t.Target?.Id ?? '?'}:${t.Target?.Port ?? '?'}`;
    const why = [t.TargetHealth?.Reason, t.TargetHealth?.Description].filter(Boolean).join(': ');
    return ctx.model.finding(serviceId, `target ${where} of service ${name} is unhealthy in target group ${group}${why ? ` (${why})` : ''}`, hint);
  });
  if (healthy === 0 && findings.length === 0) {
    const states = targets.map((t) => t.TargetHealth?.State ?? 'unknown');
    const seen = states.length ? `its targets are ${[...new Set(states)].join(', ')}` : 'it has no registered targets';
    findings.push(ctx.model.finding(serviceId, `target group ${group} of service ${name} has no healthy target: ${seen}`, hint));
  }
  return findings;
}
