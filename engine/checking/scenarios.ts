// When a template's conditions cannot all be decided offline, the checks run once per condition
// scenario (engine/model/conditions.ts). The learner must see one verdict per check, and a
// problem that exists only under some assumption must say which.
import type { ConditionScenario } from '../model/conditions';
import type { CheckResult, CheckStatus, Finding } from '../types';

interface ScenarioRun {
  scenario: ConditionScenario;
  results: CheckResult[];
}

/** Merges the results of the same checks run once per scenario into one result per check:
 *  fail if any scenario fails (findings annotated with the assumption, e.g. "(if condition UseNat is false)"),
 *  error if any errors and none fails, pass only if every scenario passes, skip only if every scenario skips
 *  (a mix of pass and skip is pass). Findings identical across scenarios are listed once.
 *
 *  The findings of a merged result come from the scenarios that have its status only (a failure
 *  shows the failing scenarios' findings, not another scenario's crash). A finding found in every
 *  scenario is not annotated; one found in some is annotated with what those scenarios assume.
 *  Checks keep the order of the first run; durationMs is the total over the runs. */
export function mergeScenarioResults(runs: ScenarioRun[]): CheckResult[] {
  if (runs.length === 1) return runs[0].results;
  const perCheck = new Map<string, { scenario: ConditionScenario; result: CheckResult }[]>();
  for (const { scenario, results } of runs) {
    for (const result of results) {
      const list = perCheck.get(result.id) ?? [];
      list.push({ scenario, result });
      perCheck.set(result.id, list);
    }
  }
  return [...perCheck.values()].map(mergeOneCheck);
}

function mergeOneCheck(outcomes: { scenario: ConditionScenario; result: CheckResult }[]): CheckResult {
  const status = mergedStatus(outcomes.map((o) => o.result.status));
  const first = outcomes[0].result;
  const durationMs = Math.round(outcomes.reduce((sum, o) => sum + o.result.durationMs, 0) * 10) / 10;
  const findings = status === 'pass' ? [] : mergedFindings(outcomes.filter((o) => o.result.status === status), outcomes.map((o) => o.scenario));
  return { id: first.id, title: first.title, severity: first.severity, status, findings, durationMs };
}

export function mergedStatus(statuses: CheckStatus[]): CheckStatus {
  if (statuses.includes('fail')) return 'fail';
  if (statuses.includes('error')) return 'error';
  if (statuses.length > 0 && statuses.every((s) => s === 'skip')) return 'skip';
  return 'pass';
}

/** Each distinct finding once, in first-seen order, annotated unless every scenario has it. */
function mergedFindings(outcomes: { scenario: ConditionScenario; result: CheckResult }[], allScenarios: ConditionScenario[]): Finding[] {
  const byIdentity = new Map<string, { finding: Finding; scenarios: ConditionScenario[] }>();
  for (const { scenario, result } of outcomes) {
    for (const finding of result.findings) {
      const key = findingIdentity(finding);
      const entry = byIdentity.get(key) ?? { finding, scenarios: [] };
      if (!entry.scenarios.includes(scenario)) entry.scenarios.push(scenario);
      byIdentity.set(key, entry);
    }
  }
  return [...byIdentity.values()].map(({ finding, scenarios }) => {
    const when = whenClause(scenarios, allScenarios);
    return when ? { ...finding, message: `${finding.message} (${when})` } : finding;
  });
}

function findingIdentity(f: Finding): string {
  return JSON.stringify([f.message, f.logicalId, f.constructPath, f.location?.file, f.location?.line, f.location?.column, f.hint]);
}

type Assumption = ConditionScenario['assumptions'][number];

const describeAssumption = (a: Assumption) => `condition ${a.condition} is ${a.value}`;
const sameAssumption = (a: Assumption, b: Assumption) => a.condition === b.condition && a.value === b.value;

/**
 * Under which assumptions a finding holds, in words; '' when it holds in every scenario.
 * Prefers the shortest true statement: the assumptions its scenarios share, when exactly the
 * scenarios sharing them have it ("if condition UseNat is false"); otherwise each scenario's
 * assumptions in turn ("if condition A is true and condition B is false, or if ...").
 */
export function whenClause(withFinding: ConditionScenario[], allScenarios: ConditionScenario[]): string {
  if (allScenarios.every((s) => withFinding.includes(s))) return '';
  const shared = withFinding[0].assumptions.filter((a) => withFinding.every((s) => s.assumptions.some((b) => sameAssumption(a, b))));
  const sharing = allScenarios.filter((s) => shared.every((a) => s.assumptions.some((b) => sameAssumption(a, b))));
  if (shared.length > 0 && sharing.every((s) => withFinding.includes(s))) {
    return `if ${shared.map(describeAssumption).join(' and ')}`;
  }
  return withFinding.map((s) => `if ${s.assumptions.map(describeAssumption).join(' and ')}`).join(', or ');
}
