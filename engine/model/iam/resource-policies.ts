// Resource-based policies of the stack — bucket policies, secret resource policies, KMS key
// policies, ECR repository policies, SQS queue policies, SNS topic policies and Lambda function
// permissions — seen from one role. Within one account AWS allows a request
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
//   - another account (its id or root ARN): a condition on `aws:PrincipalAccount`, since the grant
//     delegates to that account's IAM policies (a cross-account caller is judged by the caller);
//   - `Service` / `Federated` principals are never a role of the stack: those entries are dropped.
//
// KMS keys are different (KMS developer guide, "Key policies" and "Default key policy"): the key
// policy is required. An identity policy grants a use of the key only where the key policy lets
// the account's IAM policies decide — an Allow to the account root (`arn:aws:iam::<acct>:root`)
// for that action — or the key policy names the role itself. Those account statements are kept
// apart as `delegation`, and a key policy is kept even when no statement names a role, because
// then no identity policy can grant anything on the key.
import type { StackModel } from '../model';
import { evaluate, type AccessRequest, type Decision, type UnknownMode } from './evaluate';
import type { ConditionClause, Statement } from './policy';
import { parseDocument } from './policy';
import { referencedId } from './references';
import type { IdentityPolicy } from './roles';

export type ResourcePolicyKind = 'bucket-policy' | 'secret-policy' | 'key-policy' | 'repository-policy' | 'queue-policy' | 'topic-policy' | 'function-policy';

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
    const foreign = aws.map((v) => foreignAccount(v, account)).filter((v): v is string => !!v);
    const arns = aws.filter((v) => !isAccount(v) && !foreignAccount(v, account)).map((v) => sessionToRole(v, partition));
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
    // Another account named as a whole: the grant delegates to that account, whose own IAM
    // policies can hand it to any of its principals, so every principal of it counts.
    if (foreign.length) out.push({ ...st, principals: undefined, conditions: [...st.conditions, { operator: 'StringEquals', key: 'aws:PrincipalAccount', values: foreign }] });
  }
  return out;
}

/** The account id when the principal names a whole account other than this one (`210987654321`, `arn:aws:iam::210987654321:root`). */
function foreignAccount(value: string, account: string): string | undefined {
  const m = /^(\d{12})$/.exec(value) ?? /^arn:[^:]+:iam::(\d{12}):root$/.exec(value);
  return m && m[1] !== account ? m[1] : undefined;
}

/** `arn:aws:sts::123:assumed-role/App/session` acts as the role `arn:aws:iam::123:role/App` (any path). */
function sessionToRole(value: string, partition: string): string {
  const m = /^arn:[^:]+:sts::(\d+):assumed-role\/([^/]+)\//.exec(value);
  return m ? `arn:${partition}:iam::${m[1]}:role/*${m[2]}` : value;
}

interface Target {
  arn: string;
  name: string;
}

interface Source {
  type: string;
  kind: ResourcePolicyKind;
  /** The policy document (most hold it in a property; a Lambda permission is one statement's parts). */
  document(model: StackModel, logicalId: string): unknown;
  /** What the policy is about, as ARNs: a queue or topic policy may cover several. */
  targets(model: StackModel, logicalId: string): Target[];
  /** A bucket policy covers the bucket and its objects (`arn/…`); a function's, its versions and aliases (`arn:…`). */
  children?: '/' | ':';
}

const arnOf = (model: StackModel, id: string) => String(model.resolve({ 'Fn::GetAtt': [id, 'Arn'] }));
const rawProp = (model: StackModel, id: string, name: string) => model.resource(id)!.raw.Properties?.[name];
const prop = (name: string) => (model: StackModel, id: string) => model.resource(id)!.props[name];
const itself = (model: StackModel, id: string): Target[] => [{ arn: arnOf(model, id), name: model.describe(id) }];
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]);

/** A stack resource a property names (by Ref, GetAtt or value), or the value itself as an ARN. */
function targetOf(model: StackModel, raw: unknown, type: string, arnOfResource: (id: string) => string, arnOfValue: (value: string) => string | undefined): Target[] {
  const id = referencedId(model, raw, type);
  if (id) return [{ arn: arnOfResource(id), name: model.describe(id) }];
  const value = model.resolve(raw);
  const arn = typeof value === 'string' ? arnOfValue(value) : undefined;
  return arn ? [{ arn, name: String(value) }] : [];
}

/** `https://sqs.<region>.amazonaws.com/<account>/<name>` (a queue's Ref) as the queue's ARN. */
function queueUrlArn(model: StackModel, url: string): string | undefined {
  if (url.startsWith('arn:')) return url;
  const m = /^https:\/\/sqs\.([a-z0-9-]+)\.amazonaws\.com[^/]*\/(\d+)\/([^/]+)$/.exec(url);
  return m ? `arn:${model.env.partition}:sqs:${m[1]}:${m[2]}:${m[3]}` : undefined;
}

/**
 * An AWS::Lambda::Permission is one statement of the function's resource policy, given by parts
 * (Lambda developer guide, "Using resource-based policies in Lambda"): the principal (a service, an
 * account, an ARN or `*`), the action, and the source conditions.
 */
