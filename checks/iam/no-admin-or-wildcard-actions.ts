import type { StackModel } from '../../engine/model/model';
import {
  actionPatternScope,
  AWS_MANAGED_POLICIES,
  evaluate,
  expandActionPattern,
  parseDocument,
  splitArn,
  statementLabel,
  type CatalogueAction,
  type IdentityPolicy,
  type RoleView,
  type Statement,
} from '../../engine/model/iam';
import { defineCheck, type Finding } from '../../engine/types';
import { unknownPolicyFindings } from './probes';
import { roleLabel, rolesOfTasks, taskDefinitionsOf } from './task-roles';

const HINT = 'Grant the exact actions on the exact resources instead (bucket.grantRead(role), repository.grantPull(role), …).';

/**
 * No role of a task definition holds an admin-level AWS managed policy, and no Allow statement in
 * its policies grants every action (`*`, `NotAction`), every action of a service (`s3:*`), or a
 * privilege-escalation set on every resource: actions the catalogue puts at the "Permissions
 * management" level (`iam:Attach*`, `iam:Put*`, `iam:Create*`, `iam:Update*AssumeRolePolicy`,
 * `s3:PutBucketPolicy`…) and the few Write-level IAM actions that hand out identities or
 * credentials (`iam:PassRole`, `iam:CreateAccessKey`…). Which patterns are service-wide or
 * escalating is decided with the action catalogue, not by looking for `:*` or names.
 */
export const noAdminOrWildcardActions = defineCheck({
  id: 'iam.no-admin-or-wildcard-actions',
  title: 'No task role or execution role has admin-level or wildcard permissions',
  severity: 'critical',
  why:
    'Whoever gets code running in your container gets its role: an injected dependency, a server-side request forgery, ' +
    'a leaked credential from the task metadata endpoint. With AdministratorAccess or `s3:*` that is the whole account ' +
    'or every bucket in it; with a short list of actions on named resources it is one bucket’s files. ' +
    'Permissions management on every resource (iam:AttachRolePolicy, iam:PutRolePolicy, iam:PassRole on "*") is admin in ' +
    'disguise: the role can write itself any permission it lacks.',
  refs: {
    securityHub: ['IAM.1', 'IAM.21'],
    cdkNag: ['AwsSolutions-IAM4', 'AwsSolutions-IAM5'],
    soc2: ['CC6.1', 'CC6.3'],
    wellArchitected: ['SEC03-BP02 Grant least privilege access'],
    docs: [
      'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-iam-roles.html',
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html',
    ],
  },
  async offline({ model }) {
    const tds = taskDefinitionsOf(model);
    if ('finding' in tds) return { status: 'fail', findings: [tds.finding] };
    const findings: Finding[] = [];
    for (const { td, kind, role } of rolesOfTasks(model, tds.ok)) {
      // A missing role grants nothing; one from outside the stack cannot be read, which fails.
      if ('finding' in role) {
        if ((kind === 'task' ? td.taskRole : td.executionRole) !== undefined) findings.push(role.finding);
        continue;
      }
      const label = roleLabel(model, td, role.ok.logicalId);
      findings.push(...(await roleFindings(model, role.ok, label)), ...unknownPolicyFindings(model, role.ok, label));
    }
    return findings.length ? { status: 'fail', findings } : { status: 'pass' };
  },
});

async function roleFindings(model: StackModel, role: RoleView, label: string): Promise<Finding[]> {
  const findings: Finding[] = [];
  for (const policy of role.policies) {
    if (policy.adminLevel) {
      findings.push(model.finding(role.logicalId, `${label} has the ${policy.name}, which is admin-level`, `Detach it. ${HINT}`));
      continue;
    }
    for (const problem of await wildcardStatements(policy)) {
      findings.push(model.finding(policy.logicalId, `${label}: ${problem}`, HINT));
    }
  }
  return findings;
}

