// Requests that cross an account boundary, evaluated as AWS does (IAM user guide, "Cross-account
// policy evaluation logic"): the principal's account must allow the request through the
// principal's identity policies (capped by its permissions boundary) AND the resource's account
// must allow it through the resource's own policy — a role's trust policy for sts:AssumeRole, a
// repository policy, a CloudWatch OAM sink policy. An explicit Deny in any of them wins. Within one
// account either side is enough (same-account logic), so the same inputs decide both cases.
//
// The stack model gives every resource one synthetic account (resolve.ts). An app whose stacks
// live in different accounts says which account each stack is in; `inAccount` rewrites a policy
// read from a stack so that the synthetic account stands for that stack's own account (a Ref or
// GetAtt inside a stack always points into the same stack; references to another account are
// literal ARNs, as CDK requires across environments).
import { evaluate, type AccessRequest, type Decision, type UnknownMode } from './evaluate';
import type { RequestContext } from './conditions';
import type { EvaluablePolicy, Principals, Statement } from './policy';

export interface Principal {
  /** The role's ARN (`arn:aws:iam::111111111111:role/pipeline`). */
  arn: string;
  account: string;
}

export interface CrossAccountRequest {
  principal: Principal;
  /** The principal's identity policies, in the principal's account. */
  identity: readonly EvaluablePolicy[];
  /** The principal's permissions boundary, when it has one. */
  boundary?: EvaluablePolicy;
  /** The account that owns the resource. */
  resourceAccount: string;
  /** The resource's own policies (their statements carry a Principal). */
  resourcePolicies: readonly EvaluablePolicy[];
  request: AccessRequest;
}

export type Side = 'identity' | 'boundary' | 'resource';

export interface CrossAccountDecision {
  allowed: boolean;
  crossAccount: boolean;
  /** Which policy refused it, when refused: an explicit Deny or the side that did not allow. */
  deniedBy?: Side;
  explicitDeny: boolean;
  identity: Decision;
  resource: Decision;
}

/** The context a principal's request always carries (the caller adds org id, external id, …). */
export function principalContext(p: Principal, extra: RequestContext = {}): RequestContext {
  return { 'aws:PrincipalArn': p.arn, 'aws:PrincipalAccount': p.account, 'aws:PrincipalType': 'AssumedRole', ...extra };
}

const rootOf = (arn: string): string | undefined => /^arn:[^:]+:iam::(\d{12}):/.exec(arn)?.[1];

/**
 * Does a Principal block name this principal? `*` names everyone; a role ARN names that role; an
 * account id or `arn:…:iam::<id>:root` names every principal of that account. `byAccount` says the
 * match was through the account: in an Allow that only delegates to the account's own IAM policies.
 */
export function namesPrincipal(principals: Principals, p: Principal): { named: boolean; byAccount: boolean } {
  const aws = [...(principals['*'] ?? []), ...(principals.AWS ?? [])];
  if (aws.includes('*')) return { named: true, byAccount: false };
  if (aws.includes(p.arn)) return { named: true, byAccount: false };
  const account = aws.some((v) => v === p.account || (v.endsWith(':root') && rootOf(v) === p.account));
  return { named: account, byAccount: account };
}

/**
 * The statements of resource policies that reach this principal, the Principal taken out (it is
 * decided here) and a missing Resource read as the resource itself (trust and repository policies
 * have none). In the resource's own account an Allow that names only the account delegates and
 * grants nothing by itself, so it is dropped there.
 */
export function statementsFor(policies: readonly EvaluablePolicy[], p: Principal, resourceAccount: string): EvaluablePolicy[] {
  return policies.map((policy) => ({
    name: policy.name,
    statements: policy.statements.flatMap((st): Statement[] => {
      let reaches: boolean;
      if (st.principals) {
        const n = namesPrincipal(st.principals, p);
        reaches = n.named && !(n.byAccount && st.effect === 'Allow' && p.account === resourceAccount);
      } else if (st.notPrincipals) {
        reaches = !namesPrincipal(st.notPrincipals, p).named;
      } else {
        reaches = false; // a resource policy statement without a principal is invalid; AWS rejects it
      }
      if (!reaches) return [];
      const resources = st.resources || st.notResources ? {} : { resources: ['*'] };
      return [{ ...st, principals: undefined, notPrincipals: undefined, ...resources }];
    }),
  }));
}

export function evaluateCrossAccount(req: CrossAccountRequest, opts: { unknown?: UnknownMode } = {}): CrossAccountDecision {
  const crossAccount = req.principal.account !== req.resourceAccount;
  const identity = evaluate(req.identity, req.request, opts);
  const boundary = req.boundary ? evaluate([req.boundary], req.request, opts) : undefined;
  const resource = evaluate(statementsFor(req.resourcePolicies, req.principal, req.resourceAccount), req.request, opts);
  const base = { crossAccount, identity, resource };
  if (identity.effect === 'explicit-deny') return { ...base, allowed: false, deniedBy: 'identity', explicitDeny: true };
  if (boundary?.effect === 'explicit-deny') return { ...base, allowed: false, deniedBy: 'boundary', explicitDeny: true };
  if (resource.effect === 'explicit-deny') return { ...base, allowed: false, deniedBy: 'resource', explicitDeny: true };
  const boundaryAllows = !boundary || boundary.allowed;
  if (crossAccount) {
    // Both accounts must say yes.
    const deniedBy: Side | undefined = !identity.allowed ? 'identity' : !boundaryAllows ? 'boundary' : !resource.allowed ? 'resource' : undefined;
    return { ...base, allowed: deniedBy === undefined, deniedBy, explicitDeny: false };
  }
  // One account: identity OR resource policy, and the boundary caps both (the resource policies
  // here name the role's ARN, which the boundary caps; see roles.ts `simulate`).
  if (!identity.allowed && !resource.allowed) return { ...base, allowed: false, deniedBy: 'identity', explicitDeny: false };
  if (!boundaryAllows) return { ...base, allowed: false, deniedBy: 'boundary', explicitDeny: false };
  return { ...base, allowed: true, explicitDeny: false };
}

/** A copy of the value with every occurrence of the synthetic account replaced by `account`. */
export function inAccount<T>(value: T, syntheticAccount: string, account: string): T {
  if (syntheticAccount === account) return value;
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return v.split(syntheticAccount).join(account);
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  return walk(value) as T;
}
