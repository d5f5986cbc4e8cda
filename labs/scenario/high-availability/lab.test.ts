// What this scenario promises beyond the shared contract (labs/contract.test.ts): each of its fault
// breaks can be predicted on the starter (the experiment is there and runnable) and shows damage;
// and the replays, not only the configuration checks, decide: CDK's default target group health
// check fails the zone outage, one task per zone is not statically stable, and four fixed tasks
// survive the faults but not the evening rush.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runChecksOnApp } from '../../../engine/checking/run-on-app';
import { predictFault } from '../../../engine/faults/predict';
import { WorkspaceSynthesizer } from '../../../engine/synth';
import { layOutVariant, runVariant } from '../../../engine/testing/lab-harness';
import lab from './lab';

const statuses = (results: { id: string; status: string }[]) => results.filter((r) => r.status !== 'pass').map((r) => `${r.id}:${r.status}`).sort();

/** The solution with edits (each `find` must occur once), synthesized and checked like a learner's workspace. */
async function solutionWith(...edits: [find: string | RegExp, replace: string][]) {
  const dir = layOutVariant(lab, 'solution');
  const file = join(dir, lab.entry);
  let text = readFileSync(file, 'utf8');
  for (const [find, replace] of edits) {
    const count = typeof find === 'string' ? text.split(find).length - 1 : (text.match(new RegExp(find.source, 'g')) ?? []).length;
    expect(count, String(find)).toBe(1);
    text = text.replace(find, replace);
  }
  writeFileSync(file, text);
  const synth = await new WorkspaceSynthesizer(dir, lab.entry, lab.stackName).run();
  return runChecksOnApp(lab.checks, { scenarios: synth.scenarios, assemblyDir: synth.assemblyDir, workspaceDir: dir }).finally(() => synth.dispose());
}

describe('lab scenario/high-availability', () => {
  it('every fault break is predicted on the starter: experiment runnable, the only task lost, errors shown', async () => {
    // runVariant disposes the synthesized files itself; the model stays readable.
    const run = await runVariant(lab, 'starter');
    expect(lab.breaks.map((b) => b.id)).toEqual(['zone-outage', 'task-loss']);
    for (const brk of lab.breaks) {
      const prediction = predictFault(run.synth.model, brk.fault!);
      if ('reason' in prediction) throw new Error(`${brk.id}: ${prediction.reason}`);
      // One task: the outage or the stop takes all of it, so every request fails for a while.
      expect(prediction.replay.worstErrorRate, brk.id).toBe(1);
    }
  }, 120_000);

  it("CDK's default target group health check (2 × 30 s) fails the zone outage, and only it", async () => {
    const results = await solutionWith(["      healthCheck: { path: '/', interval: Duration.seconds(10), timeout: Duration.seconds(5), healthyThresholdCount: 2, unhealthyThresholdCount: 2 },\n", '']);
    expect(statuses(results)).toEqual(['resilience.survives-az-outage:fail']);
    const finding = results.find((r) => r.id === 'resilience.survives-az-outage')!.findings[0];
    expect(finding.message).toMatch(/errors lasted until 60 s after the fault; the lab allows 30 s/);
  }, 120_000);

  it('one task per zone is not statically stable: the zone outage, the task loss and the rush all fail', async () => {
    const results = await solutionWith(['desiredCount: 4,', 'desiredCount: 2,'], ['minCapacity: 4,', 'minCapacity: 2,']);
    expect(statuses(results)).toEqual(['resilience.absorbs-load-spike:fail', 'resilience.survives-az-outage:fail', 'resilience.survives-task-loss:fail']);
  }, 120_000);

  it('four fixed tasks survive the faults but not the evening rush', async () => {
    const results = await solutionWith([/    const scaling = service\.autoScaleTaskCount\([\s\S]*?\n    \}\);\n    \/\/ CPU covers[\s\S]*?\n    \}\);\n/, '']);
    expect(statuses(results)).toEqual(['resilience.absorbs-load-spike:fail', 'scaling.target-tracking:fail']);
  }, 120_000);
});
