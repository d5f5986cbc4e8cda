// Live side of ecs.service-behind-listener: every deployed service is ACTIVE, registered with a
// load balancer, has finished its deployment, and runs as many tasks as it wants (at least one).
import type { CheckOutcome, Finding, LiveCheckContext } from '../../types';
import { liveServices, serviceLabel, type LiveService } from './ecs-reads';

export async function serviceSteadyState(ctx: LiveCheckContext<unknown>): Promise<CheckOutcome> {
  const services = await liveServices(ctx);
  if (services.length === 0) {
    return { status: 'fail', findings: [{ message: `the deployed stack ${ctx.stackName} has no ECS service`, hint: 'Put the Fargate service back and deploy again.' }] };
  }
  const findings = services.flatMap((svc) => steadyProblems(ctx, svc));
  return findings.length ? { status: 'fail', findings } : { status: 'pass' };
}

/** What keeps one service from its steady state (empty when it is steady). */
export function steadyProblems(ctx: LiveCheckContext<unknown>, svc: LiveService): Finding[] {
  const name = `service ${serviceLabel(ctx, svc)}`;
  const at = (message: string, hint: string) => ctx.model.finding(svc.logicalId, message, hint);
  const s = svc.service;
  if (!s || s.status !== 'ACTIVE') {
    return [at(`${name} is ${s?.status ?? 'unknown to ECS'} in the account`, 'Deploy the stack again (`lab deploy`); ECS no longer runs this service.')];
  }
  const findings: Finding[] = [];
  const desired = s.desiredCount ?? 0;
  const running = s.runningCount ?? 0;
  if (desired < 1) {
    findings.push(at(`${name} has a desired count of ${desired} in the account, so no task runs`, 'Set the desired count back to what the stack says (or `lab reset` to undo a drift break).'));
  } else if (running < desired) {
    findings.push(at(`${name} runs ${running} of its ${desired} tasks`, 'Look at the service events (`aws ecs describe-services`) for why tasks stop or fail to start.'));
  }
  if (!(s.loadBalancers ?? []).length) {
    findings.push(at(`${name} is registered with no load balancer target group in the account`, 'Attach the service to the listener\'s target group and deploy again.'));
  }
  const deployments = s.deployments ?? [];
  const rolling = deployments.filter((d) => d.status === 'PRIMARY' && d.rolloutState && d.rolloutState !== 'COMPLETED');
  if (deployments.length > 1 || rolling.length) {
    const state = rolling[0]?.rolloutState ?? 'IN_PROGRESS';
    const reason = rolling[0]?.rolloutStateReason ? `: ${rolling[0].rolloutStateReason}` : '';
    findings.push(at(`${name} has not reached a steady state: its deployment is ${state}${reason}`, 'Wait for the deployment to finish, then check again; a FAILED one needs a fix and a new deployment.'));
  }
  return findings;
}
