// Resolves CloudFormation intrinsics (Ref, Fn::GetAtt, Fn::Join, Fn::Sub, ...) into concrete,
// synthetic values, as if the stack had been deployed into a made-up account. Checks can then
// compare ARNs and ids as plain strings (IAM wildcards, security-group sources) instead of
// pattern-matching intrinsic objects. Every synthetic value is recorded, so a string can be
// traced back to the logical id it stands for.

import type { CfnTemplate } from '../types';
import { evaluateConditionSection, evaluateExpression, type OperandValue, type Tri } from './condition-logic';

export interface SyntheticEnv {
  account: string;
  region: string;
  partition: string;
  urlSuffix: string;
}

export const DEFAULT_ENV: SyntheticEnv = {
  account: '123456789012',
  region: 'us-east-1',
  partition: 'aws',
  urlSuffix: 'amazonaws.com',
};

/** Marks a value that could not be resolved (a parameter without default, an import). */
export const UNRESOLVED_PREFIX = 'unresolved:';

interface TypeRule {
  ref: (id: string, props: Record<string, any>, env: SyntheticEnv) => string;
  atts?: Record<string, (id: string, props: Record<string, any>, env: SyntheticEnv) => string>;
}

const lower = (id: string) => id.toLowerCase();
const literal = (v: unknown, fallback: string) => (typeof v === 'string' ? v : fallback);
const arn = (env: SyntheticEnv, service: string, regional: boolean, resource: string) =>
  `arn:${env.partition}:${service}:${regional ? env.region : ''}:${service === 's3' ? '' : env.account}:${resource}`;

