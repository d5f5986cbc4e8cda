import { judgeHook } from '../../engine/faults/hooks/run-hook';
import { simulate } from '../../engine/faults/simulate';
import type { ServiceTopology } from '../../engine/faults/topology';
import type { StackModel } from '../../engine/model/model';
import type { FaultReplay } from '../../engine/faults/types';
import { defineCheck } from '../../engine/types';
import { outcomeOf, pct, serviceToReplay } from '../resilience/judge';
import { parseCommon, type ResilienceParams } from '../resilience/params';

const ID = 'bluegreen.release-replay';

/**
 * Replays two releases against the service (engine/faults, blue/green aware): a good one, which must
 * serve `minAvailability` of its requests (default 1: not one may fail) and finish shifting within the replay; and a bad one that
 * passes its health checks but fails every request, which must be rolled back before any production
 * traffic reaches it. The bad replay is the one shown.
 */
export const releaseReplay = defineCheck<ResilienceParams>({
  id: ID,
  title: 'A good release loses no request, and a bad one is rolled back before customers reach it',
  severity: 'high',
  why:
    'Zero downtime is two promises: a good release costs no request, and a bad one never reaches a customer. The replay ' +
    'rolls out both under the lab\'s load and follows every task, target group weight and lifecycle hook, so it shows ' +
    'which part of the deployment keeps each promise, or where it breaks.',
  refs: {
    wellArchitected: ['REL 8: How do you implement change?', 'OPS 6: How do you mitigate deployment risks?'],
    docs: ['https://docs.aws.amazon.com/AmazonECS/latest/developerguide/blue-green-deployment-how-it-works.html'],
  },
  params(raw) {
    if (raw.maxRecoverySeconds !== undefined) throw new Error(`${ID} does not take maxRecoverySeconds: a good release must have nothing to recover from, and a bad one must never reach customers`);
    // Zero downtime: by default a good release may lose no request at all.
    return parseCommon(ID, { minAvailability: 1, ...raw });
  },
  async offline({ model, params, assemblyDir }) {
    const picked = serviceToReplay(model, params);
    if ('skip' in picked) return { status: 'skip', reason: picked.skip };
    // The hooks that could stop the bad release are run offline: what they do decides, not a guess.
    const judged = await judgeTestingHooks(model, picked, assemblyDir);
    if ('skip' in judged) return { status: 'skip', reason: judged.skip };
    const topo = judged;
    const run = (scenario: Parameters<typeof simulate>[1]['scenario'], hypothesis: string) =>
      simulate(topo, { scenario, startsAtSecond: params.startsAtSecond, load: params.load, hypothesis });
    const good = run({ kind: 'release' }, `a good release of ${topo.name} loses no request`);
    const bad = run({ kind: 'bad-release', failure: 'requests' }, `a release of ${topo.name} that fails its requests is rolled back before production traffic reaches it`);
    return outcomeOf(model, topo, bad, [...goodProblems(good, params), ...badProblems(bad, params)]);
  },
});

/** Stages at which requests reach green, so a hook there can test the release. */
const TESTING_STAGES = ['TEST_TRAFFIC_SHIFT', 'POST_TEST_TRAFFIC_SHIFT', 'PRODUCTION_TRAFFIC_SHIFT', 'POST_PRODUCTION_TRAFFIC_SHIFT'];

/**
 * The topology with a verdict on each hook at a stage where requests reach green. When none of
 * them is shown to test the release and one cannot be run offline, the replay would rest on a
 * guess: the check says so (skip) and `lab check --target aws` judges the real deployment.
 */
async function judgeTestingHooks(model: StackModel, topo: ServiceTopology, assemblyDir?: string): Promise<ServiceTopology | { skip: string }> {
  const unknown: string[] = [];
  const hooks = await Promise.all(
    topo.deployment.lifecycleHooks.map(async (h) => {
      if (!h.stages.some((s) => TESTING_STAGES.includes(s))) return h;
      const verdict = await judgeHook(model, h.target, assemblyDir);
      if (verdict.kind === 'unknown') {
        unknown.push(`${h.stages.join(', ')} hook${h.target ? ` (${model.describe(h.target)})` : ''}: ${verdict.reason}`);
        return h;
      }
      return { ...h, verdict: verdict.kind };
    }),
  );
  if (unknown.length && !hooks.some((h) => h.verdict === 'tests')) {
    return { skip: `what stops a bad release cannot be told offline — ${unknown.join('; ')}. \`lab check --target aws\` judges the deployed service` };
  }
  return { ...topo, deployment: { ...topo.deployment, lifecycleHooks: hooks } };
}

function goodProblems(r: FaultReplay, params: ResilienceParams): { message: string; hint?: string }[] {
  const out: { message: string; hint?: string }[] = [];
  if (r.availability < params.minAvailability) {
    out.push({ message: `during a good release ${pct(1 - r.availability)} of requests failed (worst step ${pct(r.worstErrorRate)})`, hint: 'Keep the running revision serving until the new one is healthy: with blue/green, blue keeps all production traffic until green passes its checks.' });
  }
  if (r.deployment?.outcome !== 'completed') {
    out.push({ message: 'the good release did not finish shifting production traffic within the replay', hint: 'Shorten the canary or linear steps (or the hooks) so a release completes within the lab\'s window.' });
  }
  return out;
}

function badProblems(r: FaultReplay, params: ResilienceParams): { message: string; hint?: string }[] {
  const d = r.deployment!;
  if (d.productionShiftAtSecond !== undefined) {
    const after = d.productionShiftAtSecond - params.startsAtSecond;
    const end = d.outcome === 'rolled-back' ? `; it was rolled back at ${d.atSecond! - params.startsAtSecond} s, after customers had met it` : ' and it was never rolled back';
    return [{
      message: `a release that passes its health checks but fails every request reached production traffic ${after} s after it started${end}: ${pct(1 - r.availability)} of requests failed`,
      hint: 'Test green before the shift: a test listener rule on the alternate target group and a lifecycle hook at POST_TEST_TRAFFIC_SHIFT that calls it and returns FAILED.',
    }];
  }
  if (d.outcome !== 'rolled-back') {
    return [{ message: 'the bad release was neither rolled back nor shifted within the replay', hint: 'A hook at POST_TEST_TRAFFIC_SHIFT that tests green through the test listener rule ends a bad release early.' }];
  }
  return [];
}
