// What this lab promises beyond the shared contract (labs/contract.test.ts), which runs only the
// default break: each other break, applied to the starter, fails exactly the checks it names.
// Two extra variants, the CI budget for a lab's own test.
import { describe, expect, it } from 'vitest';
import { runVariant } from '../../../engine/testing/lab-harness';
import lab from './lab';

const others = lab.breaks.filter((b) => b.id !== lab.defaultBreak && b.kind === 'code');

describe('lab infrastructure/network-acls', () => {
  it.each(others.map((b) => [b.id, b] as const))('break %s fails exactly the checks it names', async (_id, brk) => {
    const run = await runVariant(lab, 'starter', brk.id);
    expect(run.results.filter((r) => r.status !== 'pass').map((r) => `${r.id}:${r.status}`).sort()).toEqual(brk.breaks.map((id) => `${id}:fail`).sort());
  }, 120_000);
});