/**
 * Write-level actions that escalate as surely as the "Permissions management" ones: handing a
 * role to a service that runs as it (PassRole), or minting credentials and group memberships.
 */
const ESCALATING_WRITES = new Set(['iam:passrole', 'iam:createaccesskey', 'iam:createloginprofile', 'iam:updateloginprofile', 'iam:addusertogroup']);

export function escalates(action: CatalogueAction): boolean {
  if (isRead(action)) return false;
  return action.levels.includes('Permissions management') || ESCALATING_WRITES.has(action.action.toLowerCase());
}

/**
 * Reading never changes a permission. The catalogue rates a few reads as "Permissions management,
 * Write" (billing:GetResourcePolicy, ssm-sap:GetResourcePermission,
 * backup:ListIndexedRecoveryPointsForSearch, which is how the real ReadOnlyAccess once looked like
 * privilege escalation), so an action is a read when the catalogue also lists it at the Read or
 * List level, or when AWS's own ReadOnlyAccess policy (the snapshot's real document, AWS's list of
 * read-only actions) allows it.
 */
function isRead(action: CatalogueAction): boolean {
  if (action.levels.some((l) => l === 'Read' || l === 'List')) return true;
  return evaluate([READ_ONLY], { action: action.action, resource: '*' }).allowed;
}

const READ_ONLY = { name: 'AWS managed policy ReadOnlyAccess', statements: parseDocument(AWS_MANAGED_POLICIES.ReadOnlyAccess.document) };

/**
 * Does a statement reach every resource an action could take? `*`, `NotResource`, or an ARN whose
 * account and resource are wildcards or whose resource is a whole type (`role/*`, `*`).
 */
export function reachesEveryResource(st: Statement): boolean {
  if (st.notResources) return true;
  return (st.resources ?? []).some((r) => {
    if (r === '*') return true;
    const parts = splitArn(r);
    return !!parts && /^(\*|[A-Za-z0-9_-]+\/\*)$/.test(parts[5]);
  });
}

/** `"iam:Attach*" (5 permissions-management actions such as iam:AttachRolePolicy)` or `"iam:PassRole"`. */
async function escalationOf(pattern: string): Promise<string | undefined> {
  const hits = (await expandActionPattern(pattern)).filter(escalates);
  if (hits.length === 0) return undefined;
  if (!/[*?]/.test(pattern)) return `"${hits[0].action}"`;
  return `"${pattern}" (${hits.length} privilege-escalating action${hits.length === 1 ? '' : 's'} such as ${hits[0].action})`;
}

/** What each over-broad Allow statement of a policy grants, in words: one line per statement. */
export async function wildcardStatements(policy: IdentityPolicy): Promise<string[]> {
  const out: string[] = [];
  for (const [index, st] of policy.statements.entries()) {
    if (st.effect !== 'Allow') continue;
    const broad: string[] = [];
    const escalating: string[] = [];
    if (st.notActions) broad.push(`every action except ${st.notActions.join(', ')} (NotAction)`);
    for (const pattern of st.actions ?? []) {
      const scope = await actionPatternScope(pattern);
      if (scope.kind === 'cross-service') {
        broad.push(`"${pattern}" (${pattern === '*' || pattern === '*:*' ? 'every action of every service' : 'spans every service'})`);
      } else if (scope.kind === 'service-wide') {
        broad.push(`"${pattern}" (every ${scope.service} action, ${scope.matched} of them)`);
      } else if (scope.kind === 'narrow' && reachesEveryResource(st)) {
        const e = await escalationOf(pattern);
        if (e) escalating.push(e);
      }
    }
    const label = `${statementLabel(index, st)} of ${policy.name}`;
    if (broad.length) out.push(`${label} allows ${broad.join(', ')}`);
    if (escalating.length) {
      out.push(`${label} allows privilege escalation on every resource: ${escalating.join(', ')}; with these the role can grant itself any permission it lacks`);
    }
  }
  return out;
}