function lambdaPermissionDocument(model: StackModel, id: string): unknown {
  const p = model.resource(id)!.props;
  const principal = String(p.Principal ?? '');
  const conditions: Record<string, Record<string, unknown>> = {};
  if (p.SourceArn !== undefined) conditions.ArnLike = { 'aws:SourceArn': p.SourceArn };
  const equals: Record<string, unknown> = {};
  if (p.SourceAccount !== undefined) equals['aws:SourceAccount'] = p.SourceAccount;
  if (p.PrincipalOrgID !== undefined) equals['aws:PrincipalOrgID'] = p.PrincipalOrgID;
  if (p.FunctionUrlAuthType !== undefined) equals['lambda:FunctionUrlAuthType'] = p.FunctionUrlAuthType;
  if (Object.keys(equals).length) conditions.StringEquals = equals;
  const statement = {
    Effect: 'Allow',
    Principal: principal === '*' ? '*' : /\.amazonaws\.com(\.cn)?$/.test(principal) ? { Service: principal } : { AWS: principal },
    Action: p.Action,
    Resource: '*',
    ...(Object.keys(conditions).length ? { Condition: conditions } : {}),
  };
  return { Version: '2012-10-17', Statement: [statement] };
}

function functionArn(model: StackModel, value: string): string {
  if (value.startsWith('arn:')) return value;
  const { partition, region, account } = model.env;
  return `arn:${partition}:lambda:${region}:${account}:function:${value}`;
}

const SOURCES: Source[] = [
  {
    type: 'AWS::S3::BucketPolicy',
    kind: 'bucket-policy',
    document: prop('PolicyDocument'),
    children: '/',
    targets: (model, id) => targetOf(model, rawProp(model, id, 'Bucket'), 'AWS::S3::Bucket', (b) => arnOf(model, b), (name) => `arn:${model.env.partition}:s3:::${name}`),
  },
  {
    type: 'AWS::SecretsManager::ResourcePolicy',
    kind: 'secret-policy',
    document: prop('ResourcePolicy'),
    // A secret's Ref is its ARN.
    targets: (model, id) => targetOf(model, rawProp(model, id, 'SecretId'), 'AWS::SecretsManager::Secret', (x) => String(model.resolve({ Ref: x })), (v) => v),
  },
  { type: 'AWS::KMS::Key', kind: 'key-policy', document: prop('KeyPolicy'), targets: itself },
  { type: 'AWS::ECR::Repository', kind: 'repository-policy', document: prop('RepositoryPolicyText'), targets: itself },
  {
    type: 'AWS::SQS::QueuePolicy',
    kind: 'queue-policy',
    document: prop('PolicyDocument'),
    targets: (model, id) => list(rawProp(model, id, 'Queues')).flatMap((q) => targetOf(model, q, 'AWS::SQS::Queue', (x) => arnOf(model, x), (v) => queueUrlArn(model, v))),
  },
  {
    type: 'AWS::SQS::QueueInlinePolicy',
    kind: 'queue-policy',
    document: prop('PolicyDocument'),
    targets: (model, id) => targetOf(model, rawProp(model, id, 'Queue'), 'AWS::SQS::Queue', (x) => arnOf(model, x), (v) => queueUrlArn(model, v)),
  },
  {
    type: 'AWS::SNS::TopicPolicy',
    kind: 'topic-policy',
    document: prop('PolicyDocument'),
    // A topic's Ref is its ARN.
    targets: (model, id) => list(rawProp(model, id, 'Topics')).flatMap((t) => targetOf(model, t, 'AWS::SNS::Topic', (x) => String(model.resolve({ Ref: x })), (v) => (v.startsWith('arn:') ? v : undefined))),
  },
  {
    type: 'AWS::SNS::TopicInlinePolicy',
    kind: 'topic-policy',
    document: prop('PolicyDocument'),
    targets: (model, id) => targetOf(model, rawProp(model, id, 'TopicArn'), 'AWS::SNS::Topic', (x) => String(model.resolve({ Ref: x })), (v) => (v.startsWith('arn:') ? v : undefined)),
  },
  {
    type: 'AWS::Lambda::Permission',
    kind: 'function-policy',
    document: lambdaPermissionDocument,
    children: ':',
    targets: (model, id) => targetOf(model, rawProp(model, id, 'FunctionName'), 'AWS::Lambda::Function', (x) => arnOf(model, x), (v) => functionArn(model, v)),
  },
];

const LABEL: Record<ResourcePolicyKind, string> = {
  'bucket-policy': 'bucket policy of',
  'secret-policy': 'resource policy of secret',
  'key-policy': 'key policy of',
  'repository-policy': 'repository policy of',
  'queue-policy': 'queue policy of',
  'topic-policy': 'topic policy of',
  'function-policy': 'resource policy of function',
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
      const doc = source.document(model, r.logicalId);
      if (!doc) continue;
      const targets = source.targets(model, r.logicalId);
      if (!targets.length) continue;
      // ECR repository policies have no Resource element: each statement is about the repository.
      const parsed = parseDocument(doc).map((st) => (st.resources || st.notResources ? st : { ...st, resources: ['*'] }));
      const statements = forRole(parsed, account, partition);
      const isKey = source.kind === 'key-policy';
      if (!statements.length && !isKey) continue;
      const arns = targets.map((t) => t.arn);
      const { children } = source;
      out.push({
        kind: source.kind,
        ...(isKey ? { delegation: delegations(parsed, account, partition) } : {}),
        name: `${LABEL[source.kind]} ${targets.map((t) => t.name).join(', ')}`,
        logicalId: r.logicalId,
        statements,
        governs: (res) => arns.some((arn) => res === arn || (children !== undefined && res.startsWith(`${arn}${children}`))),
      });
    }
  }
  return out;
}

/**
 * What the resource policies of one resource decide on their own, for a caller none of the
 * stack's identity policies apply to (a principal of another account, whose own IAM policies are
 * assumed to allow it): such a caller gets in only if a resource policy allows it.
 */
export function decideByResourcePolicy(model: StackModel, request: AccessRequest, opts: { unknown?: UnknownMode } = {}): Decision<ResourcePolicy> {
  return evaluate(
    resourcePolicies(model).filter((p) => p.governs(request.resource)),
    request,
    opts,
  );
}
