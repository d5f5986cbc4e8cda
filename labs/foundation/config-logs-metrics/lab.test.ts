// What this lab promises beyond the shared contract (labs/contract.test.ts, which runs the default
// break): the other break fails exactly its checks (plus the task), and the default break's image
// finding points at the learner's Dockerfile line.
import { describe, expect, it } from 'vitest';
import { runVariant } from '../../../engine/testing/lab-harness';
import lab from './lab';

const failing = (results: { id: string; status: string }[]) => results.filter((r) => r.status !== 'pass').map((r) => `${r.id}:${r.status}`).sort();

describe('lab foundation/config-logs-metrics', () => {
  it('break cost-cutting fails exactly its checks and the task', async () => {
    const brk = lab.breaks.find((b) => b.id === 'cost-cutting')!;
    const run = await runVariant(lab, 'starter', brk.id);
    expect(failing(run.results)).toEqual([...brk.breaks, ...lab.taskChecks!].map((c) => `${c}:fail`).sort());
    const logs = run.results.find((r) => r.id === 'config.log-retention-encrypted')!;
    expect(logs.findings.map((f) => f.message)).toEqual(['log group AppLogs is not encrypted with a customer managed KMS key']);
  }, 120_000);

  it('the default break names the ENV line of app/Dockerfile and the plain variable', async () => {
    const run = await runVariant(lab, 'starter', lab.defaultBreak);
    const config = run.results.find((r) => r.id === 'config.values-from-references')!;
    const messages = config.findings.map((f) => f.message);
    expect(messages).toEqual(expect.arrayContaining([expect.stringMatching(/^app\/Dockerfile:\d+: ENV DB_HOST bakes an environment's value into the image$/), expect.stringMatching(/gets DB_HOST as a plain value written in the task definition/)]));
    expect(config.findings.find((f) => f.message.startsWith('app/Dockerfile'))!.location).toEqual({ file: 'app/Dockerfile', line: expect.any(Number), column: 1 });
  }, 120_000);
});
