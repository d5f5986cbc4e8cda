import { describe, expect, it } from 'vitest';
import { runCheck } from '../../engine/checking/run-checks';
import { StackModel } from '../../engine/model/model';
import { blueGreenTemplate, checkBlueGreen, checkWithoutService } from './fixtures';
import { strategyWithBakeTime } from './strategy-with-bake-time';

const messages = (r: { findings: { message: string }[] }) => r.findings.map((f) => f.message);

describe('bluegreen.strategy-with-bake-time', () => {
  it('Compliance 1: CANARY, 15 min bake, green target group, production rule and role', async () => {
    expect((await checkBlueGreen(strategyWithBakeTime)).status).toBe('pass');
  });

  it('Compliance 2: BLUE_GREEN with exactly the lab\'s minimum bake time', async () => {
    expect((await checkBlueGreen(strategyWithBakeTime, { strategy: 'BLUE_GREEN', bakeMinutes: 10 }, { minBakeMinutes: 10 })).status).toBe('pass');
  });

  it('Noncompliance 1: a rolling deployment', async () => {
    const r = await checkBlueGreen(strategyWithBakeTime, { strategy: 'ROLLING' });
    expect(messages(r)).toEqual([expect.stringMatching(/^service Service deploys with the ROLLING strategy: customers reach each new task/)]);
    expect(r.findings[0].logicalId).toBe('Service');
  });

  it('Noncompliance 2: a bake time below the minimum', async () => {
    const r = await checkBlueGreen(strategyWithBakeTime, { bakeMinutes: 2 }, { minBakeMinutes: 5 });
    expect(messages(r)).toEqual(['service Service bakes 2 min; the lab asks for at least 5 min of the old revision standing by after the shift']);
  });

  it('Noncompliance 3: blue/green without an alternate target group', async () => {
    const r = await checkBlueGreen(strategyWithBakeTime, { noAlternate: true });
    expect(messages(r)).toEqual([expect.stringMatching(/names no alternate target group/)]);
  });

  it('Noncompliance 4: a CodeDeploy controller', async () => {
    const t = blueGreenTemplate();
    (t.Resources as any).Service.Properties.DeploymentController = { Type: 'CODE_DEPLOY' };
    const r = await runCheck(strategyWithBakeTime, { template: t, model: new StackModel(t) }, {});
    expect(messages(r)).toEqual([expect.stringMatching(/deploys with the CODE_DEPLOY controller/)]);
  });

  it('skips a stack without a service, and rejects a negative minimum', async () => {
    expect((await checkWithoutService(strategyWithBakeTime)).status).toBe('skip');
    expect((await checkBlueGreen(strategyWithBakeTime, {}, { minBakeMinutes: -1 })).status).toBe('error');
  });
});
