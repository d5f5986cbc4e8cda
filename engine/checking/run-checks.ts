// Runs a lab's checks against one synthesized stack. Each check is isolated: one that throws
// (or is missing, or gets bad parameters) yields `error` for itself alone and the run goes on.
import { isLabError } from '../errors';
import type { CheckDefinition, CheckResult, LabCheckRef, OfflineCheckContext } from '../types';
import { checkById } from './registry';

export type BaseContext = Omit<OfflineCheckContext, 'params'>;

export async function runCheck(check: CheckDefinition<any>, base: BaseContext, rawParams: Record<string, unknown> = {}): Promise<CheckResult> {
  const started = performance.now();
  const result = (status: CheckResult['status'], findings: CheckResult['findings'], replay?: CheckResult['replay']): CheckResult => ({
    id: check.id,
    title: check.title,
    severity: check.severity,
    status,
    findings,
    durationMs: Math.round((performance.now() - started) * 10) / 10,
    ...(replay ? { replay } : {}),
  });
  try {
    const params = check.params ? check.params(rawParams) : rawParams;
    const outcome = await check.offline({ ...base, params });
    if (outcome.status === 'pass') return result('pass', [], outcome.replay);
    if (outcome.status === 'skip') return result('skip', [{ message: outcome.reason }]);
    if (outcome.findings.length === 0) {
      // A failure must say what is wrong; an empty one is a bug in the check.
      return result('error', [{ message: `check ${check.id} failed without saying why (a bug in the check)` }]);
    }
    return result('fail', outcome.findings, outcome.replay);
  } catch (e) {
    // A workflow file GitHub would reject is the learner's input error (exit 2, file:line), not a check crash.
    if (isLabError(e) && e.code === 'E_WORKFLOW') throw e;
    const message = e instanceof Error ? e.message : String(e);
    return result('error', [{ message: `check ${check.id} crashed: ${message}` }]);
  }
}

export async function runChecks(refs: LabCheckRef[], base: BaseContext): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  for (const ref of refs) {
    const check = checkById(ref.id);
    if (!check) {
      results.push({ id: ref.id, title: ref.id, severity: 'high', status: 'error', durationMs: 0, findings: [{ message: `no check with id ${ref.id} (a bug in the lab)` }] });
      continue;
    }
    results.push(await runCheck(check, base, ref.params));
  }
  return results;
}
