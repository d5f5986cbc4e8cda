import { actionMatches, type RoleView, type Statement } from '../../engine/model/iam';
import { defineCheck, type Finding } from '../../engine/types';
import { roleLabel, roleOfTask, taskDefinitionsOf } from './task-roles';

const ECS_TASKS = 'ecs-tasks.amazonaws.com';

/**
 * A task definition runs with two identities: the execution role (the ECS agent starting the
 * task) and the task role (the application). They must be two roles, and only ECS tasks may
 * assume either of them.
 */
export const rolesSeparated = defineCheck({
  id: 'iam.roles-separated',
  title: 'The task role and the execution role are two roles, each trusted only by ECS tasks',
  severity: 'high',
  why:
    'The execution role is what the ECS agent uses to start a task: pull the image, create log streams, fetch injected secrets. ' +
    'The task role is what your application code runs as. One role for both hands the app the agent’s access to every secret ' +
    'and image, and a trust policy that lets anyone but ecs-tasks.amazonaws.com assume a role turns it into a way in. ' +
    'A trust policy is read like any policy: what counts is who may call sts:AssumeRole (its Action) once its Deny statements are applied, ' +
    'not merely which principals it names.',
  refs: {
    soc2: ['CC6.1', 'CC6.3'],
    wellArchitected: ['SEC03-BP02 Grant least privilege access'],
    docs: [
      'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-iam-roles.html',
      'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_execution_IAM_role.html',
    ],
  },
  offline({ model }) {
    const tds = taskDefinitionsOf(model);
    if ('finding' in tds) return { status: 'fail', findings: [tds.finding] };
    const findings: Finding[] = [];
    for (const td of tds.ok) {
      const roles = (['execution', 'task'] as const).map((kind) => roleOfTask(model, td, kind));
      for (const r of roles) if ('finding' in r) findings.push(r.finding);
      const [exec, task] = roles.map((r) => ('ok' in r ? r.ok : undefined));
      if (exec && task && exec.logicalId === task.logicalId) {
        findings.push(
          model.finding(
            task.logicalId,
            `task definition ${model.describe(td.logicalId)} uses one role, ${task.name}, as both its task role and its execution role`,
            'Give the task definition two roles: an execution role for the ECS agent and a task role for the app.',
          ),
        );
      }
      const distinct = [...new Map([exec, task].filter((r): r is RoleView => !!r).map((r) => [r.logicalId, r])).values()];
      for (const role of distinct) {
        for (const problem of trustProblems(role.trust)) {
          findings.push(model.finding(role.logicalId, `${roleLabel(model, td, role.logicalId)} ${problem}`, `Let only ${ECS_TASKS} assume it (new iam.ServicePrincipal('${ECS_TASKS}')).`));
        }
      }
    }
    return findings.length ? { status: 'fail', findings } : { status: 'pass' };
  },
});

function principalInWords(kind: string, value: string): string {
  const account = /^(?:arn:[^:]+:iam::)?(\d{12})(?::root)?$/.exec(value)?.[1];
  if (kind === 'AWS' && account) return `account ${account} (${value}): any user or role there that may call sts:AssumeRole`;
  if (kind === 'AWS') return `the IAM principal ${value}`;
  if (kind === 'Service') return `the service ${value}`;
  if (kind === 'Federated') return `users of the identity provider ${value}`;
  return `${kind} ${value}`;
}

/**
 * The calls that hand out the role's credentials. `sts:TagSession`, `sts:SetSourceIdentity` and
 * `sts:SetContext` only add to a session someone may already start, so a statement granting only
 * those lets no one in.
 */
const ASSUME_ACTIONS = ['sts:AssumeRole', 'sts:AssumeRoleWithWebIdentity', 'sts:AssumeRoleWithSAML'];

/** Does the statement's Action (or NotAction) cover this action? */
function coversAction(st: Statement, action: string): boolean {
  if (st.actions) return st.actions.some((p) => actionMatches(p, action));
  if (st.notActions) return !st.notActions.some((p) => actionMatches(p, action));
  return false;
}

/** Does the statement's Principal (or NotPrincipal) name this principal? */
function namesPrincipal(st: Statement, kind: string, value: string): boolean {
  if (st.principals) {
    return Object.entries(st.principals).some(([k, values]) => k === '*' || values.includes('*') || (k === kind && values.includes(value)));
  }
  if (st.notPrincipals) return !(st.notPrincipals[kind] ?? []).includes(value);
  return false;
}

/**
 * A Deny that surely applies to this principal and action. A Deny under a condition may not apply
 * to every request, so it does not count as locking anyone out (nor is it a fault: fail on evidence).
 */
function surelyDenied(trust: Statement[], kind: string, value: string, action: string): boolean {
  return trust.some((st) => st.effect === 'Deny' && st.conditions.length === 0 && coversAction(st, action) && namesPrincipal(st, kind, value));
}

/** The assume calls an Allow statement lets this principal make, once the trust policy's Denies are applied. */
function assumeCalls(trust: Statement[], st: Statement, kind: string, value: string): string[] {
  return ASSUME_ACTIONS.filter((a) => coversAction(st, a) && !surelyDenied(trust, kind, value, a));
}

/**
 * What is wrong with a role's trust policy for an ECS task role; empty when nothing is. It reads
 * what each statement lets a principal do (only the assume calls open the role) and the Denies
 * that take it away, not just the principals named.
 */
export function trustProblems(trust: Statement[]): string[] {
  const problems: string[] = [];
  let ecsNamed = false;
  let ecsTrusted = false;
  for (const st of trust.filter((s) => s.effect === 'Allow')) {
    if (st.notPrincipals && ASSUME_ACTIONS.some((a) => coversAction(st, a))) problems.push('can be assumed by every principal except those in its NotPrincipal');
    for (const [kind, values] of Object.entries(st.principals ?? {})) {
      for (const value of values) {
        const calls = assumeCalls(trust, st, kind, value);
        if (kind === 'Service' && value === ECS_TASKS) {
          ecsNamed = true;
          if (calls.includes('sts:AssumeRole')) ecsTrusted = true;
        } else if (calls.length === 0) continue;
        else if (kind === '*' || value === '*') problems.push('can be assumed by anyone (Principal "*")');
        else problems.push(`can also be assumed by ${principalInWords(kind, value)}`);
      }
    }
  }
  if (!ecsTrusted) {
    problems.push(ecsNamed
      ? `cannot be assumed by ECS tasks: its trust policy names ${ECS_TASKS} but does not let it call sts:AssumeRole (or a Deny takes that away)`
      : `cannot be assumed by ECS tasks: its trust policy does not name ${ECS_TASKS}`);
  }
  return problems;
}
