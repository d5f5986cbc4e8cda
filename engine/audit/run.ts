// Runs the whole check library on an audited app: every check ALL_CHECKS holds when this runs,
// each applicable one with the parameters the app implies (profiles.ts), on every condition
// scenario of the app, merged as a lab's are (engine/checking/scenarios.ts). A check with
// nothing to judge, or whose parameters the app cannot imply, is a skip that says why — never a
// silent omission.
import { ALL_CHECKS } from '../../checks';
import { runCheck } from '../checking/run-checks';
import { mergeScenarioResults } from '../checking/scenarios';
import type { CheckDefinition, CheckResult, LabCheckRef } from '../types';
import type { LoadedApp } from './load';
import { PROFILES, type AuditContext, type AuditProfile } from './profiles';

export type Plan = { ref: LabCheckRef } | { skip: string };

/** What to do with one check on this app: run it with these parameters, or skip it and why. */
export function planCheck(check: CheckDefinition<any>, ctx: AuditContext, profile: AuditProfile | undefined = PROFILES[check.id]): Plan {
  try {
    const absent = profile?.notApplicable?.(ctx);
    if (absent) return { skip: `not applicable: ${absent}` };
    if (profile?.params) {
      const inferred = profile.params(ctx);
      return 'skip' in inferred ? { skip: `not judged in an audit: ${inferred.skip}` } : { ref: { id: check.id, params: inferred.params } };
    }
  } catch {
    // A profile that cannot read this app leaves the decision to the check, which reports its own error.
    return { ref: { id: check.id } };
  }
  if (check.params) {
    try {
      check.params({});
    } catch (e) {
      return { skip: `not judged in an audit: it needs parameters a lab gives (${firstLine(e)})` };
    }
  }
  return { ref: { id: check.id } };
}

export async function auditChecks(app: LoadedApp, checks: readonly CheckDefinition<any>[] = ALL_CHECKS): Promise<CheckResult[]> {
  // Which checks apply is decided on the first scenario: the app's resources, not its branches.
  const ctx: AuditContext = { model: app.scenarios[0].model, assemblyDir: app.assemblyDir, workspaceDir: app.workspaceDir };
  const plans = checks.map((check) => ({ check, plan: planCheck(check, ctx) }));
  const runs = [];
  for (const { scenario, model } of app.scenarios) {
    const results: CheckResult[] = [];
    const base = { template: scenario.template, model, assemblyDir: app.assemblyDir, workspaceDir: app.workspaceDir };
    for (const { check, plan } of plans) if ('ref' in plan) results.push(await runCheck(check, base, plan.ref.params));
    runs.push({ scenario, results });
  }
  const byId = new Map(mergeScenarioResults(runs).map((r) => [r.id, r]));
  return plans.map(({ check, plan }) =>
    'ref' in plan
      ? byId.get(check.id)!
      : { id: check.id, title: check.title, severity: check.severity, status: 'skip' as const, findings: [{ message: plan.skip }], durationMs: 0 },
  );
}

const firstLine = (e: unknown) => (e instanceof Error ? e.message : String(e)).split('\n')[0];
