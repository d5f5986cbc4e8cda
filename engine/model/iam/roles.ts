// The IAM view of a stack: every role with its trust policy and every identity policy that
// applies to it — inline `Policies`, AWS::IAM::Policy and AWS::IAM::RolePolicy resources naming
// it, customer managed policies attached either way, and AWS managed policies by ARN from the
// shipped copies. A policy whose document is not known is listed in `unknown`, never dropped.
import type { StackModel } from '../model';
import { AWS_MANAGED_POLICIES, awsManagedPolicyName } from './aws-managed-policies';
import { evaluate, type AccessRequest, type Decision, type UnknownMode } from './evaluate';
import type { RequestContext } from './conditions';
import { parseDocument, type EvaluablePolicy, type Statement } from './policy';
import { referencedId } from './references';
import { resourcePolicies, type ResourcePolicy, type ResourcePolicyKind } from './resource-policies';

export type PolicyKind = 'inline' | 'policy' | 'managed' | 'aws-managed' | ResourcePolicyKind;

export interface IdentityPolicy extends EvaluablePolicy {
  kind: PolicyKind;
  /** How messages name it: `policy TaskRole/DefaultPolicy`, `AWS managed policy AdministratorAccess`. */
  name: string;
  /** The resource that defines it; the role itself for inline and AWS managed policies. */
  logicalId: string;
  arn?: string;
  /** AWS managed policies only: hands out account- or IAM-wide power. */
  adminLevel?: boolean;
  /** AWS managed policies only: how the shipped copy differs from the real one. */
  approximation?: string;
}

export interface UnknownPolicy {
  arn: string;
  attachedAs: 'identity' | 'boundary';
  reason: string;
}

export interface RoleView {
  logicalId: string;
  /** Construct path without the stack, for messages (`TaskRole`). */
  name: string;
  arn: string;
  trust: Statement[];
  policies: IdentityPolicy[];
  boundary?: IdentityPolicy;
  unknown: UnknownPolicy[];
  /** The stack's resource policies (bucket, secret, key, repository, queue, topic, function): the same list for every role. */
  resourcePolicies: ResourcePolicy[];
}

export interface RoleDecision extends Decision<IdentityPolicy> {
  /** Identity policies whose contents are unknown: they might allow more. */
  unknownPolicies: UnknownPolicy[];
  /** The identity policies allowed it but the permissions boundary did not. */
  deniedByBoundary?: boolean;
  /** The identity policies allowed a use of a KMS key whose key policy does not delegate that use to IAM. */
  deniedByKeyPolicy?: ResourcePolicy;
}

const ROLE = 'AWS::IAM::Role';
const MANAGED = 'AWS::IAM::ManagedPolicy';

export class IamModel {
  private readonly byId = new Map<string, RoleView>();

  constructor(private readonly model: StackModel) {
    const shared = resourcePolicies(model);
    for (const r of model.ofType(ROLE)) {
      this.byId.set(r.logicalId, {
        logicalId: r.logicalId,
        name: model.describe(r.logicalId),
        arn: String(model.resolve({ 'Fn::GetAtt': [r.logicalId, 'Arn'] })),
        trust: parseDocument(r.props.AssumeRolePolicyDocument),
        policies: inlinePolicies(model, r.logicalId),
        unknown: [],
        resourcePolicies: shared,
      });
    }
    this.attachPolicyResources();
    for (const role of this.byId.values()) this.attachManagedArns(role);
  }

  roles(): RoleView[] {
    return [...this.byId.values()];
  }

  role(logicalId: string): RoleView | undefined {
    return this.byId.get(logicalId);
  }

  /** The role a value points at: a raw Ref/GetAtt, a synthetic ARN or a role name. */
  roleIdOf(value: unknown): string | undefined {
    return referencedId(this.model, value, ROLE);
  }

  private rolesNamedIn(list: unknown): RoleView[] {
    const entries = Array.isArray(list) ? list : list === undefined ? [] : [list];
    return entries.map((e) => this.roleIdOf(e)).flatMap((id) => (id ? [this.byId.get(id)!] : []));
  }