// How each resource type answers Ref and Fn::GetAtt. Unknown types fall back to GENERIC.
const RULES: Record<string, TypeRule> = {
  'AWS::S3::Bucket': {
    ref: (id, p) => literal(p.BucketName, lower(id)),
    atts: {
      Arn: (id, p, e) => `arn:${e.partition}:s3:::${literal(p.BucketName, lower(id))}`,
      DomainName: (id, p) => `${literal(p.BucketName, lower(id))}.s3.amazonaws.com`,
      RegionalDomainName: (id, p, e) => `${literal(p.BucketName, lower(id))}.s3.${e.region}.amazonaws.com`,
    },
  },
  'AWS::SecretsManager::Secret': {
    ref: (id, p, e) => arn(e, 'secretsmanager', true, `secret:${literal(p.Name, id)}-AbCdEf`),
  },
  'AWS::SSM::Parameter': {
    ref: (id, p) => literal(p.Name, id),
  },
  'AWS::ECR::Repository': {
    ref: (id, p) => literal(p.RepositoryName, lower(id)),
    atts: {
      Arn: (id, p, e) => arn(e, 'ecr', true, `repository/${literal(p.RepositoryName, lower(id))}`),
      RepositoryUri: (id, p, e) =>
        `${e.account}.dkr.ecr.${e.region}.${e.urlSuffix}/${literal(p.RepositoryName, lower(id))}`,
    },
  },
  'AWS::Logs::LogGroup': {
    ref: (id, p) => literal(p.LogGroupName, id),
    atts: { Arn: (id, p, e) => arn(e, 'logs', true, `log-group:${literal(p.LogGroupName, id)}:*`) },
  },
  'AWS::IAM::Role': {
    ref: (id, p) => literal(p.RoleName, id),
    atts: {
      Arn: (id, p, e) => `arn:${e.partition}:iam::${e.account}:role/${literal(p.RoleName, id)}`,
      RoleId: (id) => `AROA${id.toUpperCase()}`,
    },
  },
  'AWS::IAM::ManagedPolicy': {
    ref: (id, p, e) => `arn:${e.partition}:iam::${e.account}:policy/${literal(p.ManagedPolicyName, id)}`,
  },
  'AWS::IAM::Policy': { ref: (id, p) => literal(p.PolicyName, id) },
  'AWS::IAM::InstanceProfile': {
    ref: (id) => id,
    atts: { Arn: (id, _p, e) => `arn:${e.partition}:iam::${e.account}:instance-profile/${id}` },
  },
  'AWS::IAM::OIDCProvider': {
    ref: (id, p, e) => `arn:${e.partition}:iam::${e.account}:oidc-provider/${String(p.Url ?? id).replace(/^https:\/\//, '')}`,
  },
  'AWS::KMS::Key': {
    ref: (id) => `key-${lower(id)}`,
    atts: { Arn: (id, _p, e) => arn(e, 'kms', true, `key/key-${lower(id)}`), KeyId: (id) => `key-${lower(id)}` },
  },
  'AWS::EC2::VPC': {
    ref: (id) => `vpc-${lower(id)}`,
    atts: {
      CidrBlock: (_id, p) => literal(p.CidrBlock, '10.0.0.0/16'),
      DefaultSecurityGroup: (id) => `sg-default-${lower(id)}`,
      VpcId: (id) => `vpc-${lower(id)}`,
    },
  },
  'AWS::EC2::Subnet': { ref: (id) => `subnet-${lower(id)}`, atts: { SubnetId: (id) => `subnet-${lower(id)}` } },
  'AWS::EC2::SecurityGroup': {
    ref: (id) => `sg-${lower(id)}`,
    atts: { GroupId: (id) => `sg-${lower(id)}` },
  },
  'AWS::EC2::InternetGateway': { ref: (id) => `igw-${lower(id)}` },
  'AWS::EC2::EgressOnlyInternetGateway': { ref: (id) => `eigw-${lower(id)}` },
  'AWS::EC2::VPNGateway': { ref: (id) => `vgw-${lower(id)}` },
  'AWS::EC2::TransitGateway': { ref: (id) => `tgw-${lower(id)}` },
  'AWS::EC2::NatGateway': { ref: (id) => `nat-${lower(id)}` },
  'AWS::EC2::RouteTable': { ref: (id) => `rtb-${lower(id)}` },
  'AWS::EC2::EIP': { ref: () => '203.0.113.10', atts: { AllocationId: (id) => `eipalloc-${lower(id)}` } },
  'AWS::EC2::VPCEndpoint': { ref: (id) => `vpce-${lower(id)}` },
  'AWS::ECS::Cluster': {
    ref: (id, p) => literal(p.ClusterName, id),
    atts: { Arn: (id, p, e) => arn(e, 'ecs', true, `cluster/${literal(p.ClusterName, id)}`) },
  },
  'AWS::ECS::TaskDefinition': {
    ref: (id, p, e) => arn(e, 'ecs', true, `task-definition/${literal(p.Family, id)}:1`),
    atts: { TaskDefinitionArn: (id, p, e) => arn(e, 'ecs', true, `task-definition/${literal(p.Family, id)}:1`) },
  },
  'AWS::ECS::Service': {
    ref: (id, p, e) => arn(e, 'ecs', true, `service/cluster/${literal(p.ServiceName, id)}`),
    atts: {
      Name: (id, p) => literal(p.ServiceName, id),
      ServiceArn: (id, p, e) => arn(e, 'ecs', true, `service/cluster/${literal(p.ServiceName, id)}`),
    },
  },
  'AWS::ElasticLoadBalancingV2::LoadBalancer': {
    ref: (id, _p, e) => arn(e, 'elasticloadbalancing', true, `loadbalancer/app/${id}/0123456789abcdef`),
    atts: {
      DNSName: (id, _p, e) => `${lower(id)}-123456789.${e.region}.elb.amazonaws.com`,
      LoadBalancerFullName: (id) => `app/${id}/0123456789abcdef`,
      LoadBalancerName: (id) => id,
      CanonicalHostedZoneID: () => 'Z35SXDOTRQ7X7K',
      LoadBalancerArn: (id, _p, e) => arn(e, 'elasticloadbalancing', true, `loadbalancer/app/${id}/0123456789abcdef`),
    },
  },
  'AWS::ElasticLoadBalancingV2::TargetGroup': {
    ref: (id, _p, e) => arn(e, 'elasticloadbalancing', true, `targetgroup/${id}/0123456789abcdef`),
    atts: {
      TargetGroupFullName: (id) => `targetgroup/${id}/0123456789abcdef`,
      TargetGroupName: (id) => id,
      TargetGroupArn: (id, _p, e) => arn(e, 'elasticloadbalancing', true, `targetgroup/${id}/0123456789abcdef`),
    },
  },
  'AWS::ElasticLoadBalancingV2::Listener': {
    // A listener's ARN carries its load balancer's full name (`listener/app/<name>/<id>/<id>`); CDK
    // cuts the LoadBalancer dimension of target-group metrics out of it, so it must be the same one.
    ref: (id, p, e) => arn(e, 'elasticloadbalancing', true, `listener/${loadBalancerFullName(p.LoadBalancerArn)}/${lower(id)}`),
  },
  'AWS::CertificateManager::Certificate': { ref: (id, _p, e) => arn(e, 'acm', true, `certificate/${lower(id)}`) },
  'AWS::SNS::Topic': {
    ref: (id, p, e) => arn(e, 'sns', true, literal(p.TopicName, id)),
    atts: { TopicArn: (id, p, e) => arn(e, 'sns', true, literal(p.TopicName, id)) },
  },
  'AWS::SQS::Queue': {
    ref: (id, p, e) => `https://sqs.${e.region}.${e.urlSuffix}/${e.account}/${literal(p.QueueName, id)}`,
    atts: { Arn: (id, p, e) => arn(e, 'sqs', true, literal(p.QueueName, id)), QueueName: (id, p) => literal(p.QueueName, id) },
  },
  'AWS::DynamoDB::Table': {
    ref: (id, p) => literal(p.TableName, id),
    atts: { Arn: (id, p, e) => arn(e, 'dynamodb', true, `table/${literal(p.TableName, id)}`) },
  },
  'AWS::CloudWatch::Alarm': {
    ref: (id, p) => literal(p.AlarmName, id),
    atts: { Arn: (id, p, e) => arn(e, 'cloudwatch', true, `alarm:${literal(p.AlarmName, id)}`) },
  },
  'AWS::Lambda::Function': {
    ref: (id, p) => literal(p.FunctionName, id),
    atts: { Arn: (id, p, e) => arn(e, 'lambda', true, `function:${literal(p.FunctionName, id)}`) },
  },
};

