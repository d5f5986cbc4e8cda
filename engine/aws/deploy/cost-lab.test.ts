// The cost estimate of a real lab's synthesized solution: the numbers the learner sees first.
import { describe, expect, it } from 'vitest';
import { requireLab } from '../../catalogue/catalogue';
import { runVariant } from '../../testing/lab-harness';
import { estimateCost } from './cost';

describe('estimateCost on a real lab', () => {
  it('infrastructure/security-groups: Fargate, an ALB and a NAT gateway, priced per hour and month', async () => {
    const run = await runVariant(requireLab('infrastructure/security-groups'), 'solution');
    const est = estimateCost(run.synth.template);
    const kinds = est.lines.map((l) => l.what.split(' ')[0]);
    expect(kinds).toContain('Fargate');
    expect(kinds).toContain('Application');
    expect(kinds).toContain('NAT');
    expect(est.assumptions).toEqual([]);
    // A lab costs cents per hour, not dollars: a tenth of a cent or a dollar would be a pricing bug.
    expect(est.perHour).toBeGreaterThan(0.001);
    expect(est.perHour).toBeLessThan(1);
    expect(est.perMonth).toBeCloseTo(est.perHour * 730, 6);
  }, 120_000);
});
