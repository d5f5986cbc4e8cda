// What this lab promises beyond the shared contract (labs/contract.test.ts, which runs the default
// break): the other two breaks each fail exactly their checks (plus the task), and the plaintext
// break is caught in the template, not only in the container's environment.
import { describe, expect, it } from 'vitest';
import { runVariant } from '../../../engine/testing/lab-harness';
import lab from './lab';

const failing = (results: { id: string; status: string }[]) => results.filter((r) => r.status !== 'pass').map((r) => `${r.id}:${r.status}`).sort();

describe('lab security/secrets', () => {
  it.each(['plaintext-seed', 'execution-role-reads-all'])('break %s fails exactly its checks and the task', async (id) => {
    const brk = lab.breaks.find((b) => b.id === id)!;
    const run = await runVariant(lab, 'starter', id);
    expect(failing(run.results)).toEqual([...brk.breaks, ...lab.taskChecks!].map((c) => `${c}:fail`).sort());
    const messages = run.results.flatMap((r) => r.findings.map((f) => f.message));
    if (id === 'plaintext-seed') expect(messages).toContain('secret ApiKey is created with its value written in the template (SecretString)');
    else expect(messages).toEqual(expect.arrayContaining([expect.stringMatching(/^execution role ExecutionRole can read more than secret ApiKey \(injected as API_KEY\): also any other secret/)]));
  }, 120_000);
});