const GENERIC: TypeRule = { ref: (id) => id };

/** `app/<name>/<id>` out of a load balancer ARN; a stand-in when the ARN is not one (an import). */
function loadBalancerFullName(lbArn: unknown): string {
  const match = typeof lbArn === 'string' ? /:loadbalancer\/((?:app|net|gwy)\/[^/]+\/[^/]+)$/.exec(lbArn) : null;
  return match ? match[1] : 'app/lb/0123456789abcdef';
}

function serviceOf(type: string): string {
  return (type.split('::')[1] ?? 'unknown').toLowerCase();
}

/**
 * Resolves values of one template. Keeps a reverse index from every synthetic value it hands out
 * to the logical id it came from.
 */
export class Resolver {
  private readonly owners = new Map<string, string>();
  private readonly resolving = new Set<string>();
  private readonly nameProps = new Map<string, Record<string, any>>();
  private conditionValues?: Map<string, Tri>;

  constructor(
    private readonly template: CfnTemplate,
    readonly env: SyntheticEnv = DEFAULT_ENV,
  ) {}

  /** The logical id a synthetic value (an ARN, an sg- id, a name) stands for, if any. */
  ownerOf(value: string): string | undefined {
    return this.owners.get(value);
  }

  /** Ref of a resource, parameter or pseudo parameter. */
  ref(name: string): unknown {
    switch (name) {
      case 'AWS::AccountId':
        return this.env.account;
      case 'AWS::Region':
        return this.env.region;
      case 'AWS::Partition':
        return this.env.partition;
      case 'AWS::URLSuffix':
        return this.env.urlSuffix;
      case 'AWS::StackName':
        return 'lab-stack';
      case 'AWS::StackId':
        return `arn:${this.env.partition}:cloudformation:${this.env.region}:${this.env.account}:stack/lab-stack/1`;
      case 'AWS::NoValue':
        return undefined;
      case 'AWS::NotificationARNs':
        return [];
    }
    const param = this.template.Parameters?.[name] as { Default?: unknown } | undefined;
    if (param) return param.Default !== undefined ? param.Default : `${UNRESOLVED_PREFIX}${name}`;
    const res = this.template.Resources?.[name];
    if (!res) return `${UNRESOLVED_PREFIX}${name}`;
    const rule = RULES[res.Type] ?? GENERIC;
    return this.remember(rule.ref(name, this.literalProps(name), this.env), name);
  }

