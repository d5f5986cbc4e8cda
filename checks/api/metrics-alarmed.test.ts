import { describe, expect, it } from 'vitest';
import { apiTemplate, checkTemplate, countAlarm, rateAlarm } from './fixtures';
import { divides, metricsAlarmed } from './metrics-alarmed';

const GOOD = { Rate4xx: rateAlarm('HTTPCode_Target_4XX_Count'), Rate5xx: rateAlarm('HTTPCode_ELB_5XX_Count'), Traffic: countAlarm('RequestCount') };

describe('api.metrics-alarmed', () => {
  it('Compliance 1: 4xx and 5xx rates by metric math, and the request count, each notifying the topic', async () => {
    expect((await checkTemplate(metricsAlarmed, apiTemplate({ alarms: GOOD }))).status).toBe('pass');
  });

  it('Noncompliance 1: a count of 5xx is no rate', async () => {
    const r = await checkTemplate(metricsAlarmed, apiTemplate({ alarms: { ...GOOD, Rate5xx: countAlarm('HTTPCode_Target_5XX_Count') } }));
    expect(r.findings.map((f) => f.message)).toEqual([
      'no alarm watches the 5xx rate (HTTPCode_Target_5XX_Count / RequestCount) of load balancer Alb (alarm Rate5xx watches HTTPCode_Target_5XX_Count, but not divided by RequestCount with both as Sum)',
    ]);
  });

  it('Noncompliance 2: the division the wrong way round', async () => {
    const r = await checkTemplate(metricsAlarmed, apiTemplate({ alarms: { ...GOOD, Rate4xx: rateAlarm('HTTPCode_Target_4XX_Count', 'requests / errors') } }));
    expect(r.findings.map((f) => f.message)).toEqual(['no alarm watches the 4xx rate (HTTPCode_Target_4XX_Count / RequestCount) of load balancer Alb (alarm Rate4xx watches HTTPCode_Target_4XX_Count, but not divided by RequestCount with both as Sum)']);
  });

  it('Noncompliance 3: a rate alarm that notifies nobody, and no traffic alarm', async () => {
    const silent = rateAlarm('HTTPCode_Target_4XX_Count');
    (silent.Properties as Record<string, unknown>).AlarmActions = [];
    const r = await checkTemplate(metricsAlarmed, apiTemplate({ alarms: { Rate4xx: silent, Rate5xx: GOOD.Rate5xx } }));
    expect(r.findings.map((f) => f.message)).toEqual([
      'alarm Rate4xx watches the 4xx rate (HTTPCode_Target_4XX_Count / RequestCount) but notifies no SNS topic of this stack',
      'no alarm watches the request count (RequestCount) of load balancer Alb',
    ]);
  });

  it('Skip: no application load balancer', async () => {
    const t = apiTemplate();
    delete t.Resources!.Alb;
    expect((await checkTemplate(metricsAlarmed, t)).status).toBe('skip');
  });

  it('reads which id is divided by which', () => {
    expect(divides('100 * FILL(e, 0) / r', 'e', 'r')).toBe(true);
    expect(divides('(e4 + e5) / r', 'e5', 'r')).toBe(true);
    expect(divides('r / e', 'e', 'r')).toBe(false);
    expect(divides('e + r', 'e', 'r')).toBe(false);
  });
});
