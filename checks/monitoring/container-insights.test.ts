import * as ecs from 'aws-cdk-lib/aws-ecs';
import { App, Stack } from 'aws-cdk-lib';
import * as sns from 'aws-cdk-lib/aws-sns';
import { describe, expect, it } from 'vitest';
import { checkStack } from '../../engine/testing/offline-context';
import { containerInsights, insightsLevel } from './container-insights';
import { monitoredStack } from './fixtures';

describe('monitoring.container-insights', () => {
  it('Compliance 1: enhanced observability', async () => {
    const { stack } = monitoredStack({ insights: ecs.ContainerInsights.ENHANCED, alarms: false });
    expect((await checkStack(containerInsights, stack, { minimum: 'enhanced' })).status).toBe('pass');
  });

  it('Compliance 2: enabled is enough when the lab asks for enabled (the default)', async () => {
    const { stack } = monitoredStack({ insights: ecs.ContainerInsights.ENABLED, alarms: false });
    expect((await checkStack(containerInsights, stack)).status).toBe('pass');
  });

  it('Noncompliance 1: no setting at all, naming the cluster', async () => {
    const { stack } = monitoredStack({ insights: null, alarms: false });
    const r = await checkStack(containerInsights, stack, { minimum: 'enhanced' });
    expect(r.status).toBe('fail');
    expect(r.findings.map((f) => f.message)).toEqual(['cluster Cluster does not turn on Container Insights; this lab asks for enhanced']);
    expect(r.findings[0].constructPath).toBe('Test/Cluster/Resource');
  });

  it('Noncompliance 2: enabled when the lab asks for enhanced', async () => {
    const { stack } = monitoredStack({ insights: ecs.ContainerInsights.ENABLED, alarms: false });
    const r = await checkStack(containerInsights, stack, { minimum: 'enhanced' });
    expect(r.findings.map((f) => f.message)).toEqual([expect.stringMatching(/has Container Insights enabled; this lab asks for enhanced/)]);
  });

  it('Noncompliance 3: explicitly disabled', async () => {
    const { stack } = monitoredStack({ insights: ecs.ContainerInsights.DISABLED, alarms: false });
    expect((await checkStack(containerInsights, stack)).findings.map((f) => f.message)).toEqual([expect.stringMatching(/has Container Insights disabled/)]);
  });

  it('skips a stack without a cluster, and rejects a level it does not know', async () => {
    const stack = new Stack(new App(), 'Test');
    new sns.Topic(stack, 'Topic');
    expect((await checkStack(containerInsights, stack)).status).toBe('skip');
    expect((await checkStack(containerInsights, stack, { minimum: 'full' })).status).toBe('error');
  });

  it('reads the setting whatever its case, and nothing from other settings', () => {
    expect(insightsLevel([{ Name: 'containerInsights', Value: 'Enhanced' }])).toBe('enhanced');
    expect(insightsLevel([{ Name: 'somethingElse', Value: 'enabled' }])).toBeUndefined();
    expect(insightsLevel(undefined)).toBeUndefined();
  });
});
