// Condition blocks, evaluated against the context keys a simulated request carries.
//
// Offline we never see a real request, so a key the simulation does not supply is *unknown*, not
// absent: the answer is 'unknown' rather than AWS's "absent key" rule, unless the caller says
// its context is complete. Operators this file does not implement (Numeric*, Date*, IpAddress,
// Binary*) are 'unknown' too. The evaluator decides which way an unknown goes (see evaluate.ts).
import { arnMatches, globMatch, literalText, LITERAL_QUESTION, LITERAL_STAR } from './wildcard';
import type { ConditionClause } from './policy';

export type Tri = boolean | 'unknown';
export type ContextValue = string | boolean | number | readonly (string | boolean | number)[];
export type RequestContext = Record<string, ContextValue>;

export interface UnknownCondition {
  clause: ConditionClause;
  reason: string;
}

export interface ConditionOutcome {
  result: Tri;
  unknown: UnknownCondition[];
}

type Compare = (policyValue: string, requestValue: string) => boolean;

const BASE_OPERATORS: Record<string, { compare: Compare; negated: boolean }> = {
  // Exact operators take `${*}` as the asterisk it stands for (see literalText).
  StringEquals: { compare: (p, v) => literalText(p) === v, negated: false },
  StringNotEquals: { compare: (p, v) => literalText(p) === v, negated: true },
  StringEqualsIgnoreCase: { compare: (p, v) => literalText(p).toLowerCase() === v.toLowerCase(), negated: false },
  StringNotEqualsIgnoreCase: { compare: (p, v) => literalText(p).toLowerCase() === v.toLowerCase(), negated: true },
  StringLike: { compare: (p, v) => globMatch(p, v), negated: false },
  StringNotLike: { compare: (p, v) => globMatch(p, v), negated: true },
  ArnEquals: { compare: arnMatches, negated: false },
  ArnLike: { compare: arnMatches, negated: false },
  ArnNotEquals: { compare: arnMatches, negated: true },
  ArnNotLike: { compare: arnMatches, negated: true },
  Bool: { compare: (p, v) => p.toLowerCase() === v.toLowerCase(), negated: false },
};

interface ParsedOperator {
  set?: 'ForAnyValue' | 'ForAllValues';
  base: string;
  ifExists: boolean;
}

export function parseOperator(operator: string): ParsedOperator {
  const m = /^(?:(ForAnyValue|ForAllValues):)?(.+?)(IfExists)?$/.exec(operator)!;
  return { set: m[1] as ParsedOperator['set'], base: m[2], ifExists: !!m[3] };
}

function lookup(context: RequestContext, key: string): string[] | undefined {
  const wanted = key.toLowerCase();
  for (const [k, v] of Object.entries(context)) {
    if (k.toLowerCase() === wanted) return (Array.isArray(v) ? v : [v]).map(String);
  }
  return undefined;
}

/** `${*}`, `${?}`, `${$}`: the characters themselves, never wildcards (IAM user guide, policy variables). */
const SPECIAL: Record<string, string> = { '*': LITERAL_STAR, '?': LITERAL_QUESTION, '$': '$' };

/** `aws:PrincipalTag/team, 'x'` → the key and its default value (`x`), as IAM writes defaults. */
export function parseVariable(inner: string): { key: string; fallback?: string } {
  const m = /^\s*([^,]+?)\s*,\s*'([^']*)'\s*$/.exec(inner);
  return m ? { key: m[1], fallback: m[2] } : { key: inner.trim() };
}

/**
 * Replaces `${aws:username}`-style variables from the context; undefined when one is missing. A
 * variable with a default (`${aws:PrincipalTag/team, 'none'}`) takes it when the key is absent,
 * which offline is known only when the context is complete.
 */
export function substituteVariables(text: string, context: RequestContext, complete = false): string | undefined {
  let missing = false;
  const out = text.replace(/\$\{([^}]+)\}/g, (_m, inner: string) => {
    if (inner in SPECIAL) return SPECIAL[inner];
    const { key, fallback } = parseVariable(inner);
    const v = lookup(context, key);
    if (v && v.length === 1) return v[0];
    if (!v && complete && fallback !== undefined) return fallback;
    missing = true;
    return '';
  });
  return missing ? undefined : out;
}

export function evaluateClause(clause: ConditionClause, context: RequestContext, complete: boolean): ConditionOutcome {
  const unknown = (reason: string): ConditionOutcome => ({ result: 'unknown', unknown: [{ clause, reason }] });
  const known = (result: boolean): ConditionOutcome => ({ result, unknown: [] });
  const op = parseOperator(clause.operator);
  const present = lookup(context, clause.key);

  if (op.base === 'Null') {
    if (!present && !complete) return unknown(`${clause.key} is not part of the simulated request`);
    const wantsAbsent = clause.values.some((v) => v.toLowerCase() === 'true');
    return known(wantsAbsent === !present);
  }
  const base = BASE_OPERATORS[op.base];
  if (!base) return unknown(`the ${clause.operator} operator is not evaluated offline`);

  if (!present) {
    if (!complete) return unknown(`${clause.key} is not part of the simulated request`);
    // AWS: IfExists and ForAllValues hold when the key is absent, ForAnyValue does not, and a
    // negated operator (StringNotEquals…) holds because nothing matches.
    if (op.ifExists || op.set === 'ForAllValues') return known(true);
    if (op.set === 'ForAnyValue') return known(false);
    return known(base.negated);
  }
  const policyValues: string[] = [];
  for (const v of clause.values) {
    const s = substituteVariables(v, context, complete);
    if (s === undefined) return unknown(`the policy variable in ${JSON.stringify(v)} is not part of the simulated request`);
    policyValues.push(s);
  }
  const matches = (value: string) => policyValues.some((p) => base.compare(p, value));
  const hit = (value: string) => (base.negated ? !matches(value) : matches(value));
  if (op.set === 'ForAllValues') return known(present.every(hit));
  if (op.set === 'ForAnyValue') return known(present.some(hit));
  return known(base.negated ? !present.some(matches) : present.some(matches));
}

/** Every clause must hold: one false makes it false; otherwise any unknown makes it unknown. */
export function evaluateConditions(clauses: ConditionClause[], context: RequestContext = {}, complete = false): ConditionOutcome {
  const outcomes = clauses.map((c) => evaluateClause(c, context, complete));
  if (outcomes.some((o) => o.result === false)) return { result: false, unknown: [] };
  const unknown = outcomes.flatMap((o) => o.unknown);
  return { result: unknown.length ? 'unknown' : true, unknown };
}
