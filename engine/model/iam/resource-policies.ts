// Resource-based policies of the stack — bucket policies, secret resource policies, KMS key
// policies, ECR repository policies — seen from one role. Within one account AWS allows a request
// when the identity policies OR the resource's policy allow it, and an explicit Deny in either
// wins (IAM user guide, "Policy evaluation logic", same-account requests). So a bucket policy that
// names the task role can hand it writes no identity policy grants, and a read granted only there
// is a real grant.
//
// A statement's Principal is turned into a condition on `aws:PrincipalArn` / `aws:PrincipalAccount`,
// which the simulated request carries, so the evaluator decides it like any other condition:
//   - `*` (or `{"AWS": "*"}`): everyone, no condition;
//   - a role ARN, or an assumed-role session of it: that role;
//   - the account (`123456789012`, `arn:aws:iam::123456789012:root`): in an Allow this only
//     delegates to the account's IAM policies and grants nothing by itself (the KMS default key
//     policy is such a statement); in a Deny it reaches every principal of the account;
//   - `Service` / `Federated` principals are never a role of the stack: those entries are dropped.
//
// KMS keys are different (KMS developer guide, "Key policies" and "Default key policy"): the key
// policy is required. An identity policy grants a use of the key only where the key policy lets
// the account's IAM policies decide — an Allow to the account root (`arn:aws:iam::<acct>:root`)
// for that action — or the key policy names the role itself. Those account statements are kept
// apart as `delegation`, and a key policy is kept even when no statement names a role, because
// then no identity policy can grant anything on the key.
import type { StackModel } from '../model';
import type { ConditionClause, Statement } from './policy';
import { parseDocument } from './policy';
import { referencedId } from './references';
import type { IdentityPolicy } from './roles';

export type ResourcePolicyKind = 'bucket-policy' | 'secret-policy' | 'key-policy' | 'repository-policy';

export interface ResourcePolicy extends IdentityPolicy {
  kind: ResourcePolicyKind;
  /**
   * Key policies only: the Allow statements to the account (principal removed), which let identity
   * policies grant the actions they cover. Empty: identity policies grant nothing on this key.
   */
  delegation?: Statement[];
  /** Does the policy govern this ARN (the bucket and its objects, the secret, the key, the repository)? */
  governs(resource: string): boolean;
}

const isAccountPrincipal = (v: string, account: string, partition: string) => v === account || v === `arn:${partition}:iam::${account}:root`;

/** Allow statements whose principal includes the account (root): what a key policy delegates to IAM. */
function delegations(statements: Statement[], account: string, partition: string): Statement[] {
  return statements
    .filter((st) => st.effect === 'Allow' && st.principals && (st.principals.AWS ?? []).some((v) => isAccountPrincipal(v, account, partition)))
    .map((st) => ({ ...st, principals: undefined }));
}

/** The statements whose principal could be a role of the account, the principal made a condition. */
function forRole(statements: Statement[], account: string, partition: string): Statement[] {
  const out: Statement[] = [];
  for (const st of statements) {
    const p = st.principals ?? st.notPrincipals;
    if (!p) continue; // A resource policy statement without a principal is invalid; AWS rejects it.
    const negated = !st.principals;
    const aws = [...(p['*'] ?? []), ...(p.AWS ?? [])];
    if (aws.length === 0) {
      // Only Service/Federated principals: never this role; a NotPrincipal of them reaches it.
      if (negated) out.push({ ...st, notPrincipals: undefined });
      continue;
    }
    if (aws.includes('*')) {
      if (!negated) out.push({ ...st, principals: undefined });
      continue;
    }
    const isAccount = (v: string) => isAccountPrincipal(v, account, partition);
    const arns = aws.filter((v) => !isAccount(v)).map((v) => sessionToRole(v, partition));
    const clauses: ConditionClause[] = [];
    if (negated) {
      clauses.push({ operator: 'ArnNotLike', key: 'aws:PrincipalArn', values: arns.length ? arns : ['ecs-lab:no-role'] });
      if (aws.some(isAccount)) clauses.push({ operator: 'StringNotEquals', key: 'aws:PrincipalAccount', values: [account] });
      out.push({ ...st, notPrincipals: undefined, conditions: [...st.conditions, ...clauses] });
      continue;
    }
    if (st.effect === 'Deny' && aws.some(isAccount)) {
      out.push({ ...st, principals: undefined, conditions: [...st.conditions, { operator: 'StringEquals', key: 'aws:PrincipalAccount', values: [account] }] });
      continue;
    }
    if (arns.length) out.push({ ...st, principals: undefined, conditions: [...st.conditions, { operator: 'ArnLike', key: 'aws:PrincipalArn', values: arns }] });
  }
  return out;
}

