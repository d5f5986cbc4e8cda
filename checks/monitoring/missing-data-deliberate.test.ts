import { App, Duration, Stack } from 'aws-cdk-lib';
import * as cw from 'aws-cdk-lib/aws-cloudwatch';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as sns from 'aws-cdk-lib/aws-sns';
import { describe, expect, it } from 'vitest';
import { checkStack } from '../../engine/testing/offline-context';
import { alarm, monitoredStack } from './fixtures';
import { missingDataDeliberate } from './missing-data-deliberate';

const messages = async (stack: Stack) => (await checkStack(missingDataDeliberate, stack)).findings.map((f) => f.message);

describe('monitoring.missing-data-deliberate', () => {
  it('Compliance 1: the lab\'s alarms: health breaching, error counts and latency not breaching, CPU and memory breaching', async () => {
    expect((await checkStack(missingDataDeliberate, monitoredStack().stack)).status).toBe('pass');
  });

  it('Compliance 2: any explicit choice for a metric whose silence has no fixed meaning', async () => {
    const m = monitoredStack({ alarms: false });
    alarm(m, 'Cpu', m.service.metricCpuUtilization(), cw.TreatMissingData.IGNORE);
    alarm(m, 'Latency', m.alb.metrics.targetResponseTime({ statistic: 'p99' }), cw.TreatMissingData.MISSING);
    expect((await checkStack(missingDataDeliberate, m.stack)).status).toBe('pass');
  });

  it('Compliance 3: a metric-math error rate only has to decide', async () => {
    const m = monitoredStack({ alarms: false });
    const rate = new cw.MathExpression({
      expression: '100 * e / r',
      usingMetrics: { e: m.alb.metrics.httpCodeTarget(elbv2.HttpCodeTarget.TARGET_5XX_COUNT), r: m.alb.metrics.requestCount() },
      period: Duration.minutes(1),
    });
    alarm(m, 'Rate', rate, cw.TreatMissingData.IGNORE);
    expect((await checkStack(missingDataDeliberate, m.stack)).status).toBe('pass');
  });

  it('Noncompliance 1: unhealthy targets not breaching — a copied alarm that matches nothing stays green', async () => {
    const m = monitoredStack({ alarms: false });
    alarm(m, 'Unhealthy', m.targetGroup.metrics.unhealthyHostCount(), cw.TreatMissingData.NOT_BREACHING);
    const r = await checkStack(missingDataDeliberate, m.stack);
    expect(r.status).toBe('fail');
    expect(r.findings.map((f) => f.message)).toEqual([expect.stringMatching(/^alarm Unhealthy \(UnHealthyHostCount\): treats missing data as notBreaching; it should be breaching: /)]);
    expect(r.findings[0].constructPath).toBe('Test/Unhealthy/Resource');
  });

  it('Noncompliance 2: 5xx counts breaching — every quiet night pages', async () => {
    const m = monitoredStack({ alarms: false });
    alarm(m, 'Errors', m.alb.metrics.httpCodeElb(elbv2.HttpCodeElb.ELB_5XX_COUNT), cw.TreatMissingData.BREACHING);
    expect(await messages(m.stack)).toEqual([expect.stringMatching(/^alarm Errors \(HTTPCode_ELB_5XX_Count\): treats missing data as breaching; it should be notBreaching/)]);
  });

  it('Noncompliance 3: the default, for a health alarm and for any other alarm', async () => {
    const m = monitoredStack({ alarms: false });
    alarm(m, 'Unhealthy', m.targetGroup.metrics.unhealthyHostCount());
    alarm(m, 'Memory', m.service.metricMemoryUtilization());
    expect(await messages(m.stack)).toEqual([
      expect.stringMatching(/^alarm Unhealthy .*: treats missing data as missing, the default; it should be breaching/),
      expect.stringMatching(/^alarm Memory \(MemoryUtilization\): leaves TreatMissingData at its default \(missing\)/),
    ]);
  });

  it('skips a stack without alarms', async () => {
    const stack = new Stack(new App(), 'Test');
    new sns.Topic(stack, 'Topic');
    expect((await checkStack(missingDataDeliberate, stack)).status).toBe('skip');
  });
});
