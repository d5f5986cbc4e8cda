// The contract test proves the default break; this proves the other two fail exactly what they
// claim (two extra synths, the most a lab's own test may add).
import { describe, expect, it } from 'vitest';
import { runVariant } from '../../../engine/testing/lab-harness';
import lab from './lab';

describe.each(['untagged', 'broad-grant'])('security/compliance-baseline break %s', (id) => {
  it('fails exactly the checks it names, besides the task', async () => {
    const brk = lab.breaks.find((b) => b.id === id)!;
    const run = await runVariant(lab, 'starter', id);
    const failing = run.results.filter((r) => r.status !== 'pass').map((r) => `${r.id}:${r.status}`).sort();
    expect(failing).toEqual([...new Set([...brk.breaks, ...(lab.taskChecks ?? [])])].map((c) => `${c}:fail`).sort());
  }, 120_000);
});
