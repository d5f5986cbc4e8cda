// The lab contract (docs/authoring-labs.md), proved for every lab in the catalogue:
// the starter with its default break fails exactly the checks the break and the task target,
// and the solution passes every check.
import { describe, expect, it } from 'vitest';
import { runVariant } from '../engine/testing/lab-harness';
import { LABS } from './index';

const only = process.env.LAB;
const labs = LABS.filter((l) => !only || l.id === only);

describe.each(labs.map((l) => [l.id, l] as const))('lab %s', (_id, lab) => {
  it('starter with its default break fails exactly the targeted checks', async () => {
    const brk = lab.breaks.find((b) => b.id === lab.defaultBreak);
    const run = await runVariant(lab, 'starter', lab.defaultBreak);
    const expected = new Set([...(brk?.breaks ?? []), ...(lab.taskChecks ?? [])]);
    const failing = run.results.filter((r) => r.status !== 'pass').map((r) => `${r.id}:${r.status}`).sort();
    expect(failing).toEqual([...expected].map((id) => `${id}:fail`).sort());
    for (const r of run.results.filter((x) => x.status === 'fail')) {
      for (const f of r.findings) expect(f.message.length).toBeGreaterThan(10);
    }
  }, 120_000);

  it('solution passes every check', async () => {
    const run = await runVariant(lab, 'solution');
    const notPassing = run.results.filter((r) => r.status !== 'pass');
    expect(notPassing.map((r) => ({ id: r.id, status: r.status, findings: r.findings.map((f) => f.message) }))).toEqual([]);
  }, 120_000);
});
