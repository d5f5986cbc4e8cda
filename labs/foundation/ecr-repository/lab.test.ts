// What this lab promises beyond the shared contract (labs/contract.test.ts, which runs the default
// break): each of the other two breaks fails exactly its own checks (plus the task), and the
// platform finding points at the bake file's target line.
import { describe, expect, it } from 'vitest';
import { runVariant } from '../../../engine/testing/lab-harness';
import lab from './lab';

const failing = (results: { id: string; status: string }[]) => results.filter((r) => r.status !== 'pass').map((r) => `${r.id}:${r.status}`).sort();

describe('lab foundation/ecr-repository', () => {
  it.each(['graviton-amd64-build', 'age-based-cleanup'])('break %s fails exactly its checks and the task', async (id) => {
    const brk = lab.breaks.find((b) => b.id === id)!;
    const run = await runVariant(lab, 'starter', id);
    expect(failing(run.results)).toEqual([...brk.breaks, ...lab.taskChecks!].map((c) => `${c}:fail`).sort());
    if (id === 'graviton-amd64-build') {
      const messages = run.results.find((r) => r.id === 'ecr.image-platforms-match-runtime')!.findings.map((f) => f.message);
      expect(messages).toEqual([expect.stringMatching(/runs on ARM64, but docker-bake\.hcl:6 builds only linux\/amd64/)]);
    }
  }, 120_000);
});