  getAtt(name: string, attribute: string): unknown {
    const res = this.template.Resources?.[name];
    if (!res) return `${UNRESOLVED_PREFIX}${name}.${attribute}`;
    const rule = RULES[res.Type] ?? GENERIC;
    const att = rule.atts?.[attribute];
    if (att) return this.remember(att(name, this.literalProps(name), this.env), name);
    if (attribute === 'Arn') {
      const type = res.Type.split('::')[2]?.toLowerCase() ?? 'resource';
      return this.remember(`arn:${this.env.partition}:${serviceOf(res.Type)}:${this.env.region}:${this.env.account}:${type}/${name}`, name);
    }
    return this.remember(`${name}.${attribute}`, name);
  }

  /**
   * The value of a named condition of the template: a literal true/false in `Conditions` (as
   * conditionScenarios leaves them), or evaluated; 'unknown' when it cannot be known offline or
   * does not exist.
   */
  condition(name: string): Tri {
    // Evaluated once, all together: conditions refer to each other.
    this.conditionValues ??= evaluateConditionSection(this.template.Conditions ?? {}, (raw) => this.conditionOperand(raw)).values;
    return this.conditionValues.get(name) ?? 'unknown';
  }

  /**
   * An Fn::Equals operand's value when it can be known offline: built from parameter defaults,
   * mappings and the pseudo parameters of the synthetic environment only. Anything synthetic
   * beyond that (a resource's id, the stack name) would make a condition look decided when the
   * real deployment may decide otherwise.
   */
  conditionOperand(raw: unknown): OperandValue {
    // Checked before resolving, so resolving never comes back here (no Fn::If inside an operand).
    if (dependsOnTheUnknowable(raw, this.template)) return { known: false };
    const value = this.resolve(raw);
    if (value === undefined || mentionsUnresolved(value)) return { known: false };
    return { known: true, value };
  }

  /** Deeply resolves a value from the template. `undefined` stands for AWS::NoValue. */
  resolve(value: unknown): any {
    if (Array.isArray(value)) return value.map((v) => this.resolve(v)).filter((v) => v !== undefined);
    if (value === null || typeof value !== 'object') return value;
    const obj = value as Record<string, unknown>;
    const keys = Object.keys(obj);
    // `{Condition: {...}}` is a plain object (an IAM statement's block); only `{Condition: 'Name'}` is the intrinsic.
    const isIntrinsic = (key: string) => key === 'Ref' || key.startsWith('Fn::') || (key === 'Condition' && typeof obj.Condition === 'string');
    if (keys.length === 1 && isIntrinsic(keys[0])) {
      return this.intrinsic(keys[0], obj[keys[0]]);
    }
    const out: Record<string, unknown> = {};
    for (const k of keys) {
      const v = this.resolve(obj[k]);
      if (v !== undefined) out[k] = v;
    }
    return out;
  }

