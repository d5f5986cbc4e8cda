// Identity-policy evaluation as AWS does it: an explicit Deny wins, then an Allow, else the request
// is implicitly denied. It returns the statement that decided, so a finding can name it.
//
// Offline some statements cannot be decided: a condition key the simulation does not supply, an
// operator this evaluator does not support, a policy variable, a resource CloudFormation could not resolve.
// The caller picks which way such a statement goes, and every such guess is listed in
// `assumptions` so a message can say so:
//   'permissive' — "could this ever be allowed?": an undecidable Allow applies, an undecidable
//                  Deny does not. Use it to prove a role CANNOT do something.
//   'strict'     — "is this surely allowed?": the reverse. Use it to prove a role CAN.
import { evaluateConditions, substituteVariables, type RequestContext, type Tri } from './conditions';
import type { EvaluablePolicy, Statement } from './policy';
import { UNRESOLVED_PREFIX } from '../resolve';
import { anyActionMatches, arnMatches } from './wildcard';

export type UnknownMode = 'permissive' | 'strict';

export interface AccessRequest {
  /** `service:Action`, e.g. `s3:GetObject`. */
  action: string;
  /** The ARN acted on, or `*` for actions that take no resource. */
  resource: string;
  context?: RequestContext;
  /** The context lists every key the request carries: a missing key is absent, not unknown. */
  contextComplete?: boolean;
}

export interface MatchedStatement<P extends EvaluablePolicy = EvaluablePolicy> {
  policy: P;
  index: number;
  statement: Statement;
}

export interface Assumption<P extends EvaluablePolicy = EvaluablePolicy> extends MatchedStatement<P> {
  reasons: string[];
  /** Which way the evaluator took the undecidable statement. */
  assumed: 'applies' | 'does not apply';
}

export interface Decision<P extends EvaluablePolicy = EvaluablePolicy> {
  allowed: boolean;
  effect: 'allow' | 'explicit-deny' | 'implicit-deny';
  /** The Deny that matched, or the first Allow that matched; none for an implicit deny. */
  decidedBy?: MatchedStatement<P>;
  /**
   * Every statement with the deciding effect that applied: all the Allows that would each grant
   * the request on their own (so a message can name every one to remove), or all the Denies.
   */
  matched: MatchedStatement<P>[];
  assumptions: Assumption<P>[];
}

interface Applies {
  result: Tri;
  reasons: string[];
}

function actionApplies(st: Statement, action: string): boolean {
  if (st.actions) return anyActionMatches(st.actions, action);
  if (st.notActions) return !anyActionMatches(st.notActions, action);
  return false;
}

function resourcePatternMatches(pattern: string, resource: string, context: RequestContext, complete: boolean): Applies {
  if (pattern.includes(UNRESOLVED_PREFIX)) return { result: 'unknown', reasons: [`resource ${pattern} could not be resolved offline`] };
  if (!pattern.includes('${')) return { result: arnMatches(pattern, resource), reasons: [] };
  const substituted = substituteVariables(pattern, context, complete);
  if (substituted !== undefined) return { result: arnMatches(substituted, resource), reasons: [] };
  // A variable we cannot fill in: it can only match where the pattern with `*` in its place does.
  const widest = pattern.replace(/\$\{[^}]+\}/g, '*');
  return arnMatches(widest, resource)
    ? { result: 'unknown', reasons: [`the policy variable in ${pattern} is not part of the simulated request`] }
    : { result: false, reasons: [] };
}

function resourceApplies(st: Statement, resource: string, context: RequestContext, complete: boolean): Applies {
  const patterns = st.resources ?? st.notResources;
  if (!patterns) return { result: false, reasons: [] };
  const each = patterns.map((p) => resourcePatternMatches(p, resource, context, complete));
  const anyTrue = each.some((e) => e.result === true);
  const unknown = each.filter((e) => e.result === 'unknown');
  const reasons = unknown.flatMap((e) => e.reasons);
  if (st.resources) return anyTrue ? { result: true, reasons: [] } : unknown.length ? { result: 'unknown', reasons } : { result: false, reasons: [] };
  return anyTrue ? { result: false, reasons: [] } : unknown.length ? { result: 'unknown', reasons } : { result: true, reasons: [] };
}

/** Does one statement apply to the request (whatever its effect)? */
export function statementApplies(st: Statement, req: AccessRequest): Applies {
  if (!actionApplies(st, req.action)) return { result: false, reasons: [] };
  const context = req.context ?? {};
  const res = resourceApplies(st, req.resource, context, req.contextComplete ?? false);
  if (res.result === false) return res;
  const cond = evaluateConditions(st.conditions, context, req.contextComplete ?? false);
  if (cond.result === false) return { result: false, reasons: [] };
  const reasons = [...res.reasons, ...cond.unknown.map((u) => u.reason)];
  return { result: res.result === true && cond.result === true ? true : 'unknown', reasons };
}

type Undecided<P extends EvaluablePolicy> = MatchedStatement<P> & { reasons: string[] };

export function evaluate<P extends EvaluablePolicy>(
  policies: readonly P[],
  request: AccessRequest,
  opts: { unknown?: UnknownMode } = {},
): Decision<P> {
  const mode = opts.unknown ?? 'permissive';
  const sure = { Allow: [] as MatchedStatement<P>[], Deny: [] as MatchedStatement<P>[] };
  const unsure = { Allow: [] as Undecided<P>[], Deny: [] as Undecided<P>[] };
  for (const policy of policies) {
    policy.statements.forEach((statement, index) => {
      const a = statementApplies(statement, request);
      if (a.result === true) sure[statement.effect].push({ policy, index, statement });
      else if (a.result === 'unknown') unsure[statement.effect].push({ policy, index, statement, reasons: a.reasons });
    });
  }
  const assume = (list: Undecided<P>[], assumed: Assumption<P>['assumed']): Assumption<P>[] => list.map((m) => ({ ...m, assumed }));
  const strip = (list: Undecided<P>[]): MatchedStatement<P>[] => list.map(({ policy, index, statement }) => ({ policy, index, statement }));

  if (sure.Deny.length) return { allowed: false, effect: 'explicit-deny', decidedBy: sure.Deny[0], matched: sure.Deny, assumptions: [] };
  if (mode === 'strict' && unsure.Deny.length) {
    const matched = strip(unsure.Deny);
    return { allowed: false, effect: 'explicit-deny', decidedBy: matched[0], matched, assumptions: assume(unsure.Deny, 'applies') };
  }
  const deniesSetAside = assume(unsure.Deny, 'does not apply');
  if (mode === 'permissive' && (sure.Allow.length || unsure.Allow.length)) {
    const matched = [...sure.Allow, ...strip(unsure.Allow)];
    return { allowed: true, effect: 'allow', decidedBy: matched[0], matched, assumptions: [...deniesSetAside, ...assume(unsure.Allow, 'applies')] };
  }
  if (sure.Allow.length) return { allowed: true, effect: 'allow', decidedBy: sure.Allow[0], matched: sure.Allow, assumptions: deniesSetAside };
  return { allowed: false, effect: 'implicit-deny', matched: [], assumptions: [...deniesSetAside, ...assume(unsure.Allow, 'does not apply')] };
}
