// `lab check --target aws`: after the offline checks, each check that has a `live(ctx)` judges the
// deployed resources too, and the two verdicts become one — the worse of the two, the report
// saying which side judged (`judgedBy`) and what the live side found (`live`). A live check that
// throws (an SDK error once the retries are spent) is `error` for itself alone; the run goes on.
import { runCheck } from '../../checking/run-checks';
import { checkById } from '../../checking/registry';
import type { StackModel } from '../../model/model';
import type { CfnTemplate, CheckDefinition, CheckResult, CheckStatus, Finding, LabCheckRef, LiveVerdict } from '../../types';
import type { AwsClients } from '../clients';
import type { DeployedStack } from './stack';

/** Judged on the aws target whether or not the lab lists it: an account that drifted from the code is never "passed". */
export const ACCOUNT_CHECKS = ['app.no-drift'];
/** Marks a live finding among the offline ones in the merged `findings`. */
export const LIVE_PREFIX = 'live: ';

export interface LiveBase {
  clients: AwsClients;
  stack: DeployedStack;
  model: StackModel;
  template: CfnTemplate;
  sleep: (ms: number) => Promise<void>;
}

export const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The offline results, each joined with its live verdict; then the account checks the lab does not list. */
export async function judgeLive(refs: LabCheckRef[], offline: CheckResult[], base: LiveBase): Promise<CheckResult[]> {
  const out: CheckResult[] = [];
  for (const result of offline) {
    const check = checkById(result.id);
    const ref = refs.find((r) => r.id === result.id);
    out.push(check?.live ? combine(result, await runLive(check, base, ref?.params ?? {})) : { ...result, judgedBy: 'offline' });
  }
  for (const id of ACCOUNT_CHECKS) {
    if (out.some((r) => r.id === id)) continue;
    const check = checkById(id)!;
    const off = await runCheck(check, { template: base.template, model: base.model });
    out.push(combine(off, await runLive(check, base, {})));
  }
  return out;
}

export async function runLive(check: CheckDefinition<any>, base: LiveBase, rawParams: Record<string, unknown>): Promise<LiveVerdict> {
  const started = performance.now();
  const verdict = (status: CheckStatus, findings: Finding[]): LiveVerdict => ({ status, findings, durationMs: Math.round((performance.now() - started) * 10) / 10 });
  try {
    const params = check.params ? check.params(rawParams) : rawParams;
    const outcome = await check.live!({
      clients: base.clients,
      stackName: base.stack.name,
      region: base.stack.region,
      account: base.stack.account,
      resources: base.stack.resources,
      model: base.model,
      template: base.template,
      params,
      sleep: base.sleep,
    });
    if (outcome.status === 'pass') return verdict('pass', []);
    if (outcome.status === 'skip') return verdict('skip', [{ message: outcome.reason }]);
    if (outcome.findings.length === 0) return verdict('error', [{ message: `live check ${check.id} failed without saying why (a bug in the check)` }]);
    return verdict('fail', outcome.findings);
  } catch (e) {
    const err = e as Error & { name?: string };
    const name = err?.name && err.name !== 'Error' ? `${err.name}: ` : '';
    return verdict('error', [{ message: `live check ${check.id} could not read the account: ${name}${err?.message ?? String(e)}` }]);
  }
}

/**
 * One verdict from two: a side that skipped leaves the other to judge; otherwise fail beats
 * error beats pass. The merged findings are those of the sides that have the merged status.
 */
export function combine(offline: CheckResult, live: LiveVerdict): CheckResult {
  const base = { ...offline, live };
  const marked = live.findings.map((f) => ({ ...f, message: `${LIVE_PREFIX}${f.message}` }));
  if (live.status === 'skip') return { ...base, judgedBy: offline.status === 'skip' ? 'both' : 'offline' };
  if (offline.status === 'skip') return { ...base, status: live.status, findings: marked, judgedBy: 'live' };
  const status = worse(offline.status, live.status);
  const findings = [...(offline.status === status ? offline.findings : []), ...(live.status === status ? marked : [])];
  return { ...base, status, findings, judgedBy: 'both' };
}

const RANK: Record<CheckStatus, number> = { fail: 3, error: 2, pass: 1, skip: 0 };

function worse(a: CheckStatus, b: CheckStatus): CheckStatus {
  return RANK[a] >= RANK[b] ? a : b;
}
