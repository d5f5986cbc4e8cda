import type { StackModel } from '../../engine/model/model';
import { decideByResourcePolicy, iamModelOf, referencedId, roleRequestContext, simulate, statementLabel, type RoleView } from '../../engine/model/iam';
import { defineCheck, type Finding } from '../../engine/types';
import { judgeInjectedSecrets, SECRET, secretLabel, type InjectedSecret } from './injected';

const READ = 'secretsmanager:GetSecretValue';

// Principals with no identity policy in this stack: a role elsewhere in the account, and one of
// another account (AWS's documentation example account id). Only a resource policy can let them in.
const ACCOUNT_ROLE = 'someone-else-in-the-account';
const OUTSIDE_ACCOUNT = '210987654321';

const HINT =
  'Let only the execution role read the secret: ecs.Secret.fromSecretsManager grants it; remove other grants ' +
  '(grantRead to the task role) and any secret resource policy statement that allows GetSecretValue to others.';

/**
 * The value of every injected secret is readable by exactly who needs it: each execution role that
 * injects it can GetSecretValue on it and on no other secret, and nobody else can — no other role
 * of the stack (except the secret's own rotation function), no other role of the account and no
 * principal of another account. Identity policies and the secret's resource policy are evaluated
 * together, as AWS does (engine/model/iam/resource-policies.ts), so a resource policy that widens
 * the read fails here.
 */
export const readOnlyByExecutionRole = defineCheck({
  id: 'secrets.read-only-by-execution-role',
  title: 'Only the execution role can read the injected secret',
  severity: 'high',
  why:
    'A secret injected with `secrets` is fetched by the execution role when a task starts; the app never calls Secrets ' +
    'Manager. Any other principal that can read it is a leak path: a task role an attacker reaches through the app, a ' +
    'role elsewhere in the account, or a resource policy statement with Principal "*" that nobody reviews with the IAM ' +
    'policies. And an execution role that can read every secret hands them all to whoever can register a task definition.',
  refs: {
    securityHub: ['SecretsManager.1'],
    soc2: ['CC6.1', 'CC6.3'],
    wellArchitected: ['SEC03-BP02 Grant least privilege access'],
    docs: [
      'https://docs.aws.amazon.com/secretsmanager/latest/userguide/auth-and-access_resource-policies.html',
      'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/secrets-envvar-secrets-manager.html',
    ],
  },
  offline({ model }) {
    return judgeInjectedSecrets(model, (s) => readerFindings(model, s));
  },
});

function readerFindings(model: StackModel, s: InjectedSecret): Finding[] {
  const iam = iamModelOf(model);
  const label = secretLabel(model, s);
  const findings: Finding[] = [];
  const executionRoles = new Set(s.uses.map((u) => u.executionRoleId).filter((r): r is string => !!r));
  const rotators = rotationRoles(model, s.logicalId);
  const can = (role: RoleView, resource: string, mode: 'strict' | 'permissive') => simulate(role, { action: READ, resource, context: roleRequestContext(model, role) }, { unknown: mode });

  for (const roleId of executionRoles) {
    const role = iam.role(roleId)!;
    if (!can(role, s.arn, 'permissive').allowed) findings.push(model.finding(roleId, `execution role ${role.name} cannot read ${label}: its tasks would stop before the container starts`, HINT));
    // Any other secret: the stack's others, and one outside the stack.
    const others = [...model.ofType(SECRET).filter((o) => o.logicalId !== s.logicalId).map((o) => ({ arn: String(model.resolve({ Ref: o.logicalId })), what: `secret ${model.describe(o.logicalId)}` })), { arn: `arn:${model.env.partition}:secretsmanager:${model.env.region}:${model.env.account}:secret:any-other-secret-AbCdEf`, what: 'any other secret of the account' }];
    const wider = others.filter((o) => can(role, o.arn, 'permissive').allowed).map((o) => o.what);
    if (wider.length) findings.push(model.finding(roleId, `execution role ${role.name} can read more than ${label}: also ${wider.join(', ')}`, HINT));
  }
  for (const role of iam.roles()) {
    if (executionRoles.has(role.logicalId) || rotators.has(role.logicalId)) continue;
    const d = can(role, s.arn, 'permissive');
    if (!d.allowed) continue;
    const by = d.decidedBy ? ` (${statementLabel(d.decidedBy.index, d.decidedBy.statement)} of ${d.decidedBy.policy.name})` : '';
    findings.push(model.finding(d.decidedBy?.policy.logicalId ?? role.logicalId, `role ${role.name} can read ${label}${by}, but only the execution role needs it`, HINT));
  }
  const outsiders = [
    { who: 'any role of the account', context: { 'aws:PrincipalArn': `arn:${model.env.partition}:iam::${model.env.account}:role/${ACCOUNT_ROLE}`, 'aws:PrincipalAccount': model.env.account } },
    { who: 'principals of other accounts', context: { 'aws:PrincipalArn': `arn:${model.env.partition}:iam::${OUTSIDE_ACCOUNT}:role/someone`, 'aws:PrincipalAccount': OUTSIDE_ACCOUNT } },
  ];
  for (const o of outsiders) {
    const d = decideByResourcePolicy(model, { action: READ, resource: s.arn, context: { ...o.context, 'aws:PrincipalType': 'AssumedRole', 'aws:SecureTransport': true } }, { unknown: 'permissive' });
    if (!d.allowed || !d.decidedBy) continue;
    findings.push(model.finding(d.decidedBy.policy.logicalId, `${statementLabel(d.decidedBy.index, d.decidedBy.statement)} of the ${d.decidedBy.policy.name} lets ${o.who} read it, whatever their IAM policies say`, HINT));
  }
  return findings;
}

/** The roles of the Lambda functions that rotate this secret: they must read it. */
function rotationRoles(model: StackModel, secretId: string): Set<string> {
  const out = new Set<string>();
  const iam = iamModelOf(model);
  for (const r of model.ofType('AWS::SecretsManager::RotationSchedule')) {
    if (referencedId(model, r.raw.Properties?.SecretId, SECRET) !== secretId) continue;
    const fn = referencedId(model, r.raw.Properties?.RotationLambdaARN, 'AWS::Lambda::Function');
    const role = fn ? iam.roleIdOf(model.resource(fn)!.raw.Properties?.Role) : undefined;
    if (role) out.add(role);
  }
  return out;
}
