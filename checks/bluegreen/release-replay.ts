import { simulate } from '../../engine/faults/simulate';
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
  offline({ model, params }) {
    const topo = serviceToReplay(model, params);
    if ('skip' in topo) return { status: 'skip', reason: topo.skip };
    const run = (scenario: Parameters<typeof simulate>[1]['scenario'], hypothesis: string) =>
      simulate(topo, { scenario, startsAtSecond: params.startsAtSecond, load: params.load, hypothesis });
    const good = run({ kind: 'release' }, `a good release of ${topo.name} loses no request`);
    const bad = run({ kind: 'bad-release', failure: 'requests' }, `a release of ${topo.name} that fails its requests is rolled back before production traffic reaches it`);
    return outcomeOf(model, topo, bad, [...goodProblems(good, params), ...badProblems(bad, params)]);
  },
});

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
