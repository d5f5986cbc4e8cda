import { App, Duration, Stack } from 'aws-cdk-lib';
import * as cw from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as sns from 'aws-cdk-lib/aws-sns';
import { describe, expect, it } from 'vitest';
import { checkStack } from '../../engine/testing/offline-context';
import { alarmsCoverService, percentile } from './alarms-cover-service';
import { alarm, monitoredStack, type Monitored } from './fixtures';

const minute = { period: Duration.minutes(1) };

/** The lab's alarms except the ones named, which a test adds itself. */
function without(...skip: string[]): Monitored {
  const m = monitoredStack({ alarms: false });
  const all: Record<string, () => void> = {
    cpu: () => alarm(m, 'Cpu', m.service.metricCpuUtilization(minute), cw.TreatMissingData.BREACHING, 80),
    memory: () => alarm(m, 'Memory', m.service.metricMemoryUtilization(minute), cw.TreatMissingData.BREACHING, 80),
    '5xx': () => alarm(m, 'Errors5xx', m.alb.metrics.httpCodeTarget(elbv2.HttpCodeTarget.TARGET_5XX_COUNT, minute), cw.TreatMissingData.NOT_BREACHING, 5),
    unhealthy: () => alarm(m, 'Unhealthy', m.targetGroup.metrics.unhealthyHostCount(minute), cw.TreatMissingData.BREACHING),
    p99: () => alarm(m, 'LatencyP99', m.targetGroup.metrics.targetResponseTime({ ...minute, statistic: 'p99' }), cw.TreatMissingData.NOT_BREACHING),
  };
  for (const [id, add] of Object.entries(all)) if (!skip.includes(id)) add();
  return m;
}

const messages = async (stack: Stack, params = {}) => (await checkStack(alarmsCoverService, stack, params)).findings.map((f) => f.message);

describe('monitoring.alarms-cover-service', () => {
  it('Compliance 1: the five alarms, each notifying the topic', async () => {
    expect((await checkStack(alarmsCoverService, without().stack)).status).toBe('pass');
  });

  it('Compliance 2: a 5xx error rate (metric math over 5xx and requests) counts for 5xx', async () => {
    const m = without('5xx');
    const rate = new cw.MathExpression({
      expression: '100 * errors / requests',
      usingMetrics: { errors: m.alb.metrics.httpCodeTarget(elbv2.HttpCodeTarget.TARGET_5XX_COUNT), requests: m.alb.metrics.requestCount() },
      period: Duration.minutes(1),
    });
    alarm(m, 'ErrorRate', rate, cw.TreatMissingData.NOT_BREACHING, 1);
    expect((await checkStack(alarmsCoverService, m.stack)).status).toBe('pass');
  });

  it('Compliance 3: p99.9 is a tail percentile too, and the load balancer\'s own latency counts', async () => {
    const m = without('p99');
    alarm(m, 'LatencyP999', m.alb.metrics.targetResponseTime({ statistic: 'p99.9' }), cw.TreatMissingData.NOT_BREACHING);
    expect((await checkStack(alarmsCoverService, m.stack)).status).toBe('pass');
  });

  it('Compliance 4: a lab may ask for fewer signals', async () => {
    const m = without('memory', '5xx', 'unhealthy', 'p99');
    expect((await checkStack(alarmsCoverService, m.stack, { signals: ['cpu'] })).status).toBe('pass');
  });

  it('Noncompliance 1: no unhealthy-target and no p99 alarm, reported on the load balancer', async () => {
    const r = await checkStack(alarmsCoverService, without('unhealthy', 'p99').stack);
    expect(r.status).toBe('fail');
    expect(r.findings.map((f) => f.message)).toEqual([
      'no alarm watches unhealthy targets (AWS/ApplicationELB UnHealthyHostCount)',
      'no alarm watches p99 latency (AWS/ApplicationELB TargetResponseTime, p99)',
    ]);
    expect(r.findings[0].constructPath).toBe('Test/Alb/Resource');
  });

  it('Noncompliance 2: latency by its average, which hides the slowest requests', async () => {
    const m = without('p99');
    alarm(m, 'LatencyAvg', m.targetGroup.metrics.targetResponseTime(minute), cw.TreatMissingData.NOT_BREACHING);
    expect(await messages(m.stack)).toEqual([expect.stringMatching(/^no alarm watches p99 latency .* \(an alarm on TargetResponseTime uses Average; it needs p99/)]);
  });

  it('Noncompliance 3: an alarm without an action, named', async () => {
    const m = without('cpu');
    new cw.Alarm(m.stack, 'CpuSilent', { metric: m.service.metricCpuUtilization(), threshold: 80, evaluationPeriods: 3 });
    const r = await checkStack(alarmsCoverService, m.stack);
    expect(r.findings.map((f) => f.message)).toEqual(['alarm CpuSilent watches service CPU (AWS/ECS CPUUtilization) but notifies no SNS topic of this stack']);
    expect(r.findings[0].logicalId).toMatch(/^CpuSilent/);
  });

  it('Noncompliance 4: an action that is switched off', async () => {
    const m = without('memory');
    const a = new cw.Alarm(m.stack, 'MemoryOff', { metric: m.service.metricMemoryUtilization(), threshold: 80, evaluationPeriods: 3, actionsEnabled: false });
    a.addAlarmAction(m.notify);
    expect(await messages(m.stack)).toEqual([expect.stringMatching(/^alarm MemoryOff watches service memory .* notifies no SNS topic/)]);
  });

  it("Noncompliance 5: notifying another stack's topic (a copied ARN) does not count", async () => {
    const m = without('5xx');
    const other = sns.Topic.fromTopicArn(m.stack, 'Orders', 'arn:aws:sns:us-east-1:123456789012:orders-alerts');
    new cw.Alarm(m.stack, 'Errors', { metric: m.alb.metrics.httpCodeTarget(elbv2.HttpCodeTarget.TARGET_5XX_COUNT), threshold: 5, evaluationPeriods: 1 }).addAlarmAction(new actions.SnsAction(other));
    expect(await messages(m.stack)).toEqual([expect.stringMatching(/^alarm Errors watches 5xx responses .* notifies no SNS topic of this stack/)]);
  });

  it('Noncompliance 6: an alarm that leaves out a dimension the metric needs', async () => {
    const m = without('unhealthy');
    alarm(m, 'UnhealthyAnyGroup', new cw.Metric({ namespace: 'AWS/ApplicationELB', metricName: 'UnHealthyHostCount', dimensionsMap: { LoadBalancer: m.alb.loadBalancerFullName } }), cw.TreatMissingData.BREACHING);
    expect(await messages(m.stack)).toEqual([expect.stringMatching(/leaves out the TargetGroup dimension/)]);
  });

  it('skips a stack without an ECS service, and rejects an unknown signal', async () => {
    const stack = new Stack(new App(), 'Test');
    new sns.Topic(stack, 'Topic');
    expect((await checkStack(alarmsCoverService, stack)).status).toBe('skip');
    expect((await checkStack(alarmsCoverService, without().stack, { signals: ['disk'] })).status).toBe('error');
  });

  it('reads percentiles', () => {
    expect(percentile('p99')).toBe(99);
    expect(percentile('P99.9')).toBe(99.9);
    expect(percentile('p50')).toBe(50);
    expect(percentile('tm99')).toBe(-1);
    expect(percentile('Average')).toBe(-1);
  });
});
