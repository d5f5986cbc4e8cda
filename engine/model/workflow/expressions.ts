// `${{ … }}` expressions in workflow values. Offline nothing is evaluated: the checks only ask
// which contexts an expression reads (`secrets.AWS_SECRET_ACCESS_KEY`) and what an `if:` calls.

const EXPRESSION = /\$\{\{([\s\S]*?)\}\}/g;

/** The bodies of the `${{ }}` expressions in a value, trimmed. */
export function expressionsIn(text: string): string[] {
  return [...text.matchAll(EXPRESSION)].map((m) => m[1].trim());
}

/** `secrets.NAME` and `secrets['NAME']` references in a value. */
export function secretsIn(text: string): string[] {
  const out: string[] = [];
  for (const body of expressionsIn(text)) {
    for (const m of body.matchAll(/\bsecrets\s*(?:\.\s*([A-Za-z_][A-Za-z0-9_]*)|\[\s*'([^']+)'\s*\])/g)) out.push(m[1] ?? m[2]);
  }
  return out;
}

/**
 * The `if:` of a step or job as an expression body: GitHub evaluates `if:` as an expression
 * with or without `${{ }}` around it (workflow syntax, jobs.<id>.if).
 */
export function conditionBody(condition: string): string {
  const bodies = expressionsIn(condition);
  return bodies.length === 1 && condition.trim().startsWith('${{') && condition.trim().endsWith('}}') ? bodies[0] : condition.trim();
}

/**
 * Does this `if:` run on failure? `failure()` (or `always()`/`!cancelled()`, which include it)
 * anywhere in a condition that is not negated. A heuristic over the text: offline nothing runs.
 */
export function runsOnFailure(condition: string | undefined): boolean {
  if (!condition) return false;
  const body = conditionBody(condition);
  return /(^|[^!\w])\s*failure\(\s*\)/.test(body) || /(^|[^!\w])\s*always\(\s*\)/.test(body) || /!\s*cancelled\(\s*\)/.test(body);
}
