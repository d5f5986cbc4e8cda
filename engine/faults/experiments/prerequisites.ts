// What the task-level FIS actions (`aws:ecs:task-*`) need from the tasks they hit, read from the
// synthesized stack: they run inside the task through an SSM agent sidecar, so the task definition
// must carry that sidecar, allow fault injection, share one process namespace for the network and
// process faults, and let the task register itself with SSM; and ECS Exec must be off.
// (FIS user guide, "Use the AWS FIS aws:ecs:task actions"; shared/aws-facts.md.)
import { LabError } from '../../errors';
import { iamModelOf, simulate } from '../../model/iam';
import type { ModelResource, StackModel } from '../../model/model';
import type { Finding } from '../../types';
import { TASK_ACTION_PREFIX } from './needs';
import { findExperiment, type ExperimentView } from './read';

/** Task actions that reach into the app's processes or network namespace and need `pidMode: task`. */
const NEEDS_TASK_PID = new Set([
  'aws:ecs:task-kill-process',
  'aws:ecs:task-network-blackhole-port',
  'aws:ecs:task-network-latency',
  'aws:ecs:task-network-packet-loss',
]);
/** Network actions, which on Fargate go through the task's ECS fault injection endpoints. */
const NETWORK_ACTION = /^aws:ecs:task-network-/;
const SSM_AGENT_IMAGE = 'amazon-ssm-agent';
const ROLE_ENV = 'MANAGED_INSTANCE_ROLE_NAME';
const READY_HINT = 'call prepareTaskForFaults(this, taskDefinition) from ./faults';

/** One thing an experiment needs and the stack lacks. */
export interface Missing {
  /** The resource to change (a task definition, a service, the experiment). */
  logicalId: string;
  /** What is missing, naming the resource: `task definition Task has no amazon-ssm-agent sidecar`. */
  what: string;
  /** What to do, one sentence. */
  fix: string;
}

export function taskActionIds(e: ExperimentView): string[] {
  return [...new Set(Object.values(e.template.actions).flatMap((a) => (a.actionId?.startsWith(TASK_ACTION_PREFIX) ? [a.actionId] : [])))];
}

/**
 * The services a task action's targets reach: the one its `service` (and `cluster`) target
 * parameters name, else every service of the stack (a tag selects every task of the lab).
 */
function targetedServices(model: StackModel, e: ExperimentView, actionName: string): { services: ModelResource[]; missing: Missing[] } {
  const services = model.ofType('AWS::ECS::Service');
  const nameOf = (s: ModelResource) => String(model.resolve({ 'Fn::GetAtt': [s.logicalId, 'Name'] }));
  const clusterOf = (s: ModelResource) => String(s.props.Cluster ?? '');
  const out = new Map<string, ModelResource>();
  const missing: Missing[] = [];
  for (const targetName of Object.values(e.template.actions[actionName]?.targets ?? {})) {
    const t = e.template.targets[targetName];
    if (t?.resourceType !== 'aws:ecs:task') continue;
    const { service, cluster } = t.parameters ?? {};
    const hits = services.filter((s) => (!service || nameOf(s) === service) && (!cluster || clusterOf(s) === cluster || clusterOf(s).endsWith(`/${cluster}`)));
    if (service && hits.length === 0) {
      missing.push({ logicalId: e.logicalId, what: `${e.name} targets the tasks of service ${service}, which is not a service of this stack`, fix: 'Target the lab\'s own service (pass it as `service` to the ./faults construct).' });
    }
    hits.forEach((s) => out.set(s.logicalId, s));
  }
  return { services: [...out.values()], missing };
}

function isSidecar(c: Record<string, any>): boolean {
  return typeof c.Image === 'string' && c.Image.includes(SSM_AGENT_IMAGE);
}

/** What one task definition lacks for the given task actions. */
function taskDefinitionMissing(model: StackModel, td: ModelResource, actions: string[]): Missing[] {
  const name = `task definition ${model.describe(td.logicalId)}`;
  const missing: Missing[] = [];
  const add = (what: string, fix: string) => missing.push({ logicalId: td.logicalId, what: `${name} ${what}`, fix });
  const containers = (td.props.ContainerDefinitions ?? []) as Record<string, any>[];
  const sidecar = containers.find(isSidecar);
  if (!sidecar) add(`has no ${SSM_AGENT_IMAGE} sidecar, which FIS runs the fault through`, `Add the SSM agent sidecar: ${READY_HINT}.`);
  else {
    if (sidecar.Essential !== false) add(`has the ${SSM_AGENT_IMAGE} sidecar as an essential container, so its exit would stop the task`, 'Mark the sidecar essential: false.');
    const env = (sidecar.Environment ?? []) as { Name?: string; Value?: unknown }[];
    if (!env.some((v) => v.Name === ROLE_ENV && v.Value)) add(`has a sidecar without ${ROLE_ENV}, so it cannot register the task with SSM`, `Set ${ROLE_ENV} to the managed instance role's name: ${READY_HINT}.`);
  }
  if (td.props.EnableFaultInjection !== true) add('does not enable fault injection (EnableFaultInjection)', 'Set enableFaultInjection: true on the task definition (faultReadyTaskProps() from ./faults).');
  const pidActions = actions.filter((a) => NEEDS_TASK_PID.has(a));
  if (pidActions.length && td.props.PidMode !== 'task') {
    add(`does not share one process namespace (PidMode: task), which ${pidActions.join(', ')} needs`, "Set pidMode: ecs.PidMode.TASK (faultReadyTaskProps() from ./faults).");
  }
  if (sidecar) missing.push(...taskRoleMissing(model, td, name, sidecar));
  return missing;
}

