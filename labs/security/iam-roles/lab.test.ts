// What this lab promises beyond the shared contract (labs/contract.test.ts, which synthesizes
// the default break): the second break, for an instructor's second round, fails exactly the
// checks it names (and the lab's task checks, which the starter fails before any break).
import { expect, it } from 'vitest';
import { runVariant } from '../../../engine/testing/lab-harness';
import lab from './lab';

it('break support-access fails exactly the checks it names', async () => {
  const brk = lab.breaks.find((b) => b.id === 'support-access')!;
  expect(brk.kind).toBe('code');
  const run = await runVariant(lab, 'starter', brk.id);
  const failing = run.results.filter((r) => r.status !== 'pass').map((r) => `${r.id}:${r.status}`).sort();
  expect(failing).toEqual([...new Set([...brk.breaks, ...(lab.taskChecks ?? [])])].map((id) => `${id}:fail`).sort());
}, 120_000);