  private intrinsic(fn: string, arg: any): unknown {
    switch (fn) {
      case 'Ref':
        return this.ref(String(arg));
      case 'Fn::GetAtt': {
        const [name, ...rest] = Array.isArray(arg) ? arg : String(arg).split('.');
        return this.getAtt(String(name), rest.map(String).join('.'));
      }
      case 'Fn::Join': {
        const [sep, parts] = arg as [string, unknown];
        const list = this.resolve(parts);
        return Array.isArray(list) ? list.map(String).join(sep) : String(list);
      }
      case 'Fn::Sub':
        return this.sub(arg);
      case 'Fn::Select': {
        const [index, list] = arg as [unknown, unknown];
        const resolved = this.resolve(list);
        return Array.isArray(resolved) ? resolved[Number(this.resolve(index))] : `${UNRESOLVED_PREFIX}select`;
      }
      case 'Fn::Split': {
        const [sep, source] = arg as [string, unknown];
        return String(this.resolve(source)).split(sep);
      }
      case 'Fn::GetAZs':
        return ['a', 'b', 'c'].map((l) => `${this.env.region}${l}`);
      case 'Fn::Base64':
        return this.resolve(arg);
      case 'Fn::If': {
        // The deployed branch; which one is deployed can be unknown (see conditionScenarios,
        // which enumerates both), and then so is the value.
        const [name, whenTrue, whenFalse] = arg as [string, unknown, unknown];
        const value = this.condition(String(name));
        if (value === 'unknown') return `${UNRESOLVED_PREFIX}condition:${String(name)}`;
        return this.resolve(value ? whenTrue : whenFalse);
      }
      case 'Fn::FindInMap': {
        const [map, top, second] = (arg as unknown[]).map((v) => this.resolve(v));
        const m = this.template.Mappings?.[String(map)] as Record<string, Record<string, unknown>> | undefined;
        return m?.[String(top)]?.[String(second)] ?? `${UNRESOLVED_PREFIX}map`;
      }
      case 'Fn::ImportValue':
        return `${UNRESOLVED_PREFIX}import:${String(this.resolve(arg))}`;
      case 'Fn::Equals':
      case 'Fn::And':
      case 'Fn::Or':
      case 'Fn::Not':
      case 'Condition': {
        const value = evaluateExpression({ [fn]: arg }, (name) => this.condition(name), (raw) => this.conditionOperand(raw));
        return value === 'unknown' ? `${UNRESOLVED_PREFIX}${fn}` : value;
      }
      case 'Fn::Cidr': {
        const [, count] = arg as [unknown, number];
        return Array.from({ length: Number(count) }, (_, i) => `10.0.${i}.0/24`);
      }
      default:
        return `${UNRESOLVED_PREFIX}${fn}`;
    }
  }

  private sub(arg: unknown): string {
    const [text, vars] = Array.isArray(arg) ? (arg as [string, Record<string, unknown>]) : [String(arg), {}];
    return text.replace(/\$\{([^}!][^}]*)\}/g, (_m, expr: string) => {
      if (vars && expr in vars) return String(this.resolve(vars[expr]));
      const dot = expr.indexOf('.');
      if (dot > 0 && !expr.startsWith('AWS::')) return String(this.getAtt(expr.slice(0, dot), expr.slice(dot + 1)));
      return String(this.ref(expr));
    });
  }

  // Properties whose literal values name the resource (BucketName, RoleName, ...). Resolved once,
  // guarding against self-reference.
  private literalProps(id: string): Record<string, any> {
    const known = this.nameProps.get(id);
    if (known) return known;
    const props = this.template.Resources?.[id]?.Properties ?? {};
    if (this.resolving.has(id)) return {};
    this.resolving.add(id);
    try {
      const out: Record<string, any> = {};
      for (const key of NAME_PROPS) if (key in props) out[key] = this.resolve(props[key]);
      this.nameProps.set(id, out); // every Ref and GetAtt of this resource needs them again
      return out;
    } finally {
      this.resolving.delete(id);
    }
  }

  private remember(value: string, owner: string): string {
    if (!this.owners.has(value)) this.owners.set(value, owner);
    return value;
  }
}

