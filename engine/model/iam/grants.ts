// What a role can do, computed rather than probed: every action of the catalogue, of every service
// its Allow statements could reach, against the stack's resources of the action's resource types
// and against "any other" resource of each type (a sample ARN outside the stack). The checks
// subtract what the lab says the role needs; every request left that the role can make is a
// grant beyond its need.
//
// Speed: only services an Allow statement names are expanded (a `*` service or a NotAction means
// every service, which is what AdministratorAccess really grants); the catalogue is loaded once
// per service and cached (actions.ts).
import type { StackModel } from '../model';
import { sampleResources, serviceActions, serviceKeys, type AccessLevel, type CatalogueAction } from './actions';
import type { IdentityPolicy, RoleView } from './roles';

/** One request the role might make: an action on one resource, with what the resource is for messages. */
export interface GrantRequest {
  action: string;
  service: string;
  levels: AccessLevel[];
  resource: string;
  /** `objects of bucket Assets`, `any other secret (outside this stack)`. */
  what: string;
  /** The stack resource it stands for; undefined for "any other" resource and for `*`. */
  logicalId?: string;
}

interface StackTarget {
  service: string;
  /** The catalogue's resource type name, compared case-insensitively (`Secret`, `log-stream`). */
  type: string;
  arn: string;
  what: string;
  logicalId: string;
}

type TargetsOf = (model: StackModel, id: string, name: string) => Omit<StackTarget, 'logicalId'>[];

const getAtt = (model: StackModel, id: string, att = 'Arn') => String(model.resolve({ 'Fn::GetAtt': [id, att] }));
const ref = (model: StackModel, id: string) => String(model.resolve({ Ref: id }));

/** The stack resources the checks judge, by CloudFormation type, as IAM resource types. */
const STACK_TARGETS: Record<string, TargetsOf> = {
  'AWS::S3::Bucket': (m, id, name) => [
    { service: 's3', type: 'bucket', arn: getAtt(m, id), what: `bucket ${name}` },
    { service: 's3', type: 'object', arn: `${getAtt(m, id)}/ecs-lab-probe/object.txt`, what: `objects of bucket ${name}` },
  ],
  // A secret's Ref is its ARN.
  'AWS::SecretsManager::Secret': (m, id, name) => [{ service: 'secretsmanager', type: 'secret', arn: ref(m, id), what: `secret ${name}` }],
  'AWS::ECR::Repository': (m, id, name) => [{ service: 'ecr', type: 'repository', arn: getAtt(m, id), what: `repository ${name}` }],
  'AWS::Logs::LogGroup': (m, id, name) => {
    // The synthetic ARN ends in `:*` as CloudFormation's does; streams live under the group.
    const group = getAtt(m, id).replace(/:\*$/, '');
    return [
      { service: 'logs', type: 'log-group', arn: `${group}:*`, what: `log group ${name}` },
      { service: 'logs', type: 'log-stream', arn: `${group}:log-stream:app/app/ecs-lab-probe`, what: `log streams of log group ${name}` },
    ];
  },
  'AWS::KMS::Key': (m, id, name) => [{ service: 'kms', type: 'key', arn: getAtt(m, id), what: `key ${name}` }],
  'AWS::IAM::Role': (m, id, name) => [{ service: 'iam', type: 'role', arn: getAtt(m, id), what: `role ${name}` }],
  'AWS::DynamoDB::Table': (m, id, name) => [{ service: 'dynamodb', type: 'table', arn: getAtt(m, id), what: `table ${name}` }],
  'AWS::SQS::Queue': (m, id, name) => [{ service: 'sqs', type: 'queue', arn: getAtt(m, id), what: `queue ${name}` }],
  'AWS::SNS::Topic': (m, id, name) => [{ service: 'sns', type: 'topic', arn: ref(m, id), what: `topic ${name}` }],
  'AWS::Lambda::Function': (m, id, name) => [{ service: 'lambda', type: 'function', arn: getAtt(m, id), what: `function ${name}` }],
  'AWS::Kinesis::Stream': (m, id, name) => [{ service: 'kinesis', type: 'stream', arn: getAtt(m, id), what: `stream ${name}` }],
  'AWS::ECS::Cluster': (m, id, name) => [{ service: 'ecs', type: 'cluster', arn: getAtt(m, id), what: `cluster ${name}` }],
  // A task definition's Ref is its ARN (`task-definition/family:revision`).
  'AWS::ECS::TaskDefinition': (m, id, name) => [{ service: 'ecs', type: 'task-definition', arn: ref(m, id), what: `task definition ${name}` }],
  // A parameter's Ref is its name; the ARN drops a leading slash (`parameter/app/db` for `/app/db`).
  'AWS::SSM::Parameter': (m, id, name) => [{ service: 'ssm', type: 'parameter', arn: parameterArn(m, ref(m, id)), what: `parameter ${name}` }],
};

