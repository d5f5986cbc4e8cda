// sts:AssumeRoleWithWebIdentity, simulated for GitHub Actions OIDC tokens: would STS hand this
// token a role's credentials? The role's trust policy decides: a statement must allow the action
// for the token's provider (`Principal.Federated`), and its conditions are read with the
// evaluator's condition engine against the token's claims as IAM exposes them —
// `token.actions.githubusercontent.com:aud` and `:sub` (IAM user guide, "Available keys for
// OIDC federation"; AWS does not support GitHub's custom claims, so nothing else is a token key).
import { evaluateClause, type RequestContext, type Tri } from './conditions';
import { statementLabel, type Statement } from './policy';
import { actionMatches, arnMatches } from './wildcard';
import type { UnknownMode } from './evaluate';

export const GITHUB_OIDC_HOST = 'token.actions.githubusercontent.com';
export const GITHUB_OIDC_URL = `https://${GITHUB_OIDC_HOST}`;
/** The audience aws-actions/configure-aws-credentials asks GitHub for (its README, "OIDC"). */
export const STS_AUDIENCE = 'sts.amazonaws.com';
const ACTION = 'sts:AssumeRoleWithWebIdentity';

/** A repository as its `sub` claim names it; the ids appear in the immutable subject form. */
export interface Repository {
  owner: string;
  name: string;
  ownerId?: number;
  repositoryId?: number;
}

/** What the workflow run was for: a branch or tag ref, a deployment environment, or a pull request. */
export type RunContext = { ref: string } | { environment: string } | { pullRequest: true };

/**
 * The default `sub` claim GitHub puts in a job's token (docs.github.com, OpenID Connect,
 * "Example subject claims"): `repo:owner/name:environment:prod` when the job has an environment,
 * `repo:owner/name:pull_request` for a pull request, else `repo:owner/name:ref:refs/heads/main`.
 * With immutable subject claims (repositories created or renamed from July 2026, or opted in)
 * each name carries its numeric id: `repo:owner@123/name@456:ref:refs/heads/main`.
 */
export function githubSubject(repo: Repository, run: RunContext, form: 'classic' | 'immutable' = 'classic'): string {
  const name =
    form === 'immutable'
      ? `${repo.owner}@${requireId(repo.ownerId, 'ownerId')}/${repo.name}@${requireId(repo.repositoryId, 'repositoryId')}`
      : `${repo.owner}/${repo.name}`;
  if ('environment' in run) return `repo:${name}:environment:${run.environment}`;
  if ('pullRequest' in run) return `repo:${name}:pull_request`;
  return `repo:${name}:ref:${run.ref}`;
}

function requireId(id: number | undefined, what: string): number {
  if (id === undefined) throw new Error(`the immutable subject form needs the repository's ${what}`);
  return id;
}

/** The claims of a token that IAM can see. */
export interface WebIdentityToken {
  sub: string;
  aud: string;
}

export interface WebIdentityDecision {
  allowed: boolean;
  /** The Allow statement that admitted the token, or the Deny that refused it. */
  decidedBy?: { index: number; statement: Statement; label: string };
  /** Conditions the simulation could not decide (another key, an unsupported operator), with the way they were taken. */
  assumptions: string[];
}

/**
 * Would STS let a token from `providerArn` with these claims assume a role with this trust policy?
 * An explicit Deny wins, then an Allow, else the implicit deny. The token's own keys are complete
 * (a key it does not carry is absent); any other key is unknown and goes the way `unknown` says:
 * 'permissive' asks "could it ever be admitted?", 'strict' "is it surely admitted?".
 */
export function assumeRoleWithWebIdentity(
  trust: readonly Statement[],
  providerArn: string,
  token: WebIdentityToken,
  opts: { unknown?: UnknownMode; host?: string } = {},
): WebIdentityDecision {
  const host = opts.host ?? GITHUB_OIDC_HOST;
  const mode = opts.unknown ?? 'permissive';
  const context: RequestContext = { [`${host}:sub`]: token.sub, [`${host}:aud`]: token.aud };
  const assumptions: string[] = [];
  const applying = { Allow: [] as number[], Deny: [] as number[] };
  trust.forEach((st, index) => {
    if (!actionApplies(st) || !federatedBy(st, providerArn)) return;
    const result = conditionsHold(st, context, host);
    let applies = result.result === true;
    if (result.result === 'unknown') {
      // Permissive: an unsure Allow applies and an unsure Deny does not; strict the reverse.
      applies = (st.effect === 'Allow') === (mode === 'permissive');
      assumptions.push(`${statementLabel(index, st)} ${applies ? 'taken to apply' : 'taken not to apply'}: ${result.reasons.join('; ')}`);
    }
    if (applies) applying[st.effect].push(index);
  });
  const pick = (index: number) => ({ index, statement: trust[index], label: statementLabel(index, trust[index]) });
  if (applying.Deny.length) return { allowed: false, decidedBy: pick(applying.Deny[0]), assumptions };
  if (applying.Allow.length) return { allowed: true, decidedBy: pick(applying.Allow[0]), assumptions };
  return { allowed: false, assumptions };
}

function actionApplies(st: Statement): boolean {
  if (st.actions) return st.actions.some((p) => actionMatches(p, ACTION));
  if (st.notActions) return !st.notActions.some((p) => actionMatches(p, ACTION));
  return false;
}

/** `Principal: { Federated: <provider ARN> }`; `Principal: "*"` admits any provider too. */
function federatedBy(st: Statement, providerArn: string): boolean {
  const p = st.principals;
  if (!p) return false;
  if ((p['*'] ?? []).includes('*') || (p.AWS ?? []).includes('*')) return true;
  return (p.Federated ?? []).some((f) => f === '*' || f === providerArn || arnMatches(f, providerArn));
}

function conditionsHold(st: Statement, context: RequestContext, host: string): { result: Tri; reasons: string[] } {
  const reasons: string[] = [];
  let unknown = false;
  for (const clause of st.conditions) {
    // The token's keys are all known: a claim it does not carry is absent (AWS's absent-key rules).
    const complete = clause.key.toLowerCase().startsWith(`${host}:`.toLowerCase());
    const outcome = evaluateClause(clause, context, complete);
    if (outcome.result === false) return { result: false, reasons: [] };
    if (outcome.result === 'unknown') {
      unknown = true;
      reasons.push(...outcome.unknown.map((u) => u.reason));
    }
  }
  return { result: unknown ? 'unknown' : true, reasons };
}
