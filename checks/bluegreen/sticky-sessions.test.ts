import { describe, expect, it } from 'vitest';
import { checkBlueGreen, checkWithoutService } from './fixtures';
import { stickySessions } from './sticky-sessions';

const messages = (r: { findings: { message: string }[] }) => r.findings.map((f) => f.message);
const P = { minDurationSeconds: 3600 };
const DRAIN = { 'deregistration_delay.timeout_seconds': '30' };

describe('bluegreen.sticky-sessions', () => {
  it('Compliance 1: lb_cookie stickiness for an hour on both target groups', async () => {
    expect((await checkBlueGreen(stickySessions, {}, P)).status).toBe('pass');
  });

  it('Compliance 2: app_cookie with its duration unset (one day)', async () => {
    const r = await checkBlueGreen(stickySessions, { attributes: { ...DRAIN, 'stickiness.enabled': 'true', 'stickiness.type': 'app_cookie', 'stickiness.app_cookie.cookie_name': 'SESSION' } }, P);
    expect(r.status).toBe('pass');
  });

  it('Noncompliance 1: no stickiness at all', async () => {
    const r = await checkBlueGreen(stickySessions, { attributes: DRAIN }, P);
    expect(messages(r)).toEqual([
      'target group Tg has no stickiness: a shopper\'s next request may land on a task without their cart',
      'target group Green has no stickiness: a shopper\'s next request may land on a task without their cart',
    ]);
  });

  it('Noncompliance 2: sticky blue, but green (production after the shift) is not', async () => {
    const r = await checkBlueGreen(stickySessions, { greenAttributes: DRAIN }, P);
    expect(messages(r)).toEqual([expect.stringMatching(/^target group Green has no stickiness/)]);
  });

  it('Noncompliance 3: a cookie shorter than a session', async () => {
    const r = await checkBlueGreen(stickySessions, { attributes: { ...DRAIN, 'stickiness.enabled': 'true', 'stickiness.lb_cookie.duration_seconds': '60' } }, { minDurationSeconds: 1800 });
    expect(messages(r)[0]).toBe('target group Tg keeps a client on its target for 60 s; sessions last 1800 s');
  });

  it('skips a stack without a service; needs the session length (an audit skips it)', async () => {
    expect((await checkWithoutService(stickySessions, P)).status).toBe('skip');
    expect((await checkBlueGreen(stickySessions)).status).toBe('error');
  });
});