/** The task role registers the task as a managed instance: ssm:CreateActivation, ssm:AddTagsToResource, iam:PassRole. */
function taskRoleMissing(model: StackModel, td: ModelResource, name: string, sidecar: Record<string, any>): Missing[] {
  const iam = iamModelOf(model);
  const roleId = iam.roleIdOf(td.raw.Properties?.TaskRoleArn);
  const fix = `Grant the task role ssm:CreateActivation, ssm:AddTagsToResource and iam:PassRole of the managed instance role: ${READY_HINT}.`;
  if (!roleId) return [{ logicalId: td.logicalId, what: `${name} has no task role of this stack to register the task with SSM`, fix }];
  const role = iam.role(roleId)!;
  const env = (sidecar.Environment ?? []) as { Name?: string; Value?: unknown }[];
  const roleName = String(env.find((v) => v.Name === ROLE_ENV)?.Value ?? '');
  const instanceRoleId = iam.roleIdOf(roleName);
  const instanceRoleArn = instanceRoleId ? iam.role(instanceRoleId)!.arn : `arn:${model.env.partition}:iam::${model.env.account}:role/${roleName}`;
  const { partition, region, account } = model.env;
  const needs = [
    { action: 'ssm:CreateActivation', resource: '*' },
    { action: 'ssm:AddTagsToResource', resource: `arn:${partition}:ssm:${region}:${account}:managed-instance/mi-0123456789abcdef0` },
    { action: 'iam:PassRole', resource: instanceRoleArn, context: { 'iam:PassedToService': 'ssm.amazonaws.com' } },
  ];
  const lacking = needs.filter((n) => !simulate(role, { ...n, context: { 'aws:PrincipalArn': role.arn, ...n.context } }, { unknown: 'strict' }).allowed).map((n) => n.action);
  return lacking.length ? [{ logicalId: roleId, what: `the task role ${role.name} of ${name} cannot ${lacking.join(', ')}, so the sidecar cannot register the task with SSM`, fix }] : [];
}

/** Everything the experiment's task-level actions need that the stack lacks ([] when it has none). */
export function missingPrerequisites(model: StackModel, e: ExperimentView): Missing[] {
  const missing: Missing[] = [];
  const seen = new Set<string>();
  const push = (m: Missing) => {
    const key = `${m.logicalId}|${m.what}`;
    if (!seen.has(key)) missing.push(m), seen.add(key);
  };
  for (const [actionName, action] of Object.entries(e.template.actions)) {
    const id = action.actionId ?? '';
    if (!id.startsWith(TASK_ACTION_PREFIX)) continue;
    const { services, missing: targetMissing } = targetedServices(model, e, actionName);
    targetMissing.forEach(push);
    for (const s of services) {
      if (s.props.EnableExecuteCommand === true) {
        push({ logicalId: s.logicalId, what: `service ${model.describe(s.logicalId)} has ECS Exec on, and FIS task actions refuse to run while it is`, fix: 'Turn ECS Exec off for the experiment (enableExecuteCommand: false).' });
      }
      const tdId = model.targetOf(s.raw.Properties?.TaskDefinition);
      const td = tdId ? model.resource(tdId) : undefined;
      if (!td) continue;
      taskDefinitionMissing(model, td, [id]).forEach(push);
      const fargate = ((td.props.RequiresCompatibilities ?? []) as string[]).includes('FARGATE') || s.props.LaunchType === 'FARGATE';
      if (fargate && NETWORK_ACTION.test(id) && action.parameters?.useEcsFaultInjectionEndpoints !== 'true') {
        push({ logicalId: e.logicalId, what: `${e.name}: action ${actionName} (${id}) hits Fargate tasks without useEcsFaultInjectionEndpoints: "true"`, fix: 'Set the action parameter useEcsFaultInjectionEndpoints to "true" (the ./faults construct does).' });
      }
    }
  }
  return missing;
}

export function prerequisiteFindings(model: StackModel, e: ExperimentView): Finding[] {
  return missingPrerequisites(model, e).map((m) => model.finding(m.logicalId, m.what, m.fix));
}

/**
 * Throws a LabError (exit 2) in one line when the experiment a lab names is not in the stack or
 * its task actions lack a prerequisite: what is missing and what to do; the rest in `details`.
 */
export function assertExperimentRunnable(model: StackModel, experimentId: string): void {
  const found = findExperiment(model, experimentId);
  if ('error' in found) throw new LabError('E_FAULT_PREREQ', `Cannot run the fault: ${found.error}; put the experiment back in the stack.`);
  const missing = missingPrerequisites(model, found);
  if (missing.length === 0) return;
  const [first, ...rest] = missing;
  const more = rest.length ? ` (and ${rest.length} more missing)` : '';
  throw new LabError(
    'E_FAULT_PREREQ',
    `Cannot run ${found.name}: ${first.what}${more}. ${first.fix}`,
    // The first is the message itself; details list only the others.
    rest.map((m) => `${m.what}: ${m.fix}`),
  );
}