/** `arn:aws:sts::123:assumed-role/App/session` acts as the role `arn:aws:iam::123:role/App` (any path). */
function sessionToRole(value: string, partition: string): string {
  const m = /^arn:[^:]+:sts::(\d+):assumed-role\/([^/]+)\//.exec(value);
  return m ? `arn:${partition}:iam::${m[1]}:role/*${m[2]}` : value;
}

interface Source {
  type: string;
  kind: ResourcePolicyKind;
  /** The property holding the document. */
  document: string;
  /** What the policy is about, as ARN; `of` is the policy resource itself. */
  target(model: StackModel, logicalId: string): { arn: string; name: string } | undefined;
  /** A bucket policy covers the bucket and its objects. */
  withChildren?: boolean;
}

const arnOf = (model: StackModel, id: string) => String(model.resolve({ 'Fn::GetAtt': [id, 'Arn'] }));

const SOURCES: Source[] = [
  {
    type: 'AWS::S3::BucketPolicy',
    kind: 'bucket-policy',
    document: 'PolicyDocument',
    withChildren: true,
    target(model, id) {
      const raw = model.resource(id)!.raw.Properties?.Bucket;
      const bucket = referencedId(model, raw, 'AWS::S3::Bucket');
      if (bucket) return { arn: arnOf(model, bucket), name: model.describe(bucket) };
      const name = model.resolve(raw);
      return typeof name === 'string' ? { arn: `arn:${model.env.partition}:s3:::${name}`, name } : undefined;
    },
  },
  {
    type: 'AWS::SecretsManager::ResourcePolicy',
    kind: 'secret-policy',
    document: 'ResourcePolicy',
    target(model, id) {
      const raw = model.resource(id)!.raw.Properties?.SecretId;
      const secret = referencedId(model, raw, 'AWS::SecretsManager::Secret');
      // A secret's Ref is its ARN.
      if (secret) return { arn: String(model.resolve({ Ref: secret })), name: model.describe(secret) };
      const value = model.resolve(raw);
      return typeof value === 'string' ? { arn: value, name: value } : undefined;
    },
  },
  { type: 'AWS::KMS::Key', kind: 'key-policy', document: 'KeyPolicy', target: (model, id) => ({ arn: arnOf(model, id), name: model.describe(id) }) },
  { type: 'AWS::ECR::Repository', kind: 'repository-policy', document: 'RepositoryPolicyText', target: (model, id) => ({ arn: arnOf(model, id), name: model.describe(id) }) },
];

const LABEL: Record<ResourcePolicyKind, string> = {
  'bucket-policy': 'bucket policy of',
  'secret-policy': 'resource policy of secret',
  'key-policy': 'key policy of',
  'repository-policy': 'repository policy of',
};

/**
 * Every resource policy of the stack, each statement's principal turned into a condition on the
 * requesting principal (statements that can never name a role dropped).
 */
export function resourcePolicies(model: StackModel): ResourcePolicy[] {
  const { account, partition } = model.env;
  const out: ResourcePolicy[] = [];
  for (const source of SOURCES) {
    for (const r of model.ofType(source.type)) {
      const doc = r.props[source.document];
      if (!doc) continue;
      const target = source.target(model, r.logicalId);
      if (!target) continue;
      // ECR repository policies have no Resource element: each statement is about the repository.
      const parsed = parseDocument(doc).map((st) => (st.resources || st.notResources ? st : { ...st, resources: ['*'] }));
      const statements = forRole(parsed, account, partition);
      const isKey = source.kind === 'key-policy';
      if (!statements.length && !isKey) continue;
      const { arn } = target;
      out.push({
        kind: source.kind,
        ...(isKey ? { delegation: delegations(parsed, account, partition) } : {}),
        name: `${LABEL[source.kind]} ${target.name}`,
        logicalId: r.logicalId,
        statements,
        governs: source.withChildren ? (res) => res === arn || res.startsWith(`${arn}/`) : (res) => res === arn,
      });
    }
  }
  return out;
}
