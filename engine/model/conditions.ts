// CloudFormation Conditions, evaluated offline, so grading judges what would be deployed: a
// resource whose Condition is false does not exist, and of an Fn::If only the chosen branch does.
//
// Most conditions are decided by parameter defaults and the synthetic environment (CDK's
// CDKMetadataAvailable is an Fn::Or over AWS::Region). Some cannot be decided offline (a parameter
// without default, an import). For those we do not guess: we enumerate scenarios, one deployed
// template per combination of the undecidable *root* conditions, and the checks run once per
// scenario (see engine/checking/scenarios.ts for how the results are merged).
//
// Roots: an undecided condition is a root when its own expression holds something undecidable
// (an Fn::Equals on a parameter without default, a reference to a missing condition) or when a
// reference cycle re-enters it. Every other undecided condition follows from the roots (say
// `Fn::Not: [{Condition: UseNat}]`), so it is computed per scenario, never assumed.
//
// How many scenarios: with n roots, every one of the 2^n combinations while 2^n <= maxScenarios
// (default 16). Beyond that, a covering set of n + 2: all roots true, all roots false, and each
// root false alone with all the others true. That set gives every root each value at least once
// and shows each root's effect on its own; it can exceed maxScenarios (it never drops a root).
// Scenarios that come out identical (a root that a false dependency decides anyway) are merged.

import type { CfnResource, CfnTemplate } from '../types';
import { evaluateConditionSection, hasOwnUnknownLeaf, type OperandEvaluator, type Tri } from './condition-logic';
import { DEFAULT_ENV, Resolver, type SyntheticEnv } from './resolve';

export interface ConditionScenario {
  /** The template as deployed under these assumptions: Conditions evaluated, resources/outputs whose
   *  Condition is false removed, every Fn::If replaced by its chosen branch (AWS::NoValue stays as
   *  {Ref:'AWS::NoValue'}), the `Condition` keys of kept resources removed, `Conditions` emptied. */
  template: CfnTemplate;
  /** Conditions whose value could not be known offline, with the value this scenario assumes. [] when none. */
  assumptions: { condition: string; value: boolean }[];
}

export const DEFAULT_MAX_SCENARIOS = 16;

export function conditionScenarios(
  template: CfnTemplate,
  env: SyntheticEnv = DEFAULT_ENV,
  opts: { maxScenarios?: number } = {},
): ConditionScenario[] {
  const conditions = template.Conditions ?? {};
  if (Object.keys(conditions).length === 0) return [{ template, assumptions: [] }];

  const resolver = new Resolver(template, env);
  const operand: OperandEvaluator = (raw) => resolver.conditionOperand(raw);
  const offline = evaluateConditionSection(conditions, operand);
  const roots = rootConditions(conditions, offline.values, offline.cycleEntries, operand);

  const scenarios: ConditionScenario[] = [];
  const seen = new Set<string>();
  for (const assignment of rootAssignments(roots, opts.maxScenarios ?? DEFAULT_MAX_SCENARIOS)) {
    const { values } = evaluateConditionSection(conditions, operand, assignment);
    const key = JSON.stringify([...values]);
    if (seen.has(key)) continue;
    seen.add(key);
    const assumptions = assumptionsUsed(roots, assignment, values, conditions, operand);
    scenarios.push({ template: deployedTemplate(template, values), assumptions });
  }
  return scenarios;
}

/** Undecided conditions that the others follow from (see the header). In template order. */
export function rootConditions(
  conditions: Record<string, unknown>,
  values: ReadonlyMap<string, Tri>,
  cycleEntries: ReadonlySet<string>,
  operand: OperandEvaluator,
): string[] {
  return Object.keys(conditions).filter(
    (name) => values.get(name) === 'unknown' && (cycleEntries.has(name) || hasOwnUnknownLeaf(conditions[name], conditions, operand)),
  );
}

/**
 * The assignments of true/false to the roots to try, deterministically ordered, all-true first.
 * Every combination while there are at most `maxScenarios`, else the covering set of the header.
 */
export function rootAssignments(roots: string[], maxScenarios: number): Map<string, boolean>[] {
  const assign = (valueOf: (i: number) => boolean) => new Map(roots.map((name, i) => [name, valueOf(i)]));
  if (roots.length === 0) return [new Map()];
  if (roots.length < 31 && 2 ** roots.length <= maxScenarios) {
    // Counting down from all ones: bit (n-1-i) of `combo` is root i, so the first root varies slowest.
    const combos = Array.from({ length: 2 ** roots.length }, (_, k) => 2 ** roots.length - 1 - k);
    return combos.map((combo) => assign((i) => ((combo >> (roots.length - 1 - i)) & 1) === 1));
  }
  return [assign(() => true), assign(() => false), ...roots.map((_, flipped) => assign((i) => i !== flipped))];
}

