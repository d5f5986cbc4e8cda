import { describe, expect, it } from 'vitest';
import type { LoadProfile } from '../../engine/faults/types';
import { absorbsLoadSpike } from './absorbs-load-spike';
import { checkService, steadyLoad } from './test-helpers';

// 2 tasks × 50 rps. 40 rps until 60, then 160 rps for the rest of 600 s (see engine/faults/simulate.test.ts).
const spike: LoadProfile = { phases: [{ atSecond: 0, rps: 40 }, { atSecond: 60, rps: 160 }], cpuMsPerRequest: 20, durationSeconds: 600 };
const cpuPolicy = (max: number) => ({ min: 2, max, policies: [{ metric: 'ECSServiceAverageCPUUtilization', target: 50 }] });

describe('resilience.absorbs-load-spike', () => {
  it('Compliance 1: 4 tasks from the start carry 160 rps', async () => {
    const r = await checkService(absorbsLoadSpike, { desired: 4 }, { load: spike, startsAtSecond: 60 });
    expect(r.status).toBe('pass');
    expect(r.replay?.availability).toBe(1);
  });

  it('Compliance 2: target tracking absorbs it within the lab\'s looser limits', async () => {
    // Scale-out at 240, new tasks serve at 320: availability 1 − 52 × 60 / 17 760 = 82.43 %, recovery 260 s.
    const r = await checkService(absorbsLoadSpike, { scaling: cpuPolicy(6) }, { load: spike, startsAtSecond: 60, minAvailability: 0.8, maxRecoverySeconds: 300 });
    expect(r.status).toBe('pass');
    expect(r.replay?.recoverySeconds).toBe(260);
  });

  it('Noncompliance 1: no auto scaling: errors never stop', async () => {
    const r = await checkService(absorbsLoadSpike, {}, { load: spike, startsAtSecond: 60, maxRecoverySeconds: 300 });
    expect(r.findings.map((f) => f.message)).toEqual([
      'at 160 rps against 2 tasks serving about 50 rps each, requests failed for 540 s: 63.51 % of requests served; the lab asks for at least 99.9 %; errors never stopped before the replay ended',
    ]);
    expect(r.findings[0].hint).toMatch(/^Nothing scales the service/);
  });

  it('Noncompliance 2: a maxCapacity below what the spike needs', async () => {
    const r = await checkService(absorbsLoadSpike, { scaling: cpuPolicy(3) }, { load: spike, startsAtSecond: 60 });
    expect(r.findings[0].hint).toBe('The spike needs about 4 tasks of 50 rps but maxCapacity is 3: raise it (or give each task more CPU).');
  });

  it('Noncompliance 3: scaling that arrives too late for a 99.9 % bar', async () => {
    const r = await checkService(absorbsLoadSpike, { scaling: cpuPolicy(6) }, { load: spike, startsAtSecond: 60 });
    expect(r.status).toBe('fail');
    expect(r.findings[0].hint).toMatch(/^Scaling reached 6 tasks but too late/);
  });

  it('Noncompliance 4: target tracking on memory does not follow the load', async () => {
    const r = await checkService(absorbsLoadSpike, { scaling: { min: 2, max: 6, policies: [{ metric: 'ECSServiceAverageMemoryUtilization', target: 60 }] } }, { load: spike, startsAtSecond: 60 });
    expect(r.findings[0].hint).toBe('Its target tracking follows ECSServiceAverageMemoryUtilization, which this load does not move: track CPU (scaleOnCpuUtilization) or requests per target (scaleOnRequestCount).');
  });

  it('CPU stress rides along: 60 % on both tasks leaves 40 rps of capacity for 60 rps', async () => {
    const r = await checkService(absorbsLoadSpike, {}, { load: steadyLoad(60), stress: { percent: 60, durationSeconds: 60 } });
    expect(r.findings[0].message).toMatch(/^at 60 rps against 2 tasks serving about 50 rps each \(with 60 % CPU stress\), requests failed for 60 s/);
    expect(r.replay?.recoverySeconds).toBe(60);
  });

  it('params: stress is validated', async () => {
    const r = await checkService(absorbsLoadSpike, {}, { load: spike, stress: { percent: 150, durationSeconds: 60 } });
    expect(r.status).toBe('error');
    expect(r.findings[0].message).toMatch(/stress must be/);
  });
});
