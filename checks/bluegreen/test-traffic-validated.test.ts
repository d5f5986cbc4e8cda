import { describe, expect, it } from 'vitest';
import { blueGreenTemplate, checkBlueGreen, checkWithoutService } from './fixtures';
import { testTrafficValidated } from './test-traffic-validated';
import { runCheck } from '../../engine/checking/run-checks';
import { StackModel } from '../../engine/model/model';

const messages = (r: { findings: { message: string }[] }) => r.findings.map((f) => f.message);

describe('bluegreen.test-traffic-validated', () => {
  it('Compliance 1: a header test rule forwarding to green and a POST_TEST_TRAFFIC_SHIFT hook', async () => {
    expect((await checkBlueGreen(testTrafficValidated)).status).toBe('pass');
  });

  it('Compliance 2: the hook at TEST_TRAFFIC_SHIFT', async () => {
    expect((await checkBlueGreen(testTrafficValidated, { hooks: [{ stages: ['TEST_TRAFFIC_SHIFT'] }] })).status).toBe('pass');
  });

  it('Noncompliance 1: no test listener rule', async () => {
    const r = await checkBlueGreen(testTrafficValidated, { noTestRule: true });
    expect(messages(r)).toEqual([expect.stringMatching(/has no test listener rule: no request can reach green/)]);
  });

  it('Noncompliance 2: hooks only before scale-up and after the production shift', async () => {
    const r = await checkBlueGreen(testTrafficValidated, { hooks: [{ stages: ['PRE_SCALE_UP'] }, { stages: ['POST_PRODUCTION_TRAFFIC_SHIFT'] }] });
    expect(messages(r)).toEqual(['service Service has no lifecycle hook at TEST_TRAFFIC_SHIFT or POST_TEST_TRAFFIC_SHIFT (hooks at PRE_SCALE_UP, POST_PRODUCTION_TRAFFIC_SHIFT): nothing tests green before customers reach it']);
  });

  it('Noncompliance 3: the test rule forwards to blue only', async () => {
    const t = blueGreenTemplate();
    (t.Resources as any).TestRule.Properties.Actions = [{ Type: 'forward', TargetGroupArn: { Ref: 'Tg' } }];
    const r = await runCheck(testTrafficValidated, { template: t, model: new StackModel(t) }, {});
    expect(messages(r)).toEqual([expect.stringMatching(/^the test listener rule of service Service does not forward to its alternate target group/)]);
    expect(r.findings[0].logicalId).toBe('TestRule');
  });

  it('Noncompliance 4: a rolling service', async () => {
    const r = await checkBlueGreen(testTrafficValidated, { strategy: 'ROLLING' });
    expect(messages(r)).toEqual([expect.stringMatching(/deploys with the ROLLING strategy: nothing can test a release/)]);
  });

  it('skips a stack without a service', async () => {
    expect((await checkWithoutService(testTrafficValidated)).status).toBe('skip');
  });
});
