// Policy documents as the evaluator reads them: every statement normalised (single values become
// lists, conditions become one clause per operator and key), keeping the original for messages.

export type Effect = 'Allow' | 'Deny';

/** One `"Operator": { "key": values }` pair of a Condition block. */
export interface ConditionClause {
  operator: string;
  key: string;
  values: string[];
}

/** Principals of a trust-policy statement, by kind (`Service`, `AWS`, `Federated`, `*`). */
export type Principals = Record<string, string[]>;

export interface Statement {
  sid?: string;
  effect: Effect;
  actions?: string[];
  notActions?: string[];
  resources?: string[];
  notResources?: string[];
  conditions: ConditionClause[];
  principals?: Principals;
  notPrincipals?: Principals;
}

/** A policy the evaluator can read: a name for messages and its statements. */
export interface EvaluablePolicy {
  name: string;
  statements: Statement[];
}

export function asList(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  return (Array.isArray(value) ? value : [value]).map((v) => (typeof v === 'string' ? v : JSON.stringify(v)));
}

function principals(value: unknown): Principals | undefined {
  if (value === undefined) return undefined;
  // `"Principal": "*"` means everyone, the same as `{ "AWS": "*" }`.
  if (typeof value === 'string') return { '*': [value] };
  const out: Principals = {};
  for (const [kind, v] of Object.entries(value as Record<string, unknown>)) out[kind] = asList(v);
  return out;
}

function conditions(block: unknown): ConditionClause[] {
  if (!block || typeof block !== 'object') return [];
  const out: ConditionClause[] = [];
  for (const [operator, keys] of Object.entries(block as Record<string, unknown>)) {
    for (const [key, values] of Object.entries((keys ?? {}) as Record<string, unknown>)) {
      out.push({ operator, key, values: asList(values).map(String) });
    }
  }
  return out;
}

/**
 * IAM accepts exactly `Allow` or `Deny` (case-sensitive) and rejects the policy otherwise, so a
 * statement with any other Effect is never read as an Allow: it is an error the runner reports.
 */
export function effectOf(raw: Record<string, unknown>, index = 0): Effect {
  if (raw.Effect === 'Allow' || raw.Effect === 'Deny') return raw.Effect;
  const sid = typeof raw.Sid === 'string' ? ` (Sid ${raw.Sid})` : '';
  throw new Error(`policy statement #${index + 1}${sid} has Effect ${JSON.stringify(raw.Effect ?? null)}; IAM accepts only "Allow" or "Deny" and rejects the policy`);
}

export function parseStatement(raw: Record<string, unknown>, index = 0): Statement {
  const optional = (k: string) => (k in raw ? asList(raw[k]) : undefined);
  return {
    sid: typeof raw.Sid === 'string' ? raw.Sid : undefined,
    effect: effectOf(raw, index),
    actions: optional('Action'),
    notActions: optional('NotAction'),
    resources: optional('Resource'),
    notResources: optional('NotResource'),
    conditions: conditions(raw.Condition),
    principals: principals(raw.Principal),
    notPrincipals: principals(raw.NotPrincipal),
  };
}

/** The statements of a (resolved) policy document; tolerates a single statement object. */
export function parseDocument(doc: unknown): Statement[] {
  if (!doc || typeof doc !== 'object') return [];
  const raw = (doc as { Statement?: unknown }).Statement;
  const list = Array.isArray(raw) ? raw : raw ? [raw] : [];
  return list.filter((s): s is Record<string, unknown> => !!s && typeof s === 'object').map((s, i) => parseStatement(s, i));
}

/** `statement #2 (Sid ReadAssets)`: how findings name a statement. */
export function statementLabel(index: number, statement: Statement): string {
  return `statement #${index + 1}${statement.sid ? ` (Sid ${statement.sid})` : ''}`;
}
