// Live side of ecs.exec-enabled: the running tasks were started with ECS Exec on and the exec
// agent ECS adds to each container is RUNNING — the state `aws ecs execute-command` needs
// (ECS developer guide, "Monitor ECS Exec": managedAgents ExecuteCommandAgent lastStatus).
import type { CheckOutcome, Finding, LiveCheckContext } from '../../types';
import { liveServices, runningTasks, serviceLabel } from './ecs-reads';

const EXEC_AGENT = 'ExecuteCommandAgent';

export async function execAgentRunning(ctx: LiveCheckContext<unknown>): Promise<CheckOutcome> {
  const services = (await liveServices(ctx)).filter((s) => s.service?.status === 'ACTIVE');
  if (services.length === 0) return { status: 'skip', reason: `the deployed stack ${ctx.stackName} runs no ECS service` };
  const findings: Finding[] = [];
  for (const svc of services) {
    const name = `service ${serviceLabel(ctx, svc)}`;
    if (!svc.service?.enableExecuteCommand) {
      findings.push(ctx.model.finding(svc.logicalId, `${name} has ECS Exec off in the account (enableExecuteCommand is false)`, 'Set enableExecuteCommand: true on the service and deploy; the deployment replaces the tasks.'));
      continue;
    }
    const tasks = await runningTasks(ctx, svc);
    if (tasks.length === 0) {
      findings.push(ctx.model.finding(svc.logicalId, `${name} has no running task to open a session into`, 'Wait for the service to start its tasks, then check again.'));
      continue;
    }
    for (const t of tasks) {
      const id = t.taskArn?.split('/').pop() ?? '?';
      if (!t.enableExecuteCommand) {
        findings.push(ctx.model.finding(svc.logicalId, `task ${id} of ${name} was started before ECS Exec was turned on`, 'Force a new deployment so the tasks are replaced with the exec agent.'));
        continue;
      }
      for (const c of t.containers ?? []) {
        const agent = (c.managedAgents ?? []).find((a) => a.name === EXEC_AGENT);
        if (agent?.lastStatus === 'RUNNING') continue;
        const why = agent ? `is ${agent.lastStatus ?? 'in an unknown state'}${agent.reason ? ` (${agent.reason})` : ''}` : 'is missing';
        findings.push(ctx.model.finding(svc.logicalId, `the exec agent of container ${c.name ?? '?'} in task ${id} of ${name} ${why}`, 'Run amazon-ecs-exec-checker on the task: the task role\'s ssmmessages rights, the network path to SSM and a read-only root file system are the usual causes.'));
      }
    }
  }
  return findings.length ? { status: 'fail', findings } : { status: 'pass' };
}
