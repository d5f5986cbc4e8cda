import { describe, expect, it } from 'vitest';
import { checkBlueGreen, checkWithoutService, DEFAULT_ATTRIBUTES } from './fixtures';
import { connectionDraining } from './connection-draining';

const params = { minSeconds: 30, maxSeconds: 120 };
const messages = (r: { findings: { message: string }[] }) => r.findings.map((f) => f.message);

describe('bluegreen.connection-draining', () => {
  it('Compliance 1: both target groups drain for 30 s', async () => {
    expect((await checkBlueGreen(connectionDraining, {}, params)).status).toBe('pass');
  });

  it('Compliance 2: a rolling service\'s single target group at the maximum', async () => {
    const r = await checkBlueGreen(connectionDraining, { strategy: 'ROLLING', attributes: { 'deregistration_delay.timeout_seconds': '120' } }, params);
    expect(r.status).toBe('pass');
  });

  it('Noncompliance 1: draining turned off on both (0 s)', async () => {
    const r = await checkBlueGreen(connectionDraining, { attributes: { ...DEFAULT_ATTRIBUTES, 'deregistration_delay.timeout_seconds': '0' } }, params);
    expect(messages(r)).toEqual([
      'target group Tg drains leaving targets for 0 s; requests take up to 30 s, so the ones in flight are cut off',
      'target group Green drains leaving targets for 0 s; requests take up to 30 s, so the ones in flight are cut off',
    ]);
  });

  it('Noncompliance 2: green left at the 300 s default', async () => {
    const r = await checkBlueGreen(connectionDraining, { greenAttributes: { 'stickiness.enabled': 'true' } }, params);
    expect(messages(r)).toEqual(['target group Green drains leaving targets for 300 s (unset: the 300 s default); every shift and rollback waits that long, the lab allows 120 s']);
    expect(r.findings[0].logicalId).toBe('Green');
  });

  it('skips a stack without a service; rejects min above max, and needs minSeconds', async () => {
    expect((await checkWithoutService(connectionDraining, params)).status).toBe('skip');
    expect((await checkBlueGreen(connectionDraining, {}, { minSeconds: 200, maxSeconds: 100 })).status).toBe('error');
    expect((await checkBlueGreen(connectionDraining, {}, { maxSeconds: 100 })).status).toBe('error');
  });
});