/**
 * The roots whose value in this scenario really is an assumption: a root that the other
 * assumptions decide anyway (`And(UseNat, <unknown>)` when UseNat is assumed false) is not one.
 */
function assumptionsUsed(
  roots: string[],
  assignment: ReadonlyMap<string, boolean>,
  values: ReadonlyMap<string, Tri>,
  conditions: Record<string, unknown>,
  operand: OperandEvaluator,
): ConditionScenario['assumptions'] {
  const openWithoutItsAssumption = (root: string) => {
    const others = new Map([...assignment].filter(([name]) => name !== root));
    return evaluateConditionSection(conditions, operand, others).values.get(root) === 'unknown';
  };
  return roots.filter(openWithoutItsAssumption).map((root) => ({ condition: root, value: values.get(root) === true }));
}

// ------------------------------------------------------------------ the deployed template

/**
 * The template as deployed when the conditions have these values. A condition left unknown (only
 * when it does not exist: a dangling reference) keeps its resources and its Fn::If untouched,
 * which the Resolver then reports as unresolved rather than guessing.
 */
export function deployedTemplate(template: CfnTemplate, values: ReadonlyMap<string, Tri>): CfnTemplate {
  const isFalse = (condition: unknown) => typeof condition === 'string' && values.get(condition) === false;
  const isDecided = (condition: unknown) => typeof condition === 'string' && typeof values.get(condition) === 'boolean';

  const resources: Record<string, CfnResource> = {};
  const dropped = new Set<string>();
  for (const [id, resource] of Object.entries(template.Resources ?? {})) {
    if (isFalse(resource.Condition)) dropped.add(id);
  }
  for (const [id, resource] of Object.entries(template.Resources ?? {})) {
    if (dropped.has(id)) continue;
    const { Condition: condition, DependsOn: dependsOn, ...rest } = resource;
    const kept = chooseBranches(rest, values) as CfnResource;
    if (!isDecided(condition) && condition !== undefined) kept.Condition = condition;
    const remaining = withoutDropped(dependsOn, dropped);
    if (remaining !== undefined) kept.DependsOn = remaining;
    resources[id] = kept;
  }

  const out: CfnTemplate = {};
  for (const [section, body] of Object.entries(template)) {
    if (section === 'Resources') out.Resources = resources;
    else if (section === 'Conditions') out.Conditions = {};
    else if (section === 'Outputs') out.Outputs = deployedOutputs(body as Record<string, unknown>, values, isFalse, isDecided);
    else out[section] = chooseBranches(body, values);
  }
  return out;
}

function deployedOutputs(
  outputs: Record<string, unknown>,
  values: ReadonlyMap<string, Tri>,
  isFalse: (c: unknown) => boolean,
  isDecided: (c: unknown) => boolean,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, output] of Object.entries(outputs ?? {})) {
    const { Condition: condition, ...rest } = (output ?? {}) as Record<string, unknown>;
    if (isFalse(condition)) continue;
    const kept = chooseBranches(rest, values) as Record<string, unknown>;
    if (!isDecided(condition) && condition !== undefined) kept.Condition = condition;
    out[name] = kept;
  }
  return out;
}

/** DependsOn without the dropped resources; undefined when nothing is left. */
function withoutDropped(dependsOn: CfnResource['DependsOn'], dropped: ReadonlySet<string>): CfnResource['DependsOn'] {
  if (dependsOn === undefined) return undefined;
  if (typeof dependsOn === 'string') return dropped.has(dependsOn) ? undefined : dependsOn;
  const left = dependsOn.filter((d) => !dropped.has(d));
  return left.length ? left : undefined;
}

/** A deep copy with every decided Fn::If replaced by its chosen branch (itself rewritten). */
export function chooseBranches(value: unknown, values: ReadonlyMap<string, Tri>): unknown {
  if (Array.isArray(value)) return value.map((v) => chooseBranches(v, values));
  if (value === null || typeof value !== 'object') return value;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj);
  if (keys.length === 1 && keys[0] === 'Fn::If' && Array.isArray(obj['Fn::If']) && obj['Fn::If'].length === 3) {
    const [name, whenTrue, whenFalse] = obj['Fn::If'] as [unknown, unknown, unknown];
    const decided = typeof name === 'string' ? values.get(name) : undefined;
    if (decided === true) return chooseBranches(whenTrue, values);
    if (decided === false) return chooseBranches(whenFalse, values);
  }
  return Object.fromEntries(keys.map((k) => [k, chooseBranches(obj[k], values)]));
}
