import { describe, expect, it } from 'vitest';
import { survivesTaskLoss } from './survives-task-loss';
import { serviceTemplate } from '../../engine/faults/fixtures';
import { checkService, checkTemplate, steadyLoad } from './test-helpers';

// One task serves 50 rps; FIS stops at 30, ECS launches the replacement at 40, it serves at 40 + 60 + 10 = 110.
describe('resilience.survives-task-loss', () => {
  it('Compliance 1: stopping 1 of 2 at 30 rps: the other task carries it, nothing fails', async () => {
    const r = await checkService(survivesTaskLoss, { desired: 2 }, { load: steadyLoad(30) });
    expect(r.status).toBe('pass');
    expect(r.replay).toMatchObject({ experiment: 'stop-tasks', availability: 1, recoverySeconds: 0 });
  });

  it('Noncompliance 1: stopping 1 of 2 at 80 rps overloads the survivor for 80 s', async () => {
    // 30…105: 30 of 80 rps fail (16 steps × 0.375 of 120) → 95 %.
    const r = await checkService(survivesTaskLoss, { desired: 2 }, { load: steadyLoad(80) });
    expect(r.findings.map((f) => f.message)).toEqual(['stopping 1 of 2 tasks left 1 serving for 80 s: 95 % of requests served; the lab asks for at least 99.9 %']);
    expect(r.findings[0].hint).toMatch(/The 1 task left could serve about 50 rps of the 80 rps demanded/);
  });

  it('Noncompliance 2: a single task stopped is an outage', async () => {
    // 30…105 nothing serves: 16 steps of 120 → 86.66 %.
    const r = await checkService(survivesTaskLoss, { desired: 1 }, { load: steadyLoad(30) });
    expect(r.findings[0].message).toBe('stopping 1 of 1 task left 0 serving for 80 s: 86.66 % of requests served; the lab asks for at least 99.9 %');
    expect(r.findings[0].hint).toMatch(/^The only task stopped at once: run more tasks/);
  });

  it('Noncompliance 3: recovery slower than the lab allows', async () => {
    const r = await checkService(survivesTaskLoss, { desired: 2 }, { load: steadyLoad(80), minAvailability: 0.9, maxRecoverySeconds: 60 });
    expect(r.findings[0].message).toMatch(/errors lasted until 80 s after the fault; the lab allows 60 s$/);
  });

  it('a percent selection: 50 % of 4 stops 2; the other 2 carry 80 rps', async () => {
    const r = await checkService(survivesTaskLoss, { desired: 4 }, { load: steadyLoad(80), selection: { percent: 50 } });
    expect(r.status).toBe('pass');
    expect(r.replay?.events[0].message).toMatch(/FIS stops 2 tasks of 4/);
  });

  it('params: a selection must be a count or a percent', async () => {
    for (const selection of [{ count: 0 }, { percent: 120 }, { count: 1, percent: 5 }, 3]) {
      const r = await checkService(survivesTaskLoss, {}, { load: steadyLoad(30), selection });
      expect(r.status).toBe('error');
      expect(r.findings[0].message).toMatch(/selection must be \{ count/);
    }
  });

  it('a service that cannot carry the load unharmed says so first', async () => {
    // 1 task, 80 rps: 30 of 80 fail from the start.
    const r = await checkService(survivesTaskLoss, { desired: 1 }, { load: steadyLoad(80) });
    expect(r.findings[0].message).toBe('even before the fault, 37.5 % of requests failed at 80 rps: the running tasks serve about 50 rps');
    expect(r.findings[1].message).toMatch(/^stopping 1 of 1 task left 0 serving/);
  });

  it('skips a DAEMON service', async () => {
    const template = serviceTemplate({ launchType: 'EC2' });
    template.Resources!.Service.Properties!.SchedulingStrategy = 'DAEMON';
    const r = await checkTemplate(survivesTaskLoss, template, { load: steadyLoad(30) });
    expect(r.status).toBe('skip');
    expect(r.findings[0].message).toMatch(/is a DAEMON service/);
  });

  it('a service without a load balancer: stopped tasks simply stop serving', async () => {
    const r = await checkService(survivesTaskLoss, { desired: 2, targetGroup: false }, { load: steadyLoad(30) });
    expect(r.status).toBe('pass');
  });
});
