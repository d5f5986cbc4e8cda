import type { StackModel } from '../../engine/model/model';
import { defineCheck, type Finding } from '../../engine/types';
import { mustAllow, mustDeny, type Probe } from '../iam/probes';
import { roleLabel, roleOfTask } from '../iam/task-roles';
import { execServices, NO_SERVICE, type ExecService } from './exec-services';

/**
 * The four Session Manager channel actions the SSM agent inside the container calls to open an
 * exec session; they take no resource. Source: ECS developer guide, "ECS Exec" → IAM permissions
 * required for ECS Exec (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs-exec.html).
 */
export const SSM_MESSAGES_ACTIONS = [
  'ssmmessages:CreateControlChannel',
  'ssmmessages:CreateDataChannel',
  'ssmmessages:OpenControlChannel',
  'ssmmessages:OpenDataChannel',
];

const probes = (): Probe[] => SSM_MESSAGES_ACTIONS.map((action) => ({ action, resource: '*', what: 'the Session Manager channels' }));

/**
 * ECS Exec can open a session into the service's tasks: the service starts them with the SSM agent
 * (EnableExecuteCommand) and the task role — the credentials that agent runs with — may open the
 * Session Manager channels. The execution role holding them does not count: it is the ECS agent's
 * role for starting the task and never reaches the container, so such a grant is reported as the
 * mix-up it is.
 */
export const execEnabled = defineCheck({
  id: 'ecs.exec-enabled',
  title: 'ECS Exec is on for the service, and its task role can open the session channels',
  severity: 'high',
  why:
    'During an incident ECS Exec gives on-call a shell in the running container without SSH, open ports or keys. It only ' +
    'works when the service started its tasks with exec enabled (ECS then adds the SSM agent to each container) and the ' +
    'task role, which that agent runs with, may call the four ssmmessages channel actions. The execution role is the ECS ' +
    'agent’s, used before the container starts: granting it the channels changes nothing.',
  refs: {
    wellArchitected: ['OPS 8: How do you utilize workload observability in your organization?'],
    docs: ['https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs-exec.html', 'https://github.com/aws-containers/amazon-ecs-exec-checker'],
  },
  offline({ model }) {
    const services = execServices(model);
    if (services.length === 0) return NO_SERVICE;
    const findings = services.flatMap((svc) => serviceFindings(model, svc));
    return findings.length ? { status: 'fail', findings } : { status: 'pass' };
  },
  // The aws target: the exec agent is RUNNING in every container of the running tasks (loaded on use).
  live: async (ctx) => (await import('../../engine/aws/live/exec-agent')).execAgentRunning(ctx),
});

function serviceFindings(model: StackModel, svc: ExecService): Finding[] {
  const name = `service ${model.describe(svc.logicalId)}`;
  const findings: Finding[] = [];
  if (!svc.execEnabled) {
    findings.push(
      model.finding(
        svc.logicalId,
        `${name} starts its tasks with ECS Exec off (EnableExecuteCommand is not true), so execute-command is refused for every task`,
        'Set enableExecuteCommand: true on the service. Running tasks never get the agent afterwards: the deployment replaces them.',
      ),
    );
  }
  const td = svc.taskDefinition;
  if (!td) {
    findings.push(model.finding(svc.logicalId, `${name} runs a task definition that is not defined in this stack, so its task role cannot be checked`, 'Define the task definition in this stack.'));
    return findings;
  }
  const taskRole = roleOfTask(model, td, 'task');
  if ('finding' in taskRole) {
    findings.push(taskRole.finding);
  } else {
    const hint =
      'The SSM agent in the container runs with the task role: grant it the four ssmmessages actions (CDK adds them to the task role when the service has enableExecuteCommand: true).';
    findings.push(...mustAllow(model, taskRole.ok, roleLabel(model, td, taskRole.ok.logicalId), probes(), hint));
  }
  const execRole = roleOfTask(model, td, 'execution');
  const sameRole = 'ok' in execRole && 'ok' in taskRole && execRole.ok.logicalId === taskRole.ok.logicalId;
  if ('ok' in execRole && !sameRole) {
    const hint = 'ECS Exec never uses the execution role (it starts the task and is not available inside the container): remove the ssmmessages statement from it.';
    findings.push(...mustDeny(model, execRole.ok, roleLabel(model, td, execRole.ok.logicalId), probes(), hint));
  }
  return findings;
}
