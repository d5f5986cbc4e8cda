// Live side of network.multi-az: the running tasks of every deployed service sit in at least
// `minAzs` Availability Zones — what the subnets allow, observed in the tasks ECS actually placed.
import type { CheckOutcome, Finding, LiveCheckContext } from '../../types';
import { liveServices, runningTasks, serviceLabel, tasksPerAz } from './ecs-reads';

export async function runningTasksPerAz(ctx: LiveCheckContext<{ minAzs: number }>): Promise<CheckOutcome> {
  const services = (await liveServices(ctx)).filter((s) => s.service?.status === 'ACTIVE');
  if (services.length === 0) return { status: 'skip', reason: `the deployed stack ${ctx.stackName} runs no ECS service to count tasks of` };
  const { minAzs } = ctx.params;
  const findings: Finding[] = [];
  for (const svc of services) {
    const perAz = tasksPerAz(await runningTasks(ctx, svc));
    const zones = Object.keys(perAz).sort();
    if (zones.length >= minAzs) continue;
    const spread = zones.length ? zones.map((z) => `${perAz[z]} in ${z}`).join(', ') : 'none';
    findings.push(
      ctx.model.finding(
        svc.logicalId,
        `service ${serviceLabel(ctx, svc)} runs tasks in ${zones.length} Availability Zone${zones.length === 1 ? '' : 's'} in the account (running: ${spread}); it needs ${minAzs}`,
        `Run at least ${minAzs} tasks in subnets of ${minAzs} zones; if the stack already says so, look for a desired count changed in the account.`,
      ),
    );
  }
  return findings.length ? { status: 'fail', findings } : { status: 'pass' };
}
