// What this lab promises beyond the shared contract (labs/contract.test.ts): the break's findings
// name each copied alarm and dimension on its own line of stack.ts; a fix that builds the metric by
// hand from the constructs passes as well as the construct's metric method; deleting the alarms or
// encrypting with the AWS managed key does not pass.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runChecksOnApp } from '../../../engine/checking/run-on-app';
import { WorkspaceSynthesizer } from '../../../engine/synth';
import { layOutVariant, runVariant } from '../../../engine/testing/lab-harness';
import lab from './lab';

const statuses = (results: { id: string; status: string }[]) => results.filter((r) => r.status !== 'pass').map((r) => `${r.id}:${r.status}`).sort();

/** The solution with one edit (each `find` must occur once), synthesized and checked like a learner's workspace. */
async function solutionWith(edit: (text: string) => string) {
  const dir = layOutVariant(lab, 'solution');
  const file = join(dir, lab.entry);
  const before = readFileSync(file, 'utf8');
  const after = edit(before);
  expect(after).not.toBe(before);
  writeFileSync(file, after);
  const synth = await new WorkspaceSynthesizer(dir, lab.entry, lab.stackName).run();
  return runChecksOnApp(lab.checks, { scenarios: synth.scenarios, assemblyDir: synth.assemblyDir, workspaceDir: dir }).finally(() => synth.dispose());
}

function replaceOnce(text: string, find: string | RegExp, replace: string): string {
  const count = typeof find === 'string' ? text.split(find).length - 1 : (text.match(new RegExp(find.source, `${find.flags.replace('g', '')}g`)) ?? []).length;
  expect(count, String(find)).toBe(1);
  return text.replace(find, replace);
}

describe('lab operations/monitoring-alerts', () => {
  it('the break names every copied alarm and dimension, each on its own line of stack.ts', async () => {
    const run = await runVariant(lab, 'starter', lab.defaultBreak);
    const dims = run.results.find((r) => r.id === 'monitoring.alarm-dimensions-resolve')!;
    expect(dims.findings.map((f) => f.message)).toEqual([
      expect.stringMatching(/^alarm CpuHigh \(CPUUtilization\): ClusterName=prod is no cluster of this stack/),
      expect.stringMatching(/^alarm MemoryHigh \(MemoryUtilization\): ClusterName=prod is no cluster/),
      expect.stringMatching(/^alarm MemoryHigh \(MemoryUtilization\): ServiceName=orders-api is no service/),
      expect.stringMatching(/^alarm Target5xx \(HTTPCode_Target_5XX_Count\): LoadBalancer=app\/prod-public\/8f3c2a1b9d4e5f60 is no Application Load Balancer/),
      expect.stringMatching(/^alarm UnhealthyTargets \(UnHealthyHostCount\): TargetGroup=targetgroup\/orders-api\/4d2e6f8a1c3b5d70 is no target group/),
    ]);
    const lines = new Set(dims.findings.map((f) => `${f.location?.file}:${f.location?.line}`));
    expect(lines.size).toBe(4); // one line per alarm
    for (const l of lines) expect(l).toMatch(/^stack\.ts:\d+$/);
    const missing = run.results.find((r) => r.id === 'monitoring.missing-data-deliberate')!;
    expect(missing.findings.map((f) => f.message)).toEqual([expect.stringMatching(/^alarm UnhealthyTargets .* should be breaching/)]);
  }, 120_000);

  it('a metric built by hand from the constructs passes like the construct\'s own metric method', async () => {
    const results = await solutionWith((text) =>
      replaceOnce(
        text,
        'metric: service.metricCpuUtilization({ period: minute }),',
        "metric: new cloudwatch.Metric({ namespace: 'AWS/ECS', metricName: 'CPUUtilization', dimensionsMap: { ClusterName: cluster.clusterName, ServiceName: service.serviceName }, period: minute }),",
      ),
    );
    expect(statuses(results)).toEqual([]);
  }, 120_000);

  it('deleting the alarms is not a fix: the coverage check fails and nothing is left to judge', async () => {
    const results = await solutionWith((text) => text.replace(/    new cloudwatch\.Alarm\(this, '\w+', \{[\s\S]*?\}\)\.addAlarmAction\(page\);\n/g, ''));
    expect(statuses(results)).toEqual([
      'monitoring.alarm-dimensions-resolve:skip',
      'monitoring.alarms-cover-service:fail',
      'monitoring.alerts-encrypted:skip',
      'monitoring.missing-data-deliberate:skip',
    ]);
  }, 120_000);

  it('the AWS managed key aws/sns fails the encryption check alone', async () => {
    const results = await solutionWith((text) =>
      replaceOnce(text, 'masterKey: alertsKey });', "masterKey: kms.Alias.fromAliasName(this, 'AwsSns', 'alias/aws/sns') });"),
    );
    expect(statuses(results)).toEqual(['monitoring.alerts-encrypted:fail']);
  }, 120_000);
});
