import { describe, expect, it } from 'vitest';
import { emfMetricsAlarmed } from './emf-metrics-alarmed';
import { configTemplate, messages, run } from './fixtures';

describe('config.emf-metrics-alarmed', () => {
  it('Compliance 1: EMF to stdout through awslogs, an alarm on the namespace', async () => {
    expect((await run(emfMetricsAlarmed, configTemplate())).status).toBe('pass');
  });

  it('Compliance 2: EMF to a CloudWatch agent container, a metric-math alarm', async () => {
    const t = configTemplate({ environment: [{ Name: 'AWS_EMF_NAMESPACE', Value: 'EcsLab/Web' }, { Name: 'AWS_EMF_ENVIRONMENT', Value: 'ECS' }], alarmNamespace: null });
    (t.Resources!.TaskDef.Properties!.ContainerDefinitions as unknown[]).push({ Name: 'cwagent', Image: 'public.ecr.aws/cloudwatch-agent/cloudwatch-agent:latest' });
    t.Resources!.Alarm = { Type: 'AWS::CloudWatch::Alarm', Properties: { Metrics: [{ Id: 'm1', MetricStat: { Metric: { Namespace: 'EcsLab/Web', MetricName: 'Orders' }, Period: 60, Stat: 'Sum' } }] } };
    expect((await run(emfMetricsAlarmed, t)).status).toBe('pass');
  });

  it('Noncompliance 1: no container publishes EMF', async () => {
    const r = await run(emfMetricsAlarmed, configTemplate({ environment: [{ Name: 'LOG_LEVEL', Value: 'info' }] }));
    expect(messages(r)).toEqual(['no container the stack runs publishes application metrics with EMF (no AWS_EMF_NAMESPACE in its environment)']);
  });

  it('Noncompliance 2: metrics nobody alarms on, or an alarm on another namespace', async () => {
    expect(messages(await run(emfMetricsAlarmed, configTemplate({ alarmNamespace: null })))).toEqual(['no CloudWatch alarm watches a metric of the namespace EcsLab/Web that the app publishes']);
    expect((await run(emfMetricsAlarmed, configTemplate({ alarmNamespace: 'AWS/ECS' }))).status).toBe('fail');
  });

  it('Noncompliance 3: EMF to stdout with no log driver, or to an agent the task does not have', async () => {
    expect(messages(await run(emfMetricsAlarmed, configTemplate({ container: { LogConfiguration: undefined } })))).toEqual([expect.stringMatching(/do not go to CloudWatch Logs/)]);
    const agent = configTemplate({ environment: [{ Name: 'AWS_EMF_NAMESPACE', Value: 'EcsLab/Web' }, { Name: 'AWS_EMF_ENVIRONMENT', Value: 'Agent' }] });
    expect(messages(await run(emfMetricsAlarmed, agent))).toEqual([expect.stringMatching(/no CloudWatch agent container/)]);
  });
});