  private attachPolicyResources(): void {
    const m = this.model;
    for (const p of m.ofType('AWS::IAM::Policy')) {
      const policy: IdentityPolicy = { kind: 'policy', name: `policy ${m.describe(p.logicalId)}`, logicalId: p.logicalId, statements: parseDocument(p.props.PolicyDocument) };
      for (const role of this.rolesNamedIn(p.raw.Properties?.Roles)) role.policies.push(policy);
    }
    for (const p of m.ofType('AWS::IAM::RolePolicy')) {
      const policy: IdentityPolicy = { kind: 'policy', name: `policy ${m.describe(p.logicalId)}`, logicalId: p.logicalId, statements: parseDocument(p.props.PolicyDocument) };
      for (const role of this.rolesNamedIn(p.raw.Properties?.RoleName)) role.policies.push(policy);
    }
    for (const p of m.ofType(MANAGED)) {
      for (const role of this.rolesNamedIn(p.raw.Properties?.Roles)) role.policies.push(this.customerManaged(p.logicalId));
    }
  }

  private customerManaged(logicalId: string): IdentityPolicy {
    const m = this.model;
    return {
      kind: 'managed',
      name: `managed policy ${m.describe(logicalId)}`,
      logicalId,
      arn: String(m.resolve({ Ref: logicalId })),
      statements: parseDocument(m.resource(logicalId)!.props.PolicyDocument),
    };
  }

  private attachManagedArns(role: RoleView): void {
    const raw = this.model.resource(role.logicalId)!.raw.Properties ?? {};
    for (const entry of (raw.ManagedPolicyArns ?? []) as unknown[]) {
      const policy = this.policyAt(entry, role);
      if ('reason' in policy) role.unknown.push({ ...policy, attachedAs: 'identity' });
      // A customer managed policy can be attached both ways (its Roles and the role's list).
      else if (!role.policies.some((p) => p.arn !== undefined && p.arn === policy.arn)) role.policies.push(policy);
    }
    if (raw.PermissionsBoundary !== undefined) {
      const boundary = this.policyAt(raw.PermissionsBoundary, role);
      if ('reason' in boundary) role.unknown.push({ ...boundary, attachedAs: 'boundary' });
      else role.boundary = boundary;
    }
  }

  /** The policy a managed-policy ARN (raw template value) stands for, or why it is unknown. */
  private policyAt(entry: unknown, role: RoleView): IdentityPolicy | { arn: string; reason: string } {
    const inStack = referencedId(this.model, entry, MANAGED);
    if (inStack) return this.customerManaged(inStack);
    const arn = String(this.model.resolve(entry));
    const awsName = awsManagedPolicyName(arn);
    if (!awsName) return { arn, reason: 'a customer managed policy defined outside this stack, so the lab cannot read it' };
    const data = AWS_MANAGED_POLICIES[awsName];
    if (!data) return { arn, reason: `the AWS managed policy ${awsName}, which the lab has no copy of` };
    return {
      kind: 'aws-managed',
      // Every finding names the policy, so an approximate copy is said to be one wherever it is cited.
      name: `AWS managed policy ${awsName}${data.approximation ? ` (approximate copy: ${data.approximation})` : ''}`,
      logicalId: role.logicalId,
      arn,
      statements: parseDocument(data.document),
      adminLevel: data.adminLevel,
      approximation: data.approximation,
    };
  }
}

function inlinePolicies(model: StackModel, roleId: string): IdentityPolicy[] {
  const list = (model.resource(roleId)!.props.Policies ?? []) as { PolicyName?: string; PolicyDocument?: unknown }[];
  return list.map((p) => ({
    kind: 'inline',
    name: `inline policy ${p.PolicyName ?? '(unnamed)'} of role ${model.describe(roleId)}`,
    logicalId: roleId,
    statements: parseDocument(p.PolicyDocument),
  }));
}

const models = new WeakMap<StackModel, IamModel>();

/** The IAM view of a stack model, built once per model. */
export function iamModelOf(model: StackModel): IamModel {
  let m = models.get(model);
  if (!m) models.set(model, (m = new IamModel(model)));
  return m;
}

