// Three-valued evaluation of a template's `Conditions` section (Fn::Equals, Fn::Not, Fn::And,
// Fn::Or, Condition). Pure: how an Fn::Equals operand becomes a value is the caller's business
// (the Resolver knows parameters, pseudo parameters and mappings), so both the Resolver and
// conditionScenarios share this one implementation without importing each other.
//
// Offline, some conditions cannot be known (a parameter without default, an import): they are
// 'unknown', and the logic stays honest about it: And is false as soon as one operand is false,
// Or true as soon as one is true, whatever the unknown ones turn out to be.

export type Tri = boolean | 'unknown';

/** An Fn::Equals operand: its value when it can be known offline. */
export type OperandValue = { known: true; value: unknown } | { known: false };

export type OperandEvaluator = (raw: unknown) => OperandValue;

export interface ConditionValues {
  /** Every condition of the section, in template order. */
  values: Map<string, Tri>;
  /** Conditions at which a reference cycle was found (evaluation re-entered them). */
  cycleEntries: Set<string>;
}

const CONDITION_FUNCTIONS = new Set(['Fn::Equals', 'Fn::Not', 'Fn::And', 'Fn::Or', 'Condition']);

/** The one condition function an object stands for, or undefined when it is not one. */
function conditionFunction(expr: unknown): { fn: string; arg: unknown } | undefined {
  if (expr === null || typeof expr !== 'object' || Array.isArray(expr)) return undefined;
  const keys = Object.keys(expr);
  if (keys.length !== 1 || !CONDITION_FUNCTIONS.has(keys[0])) return undefined;
  return { fn: keys[0], arg: (expr as Record<string, unknown>)[keys[0]] };
}

export function not(v: Tri): Tri {
  return v === 'unknown' ? 'unknown' : !v;
}

export function and(values: Tri[]): Tri {
  if (values.includes(false)) return false;
  return values.includes('unknown') ? 'unknown' : true;
}

export function or(values: Tri[]): Tri {
  if (values.includes(true)) return true;
  return values.includes('unknown') ? 'unknown' : false;
}

/**
 * Fn::Equals compares what CloudFormation compares: strings. A parameter default of 2 equals "2";
 * lists (a Fn::Split, a CommaDelimitedList) compare element by element.
 */
export function sameValue(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => sameValue(x, b[i]));
  if (Array.isArray(a) || Array.isArray(b)) return false;
  if ((a !== null && typeof a === 'object') || (b !== null && typeof b === 'object')) return JSON.stringify(a) === JSON.stringify(b);
  return String(a) === String(b);
}

/**
 * Evaluates one condition expression. `conditionRef` answers `{Condition: name}`. Every operand
 * is evaluated (no short-circuit) so the order in which conditions are visited, and therefore
 * where a cycle is cut, does not depend on the values.
 */
export function evaluateExpression(expr: unknown, conditionRef: (name: string) => Tri, operand: OperandEvaluator): Tri {
  // After conditionScenarios (or in a hand-written template) a condition may be a plain boolean.
  if (typeof expr === 'boolean') return expr;
  const call = conditionFunction(expr);
  if (!call) return 'unknown';
  const operands = Array.isArray(call.arg) ? call.arg : [call.arg];
  const sub = (e: unknown) => evaluateExpression(e, conditionRef, operand);
  switch (call.fn) {
    case 'Condition':
      return typeof call.arg === 'string' ? conditionRef(call.arg) : 'unknown';
    case 'Fn::Not':
      return operands.length === 1 ? not(sub(operands[0])) : 'unknown';
    case 'Fn::And':
      return operands.length > 0 ? and(operands.map(sub)) : 'unknown';
    case 'Fn::Or':
      return operands.length > 0 ? or(operands.map(sub)) : 'unknown';
    case 'Fn::Equals': {
      if (operands.length !== 2) return 'unknown';
      const [left, right] = operands.map(operand);
      if (!left.known || !right.known) return 'unknown';
      return sameValue(left.value, right.value);
    }
  }
  return 'unknown';
}

/**
 * Evaluates every condition of a `Conditions` section. A condition listed in `assumed` takes its
 * assumed value only where its own expression stays unknown, and answers with it when a cycle
 * comes back to it, which is what cuts the cycle. A reference to a missing condition is unknown.
 */
export function evaluateConditionSection(
  conditions: Record<string, unknown>,
  operand: OperandEvaluator,
  assumed: ReadonlyMap<string, boolean> = new Map(),
): ConditionValues {
  const values = new Map<string, Tri>();
  const visiting = new Set<string>();
  const cycleEntries = new Set<string>();

  const valueOf = (name: string): Tri => {
    const known = values.get(name);
    if (known !== undefined) return known;
    if (!Object.prototype.hasOwnProperty.call(conditions, name)) return 'unknown';
    if (visiting.has(name)) {
      cycleEntries.add(name);
      return assumed.get(name) ?? 'unknown';
    }
    visiting.add(name);
    let value = evaluateExpression(conditions[name], valueOf, operand);
    visiting.delete(name);
    if (value === 'unknown') value = assumed.get(name) ?? 'unknown';
    values.set(name, value);
    return value;
  };

  for (const name of Object.keys(conditions)) valueOf(name);
  return { values, cycleEntries };
}

/**
 * True when the expression's unknownness can come from something other than another existing
 * condition: an Fn::Equals with an operand not known offline, a reference to a condition that
 * does not exist, or something that is not a condition function at all. A condition without such
 * a leaf is derivable: fix the conditions it refers to and its value follows.
 */
export function hasOwnUnknownLeaf(expr: unknown, conditions: Record<string, unknown>, operand: OperandEvaluator): boolean {
  if (typeof expr === 'boolean') return false;
  const call = conditionFunction(expr);
  if (!call) return true;
  if (call.fn === 'Condition') return typeof call.arg !== 'string' || !Object.prototype.hasOwnProperty.call(conditions, call.arg);
  const operands = Array.isArray(call.arg) ? call.arg : [call.arg];
  if (call.fn === 'Fn::Equals') return operands.length !== 2 || operands.some((o) => !operand(o).known);
  return operands.length === 0 || operands.some((o) => hasOwnUnknownLeaf(o, conditions, operand));
}