function parameterArn(model: StackModel, parameterName: string): string {
  const { partition, region, account } = model.env;
  return `arn:${partition}:ssm:${region}:${account}:parameter/${parameterName.replace(/^\//, '')}`;
}

/** Every stack resource the model can name as an IAM resource, keyed `service:type` (lower case). */
export function stackTargets(model: StackModel): Map<string, StackTarget[]> {
  const out = new Map<string, StackTarget[]>();
  for (const [type, of] of Object.entries(STACK_TARGETS)) {
    for (const r of model.ofType(type)) {
      for (const t of of(model, r.logicalId, model.describe(r.logicalId))) {
        const key = `${t.service}:${t.type}`.toLowerCase();
        const list = out.get(key);
        if (list) list.push({ ...t, logicalId: r.logicalId });
        else out.set(key, [{ ...t, logicalId: r.logicalId }]);
      }
    }
  }
  return out;
}

/** The services an Allow statement could reach; `'all'` for a wildcard service or a NotAction. */
export function servicesNamed(policies: readonly IdentityPolicy[]): Set<string> | 'all' {
  const out = new Set<string>();
  for (const st of policies.flatMap((p) => p.statements)) {
    if (st.effect !== 'Allow') continue;
    if (st.notActions) return 'all';
    for (const pattern of st.actions ?? []) {
      const at = pattern.indexOf(':');
      const service = at > 0 ? pattern.slice(0, at) : pattern;
      if (/[*?]/.test(service)) return 'all';
      out.add(service.toLowerCase());
    }
  }
  return out;
}

/**
 * Every request worth asking about the role: each action of each service its Allow statements
 * (identity and resource policies) name, on each stack resource of the action's resource types
 * plus one resource of each type outside the stack; `*` for actions that take no resource.
 */
export function candidateRequests(model: StackModel, role: RoleView): Promise<GrantRequest[]> {
  // Both least-privilege checks ask about a role serving as task and execution role: list once.
  let byRole = cache.get(model);
  if (!byRole) cache.set(model, (byRole = new Map()));
  let list = byRole.get(role.logicalId);
  if (!list) byRole.set(role.logicalId, (list = listRequests(model, role)));
  return list;
}

const cache = new WeakMap<StackModel, Map<string, Promise<GrantRequest[]>>>();

async function listRequests(model: StackModel, role: RoleView): Promise<GrantRequest[]> {
  const named = servicesNamed([...role.policies, ...(role.resourcePolicies ?? [])]);
  const services = named === 'all' ? await serviceKeys() : [...named];
  const targets = stackTargets(model);
  const out: GrantRequest[] = [];
  for (const service of services) {
    for (const action of await serviceActions(service)) out.push(...(await requestsFor(model, action, targets)));
  }
  return out;
}

/**
 * The "any other <type> (outside this stack)" requests of an action depend only on the catalogue
 * and the synthetic account and region, not on the stack: built once per process and shared
 * (frozen) by every model, so a grader checking many stacks allocates them once.
 */
const otherRequests = new Map<string, readonly GrantRequest[]>();

async function requestsFor(model: StackModel, action: CatalogueAction, targets: Map<string, StackTarget[]>): Promise<GrantRequest[]> {
  const base = { action: action.action, service: action.service, levels: action.levels };
  if (action.resourceTypes.length === 0) return [{ ...base, resource: '*', what: `${action.service} (no resource)` }];
  const out: GrantRequest[] = [];
  for (const type of action.resourceTypes) {
    for (const t of targets.get(`${action.service}:${type}`.toLowerCase()) ?? []) out.push({ ...base, resource: t.arn, what: t.what, logicalId: t.logicalId });
    const key = `${model.env.partition}:${model.env.region}:${model.env.account}:${action.action}:${type}`;
    let others = otherRequests.get(key);
    if (!others) {
      const arns = await sampleResources({ ...action, resourceTypes: [type] }, model.env);
      others = arns.map((arn) => Object.freeze({ ...base, resource: arn, what: `any other ${type} (outside this stack)` }));
      otherRequests.set(key, others);
    }
    out.push(...others);
  }
  return out;
}