/**
 * Would AWS let this role make the request? Same-account evaluation: an explicit Deny in an
 * identity policy, the boundary or the resource's own policy wins; otherwise the identity
 * policies OR the resource policy must allow it, and a permissions boundary must allow it too
 * (it also caps resource-policy grants that name the role's ARN, which is how CDK names it).
 * See evaluate.ts for `unknown`.
 */
/** Shared empty list: simulate runs for every request of the catalogue. */
const NONE: never[] = [];

export function simulate(role: RoleView, request: AccessRequest, opts: { unknown?: UnknownMode } = {}): RoleDecision {
  const unknownPolicies = role.unknown.length ? role.unknown.filter((u) => u.attachedAs === 'identity') : NONE;
  const onResource = role.resourcePolicies?.length ? role.resourcePolicies.filter((p) => p.governs(request.resource)) : NONE;
  const evaluated = evaluate(role.policies, request, opts);
  const resource = onResource.length ? evaluate<IdentityPolicy>(onResource, request, opts) : undefined;
  if (evaluated.effect === 'explicit-deny') return { ...evaluated, assumptions: [...evaluated.assumptions, ...(resource?.assumptions ?? [])], unknownPolicies };
  if (resource?.effect === 'explicit-deny') return { ...resource, assumptions: [...evaluated.assumptions, ...resource.assumptions], unknownPolicies };
  const keyPolicy = onResource.find((p) => p.delegation !== undefined);
  const identity = keyPolicy ? throughKeyPolicy(evaluated, keyPolicy, request, opts) : evaluated;
  const either = combineAllows(identity, resource);
  if (!either.allowed && identity !== evaluated && evaluated.allowed) return { ...either, unknownPolicies, deniedByKeyPolicy: keyPolicy };
  if (!role.boundary) return { ...either, unknownPolicies };
  const boundary = evaluate([role.boundary], request, opts);
  const assumptions = [...either.assumptions, ...boundary.assumptions];
  if (!either.allowed) return { ...either, assumptions, unknownPolicies };
  if (boundary.allowed) return { ...either, assumptions, unknownPolicies };
  return { allowed: false, effect: boundary.effect, decidedBy: boundary.decidedBy, matched: boundary.matched, assumptions, unknownPolicies, deniedByBoundary: true };
}

/**
 * An identity Allow on a KMS key counts only where the key policy delegates the request to the
 * account's IAM policies (an Allow to the account root whose action and conditions cover it).
 */
function throughKeyPolicy(identity: Decision<IdentityPolicy>, keyPolicy: ResourcePolicy, request: AccessRequest, opts: { unknown?: UnknownMode }): Decision<IdentityPolicy> {
  if (!identity.allowed) return identity;
  const delegated = evaluate([{ ...keyPolicy, statements: keyPolicy.delegation ?? [] }], request, opts);
  if (delegated.allowed) return { ...identity, assumptions: [...identity.assumptions, ...delegated.assumptions] };
  return { allowed: false, effect: 'implicit-deny', matched: [], assumptions: [...identity.assumptions, ...delegated.assumptions] };
}

/** Identity OR resource policy: every Allow that grants it is named, so each can be reported. */
function combineAllows(identity: Decision<IdentityPolicy>, resource: Decision<IdentityPolicy> | undefined): Decision<IdentityPolicy> {
  if (!resource) return identity;
  const assumptions = [...identity.assumptions, ...resource.assumptions];
  if (!identity.allowed && !resource.allowed) return { ...identity, assumptions };
  const matched = [...(identity.allowed ? identity.matched : []), ...(resource.allowed ? resource.matched : [])];
  return { allowed: true, effect: 'allow', decidedBy: matched[0], matched, assumptions };
}

/**
 * What every request a role makes is known to carry: the role as principal, over TLS, in the
 * stack's account and region. Other keys stay unknown (see evaluate.ts).
 */
export function roleRequestContext(model: StackModel, role: RoleView): RequestContext {
  return {
    'aws:PrincipalArn': role.arn,
    'aws:PrincipalAccount': model.env.account,
    'aws:PrincipalType': 'AssumedRole',
    'aws:RequestedRegion': model.env.region,
    'aws:SecureTransport': true,
  };
}
