// Runs a lab's checks on the whole app. Where the app's Conditions can be decided offline there is
// one deployed template; where one depends on something unknown (a parameter without a default,
// an import), every branch is judged and a check fails when it fails in any of them.
import { mergeScenarioResults } from './scenarios';
import { runChecks } from './run-checks';
import type { ConditionScenario } from '../model/conditions';
import type { StackModel } from '../model/model';
import type { CheckResult, LabCheckRef } from '../types';

export interface JudgedApp {
  scenarios: { scenario: ConditionScenario; model: StackModel }[];
  assemblyDir?: string;
  workspaceDir?: string;
}

export async function runChecksOnApp(refs: LabCheckRef[], app: JudgedApp): Promise<CheckResult[]> {
  const runs = [];
  for (const { scenario, model } of app.scenarios) {
    const results = await runChecks(refs, { template: scenario.template, model, assemblyDir: app.assemblyDir, workspaceDir: app.workspaceDir });
    runs.push({ scenario, results });
  }
  return mergeScenarioResults(runs);
}
