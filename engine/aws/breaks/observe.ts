// What a live fault does to the service, sampled: running tasks per Availability Zone (ECS) and
// healthy targets (ELBv2) — the two rows the offline prediction shows, so they can stand side by side.
import { DescribeTargetHealthCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import { liveServices, runningTasks, tasksPerAz, type EcsReadContext } from '../live/ecs-reads';

export interface Observation {
  runningByAz: Record<string, number>;
  healthyTargets: number;
}

/** Samples the services with these logical ids (all of the stack's when empty). */
export async function observeServices(ctx: EcsReadContext, serviceIds: string[] = []): Promise<Observation> {
  const services = await liveServices(ctx, serviceIds.length ? new Set(serviceIds) : undefined);
  const runningByAz: Record<string, number> = {};
  let healthyTargets = 0;
  for (const svc of services) {
    for (const [az, n] of Object.entries(tasksPerAz(await runningTasks(ctx, svc)))) runningByAz[az] = (runningByAz[az] ?? 0) + n;
    const groups = new Set((svc.service?.loadBalancers ?? []).flatMap((lb) => (lb.targetGroupArn ? [lb.targetGroupArn] : [])));
    for (const arn of groups) {
      const out = await ctx.clients.elbv2.send(new DescribeTargetHealthCommand({ TargetGroupArn: arn }));
      healthyTargets += (out.TargetHealthDescriptions ?? []).filter((t) => t.TargetHealth?.State === 'healthy').length;
    }
  }
  return { runningByAz, healthyTargets };
}
