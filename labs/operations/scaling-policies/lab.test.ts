// What this lab promises beyond the shared contract (labs/contract.test.ts): the replay, not only
// the configuration, decides. Raising the ceiling alone, or targets at the edge of the sane band,
// still fail the replay of Friday evening; a fixed task count fails the configuration check even
// though it survives; CPU alone survives but misses the request-count policy the lab asks for.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runChecksOnApp } from '../../../engine/checking/run-on-app';
import { WorkspaceSynthesizer } from '../../../engine/synth';
import { layOutVariant } from '../../../engine/testing/lab-harness';
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

const REQUEST_POLICY = /    scaling\.scaleOnRequestCount\('RequestScaling', \{[\s\S]*?\n    \}\);\n/;
const CPU_POLICY = /    scaling\.scaleOnCpuUtilization\('CpuScaling', \{[\s\S]*?\n    \}\);\n/;

describe('lab operations/scaling-policies', () => {
  it('raising only the ceiling is not enough: CPU at 90 % with a 600 s scale-out cooldown still fails the replay', async () => {
    const results = await solutionWith(
      [REQUEST_POLICY, ''],
      [CPU_POLICY, "    scaling.scaleOnCpuUtilization('CpuScaling', { targetUtilizationPercent: 90, scaleOutCooldown: Duration.seconds(600) });\n"],
    );
    expect(statuses(results)).toEqual(['resilience.absorbs-load-spike:fail', 'scaling.target-tracking:fail']);
    const replay = results.find((r) => r.id === 'resilience.absorbs-load-spike')!.replay!;
    expect(replay.availability).toBeLessThan(0.99);
  }, 180_000);

  it('targets at the edge of the sane band pass the configuration check but not the replay', async () => {
    const results = await solutionWith(['requestsPerTarget: 1500', 'requestsPerTarget: 2400'], ['targetUtilizationPercent: 50', 'targetUtilizationPercent: 75']);
    expect(statuses(results)).toEqual(['resilience.absorbs-load-spike:fail']);
  }, 120_000);

  it('a fixed task count big enough for the spike survives, but is not a scaling policy', async () => {
    const results = await solutionWith(
      [/    const scaling = service\.autoScaleTaskCount\([\s\S]*?\n  \}\n\}/, '  }\n}'],
      ['desiredCount: 2,', 'desiredCount: 12,'],
    );
    expect(statuses(results)).toEqual(['scaling.target-tracking:fail']);
  }, 120_000);

  it('CPU alone absorbs this spike, but the lab asks for the request-count policy too', async () => {
    const results = await solutionWith([REQUEST_POLICY, '']);
    expect(statuses(results)).toEqual(['scaling.target-tracking:fail']);
    expect(results.find((r) => r.id === 'scaling.target-tracking')!.findings.map((f) => f.message)).toEqual([
      'service Service/Service has no target tracking policy on ALBRequestCountPerTarget, which this lab asks for',
    ]);
  }, 120_000);
});