const NAME_PROPS = [
  'BucketName', 'Name', 'RepositoryName', 'LogGroupName', 'RoleName', 'ManagedPolicyName', 'PolicyName',
  'ClusterName', 'Family', 'ServiceName', 'TopicName', 'QueueName', 'TableName', 'AlarmName', 'FunctionName',
  'CidrBlock', 'Url',
  // Not a name, but a listener's ARN is built from its load balancer's.
  'LoadBalancerArn',
];

// Pseudo parameters the synthetic environment makes up without knowing them: the real stack name
// is the learner's (or the lab's) choice, notifications are set at deploy time.
const UNKNOWABLE_PSEUDO = new Set(['AWS::StackName', 'AWS::StackId', 'AWS::NotificationARNs']);

/**
 * Whether a value needs something only a deployment knows: a parameter without default, an
 * SSM-typed parameter (its Default is the name of the SSM parameter, not its value), a resource's
 * id or attribute, an import, the stack name. A condition on such a value is unknown offline.
 * Fn::If and condition functions are not valid inside an operand and count as unknowable too.
 */
export function dependsOnTheUnknowable(value: unknown, template: CfnTemplate): boolean {
  if (Array.isArray(value)) return value.some((v) => dependsOnTheUnknowable(v, template));
  if (value === null || typeof value !== 'object') return false;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj);
  if (keys.length === 1) {
    const arg = obj[keys[0]];
    switch (keys[0]) {
      case 'Ref':
        return refIsUnknowable(String(arg), template);
      case 'Fn::GetAtt':
      case 'Fn::ImportValue':
      case 'Fn::If':
      case 'Fn::Equals':
      case 'Fn::And':
      case 'Fn::Or':
      case 'Fn::Not':
      case 'Condition':
        return true;
      case 'Fn::Sub':
        return subIsUnknowable(arg, template);
    }
  }
  return keys.some((k) => dependsOnTheUnknowable(obj[k], template));
}

function refIsUnknowable(name: string, template: CfnTemplate): boolean {
  if (UNKNOWABLE_PSEUDO.has(name)) return true;
  if (name.startsWith('AWS::')) return false; // Region, AccountId, Partition, URLSuffix: the synthetic env
  const param = template.Parameters?.[name] as { Default?: unknown; Type?: unknown } | undefined;
  if (param) return param.Default === undefined || String(param.Type ?? '').startsWith('AWS::SSM::Parameter::Value');
  return true; // a resource, or nothing at all
}

function subIsUnknowable(arg: unknown, template: CfnTemplate): boolean {
  const [text, vars] = Array.isArray(arg) ? (arg as [unknown, Record<string, unknown> | undefined]) : [arg, undefined];
  if (typeof text !== 'string') return true;
  if (vars && dependsOnTheUnknowable(vars, template)) return true;
  for (const [, expr] of text.matchAll(/\$\{([^}!][^}]*)\}/g)) {
    if (vars && expr in vars) continue;
    if (expr.includes('.') && !expr.startsWith('AWS::')) return true; // ${Resource.Attribute}
    if (refIsUnknowable(expr, template)) return true;
  }
  return false;
}

function mentionsUnresolved(value: unknown): boolean {
  if (typeof value === 'string') return value.includes(UNRESOLVED_PREFIX);
  if (Array.isArray(value)) return value.some(mentionsUnresolved);
  if (value !== null && typeof value === 'object') return Object.values(value).some(mentionsUnresolved);
  return false;
}
