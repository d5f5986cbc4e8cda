// Fixture timings (see engine/faults/bluegreen.test.ts): release at 30; the PRE_SCALE_UP migration
// hook takes 30 s, so green launches at 60, runs at 120 and is healthy at 130; the smoke-test hook
// answers at 160; canary 10 % for 5 min, then the rest at 460.
import { describe, expect, it } from 'vitest';
import { checkBlueGreen, checkWithoutService } from './fixtures';
import { releaseReplay } from './release-replay';

const params = { load: { phases: [{ atSecond: 0, rps: 30 }], cpuMsPerRequest: 20, durationSeconds: 600 } };

describe('bluegreen.release-replay', () => {
  it('Compliance 1: the bad release is rolled back at 160 by the test-traffic hook; the good one shifts by 460 without an error', async () => {
    const r = await checkBlueGreen(releaseReplay, {}, params);
    expect(r.status).toBe('pass');
    expect(r.replay?.deployment).toMatchObject({ outcome: 'rolled-back', atSecond: 160, failedAtStage: 'POST_TEST_TRAFFIC_SHIFT' });
    expect(r.replay?.availability).toBe(1);
  });

  it('Noncompliance 1: without a test listener rule the canary reaches customers (10 % of them) until the bake ends', async () => {
    const r = await checkBlueGreen(releaseReplay, { noTestRule: true }, params);
    expect(r.findings.map((f) => f.message)).toEqual([expect.stringMatching(/^a release that passes its health checks but fails every request reached production traffic 130 s after it started and it was never rolled back/)]);
  });

  it('Noncompliance 2: a rolling deployment sends customers to the bad release', async () => {
    const r = await checkBlueGreen(releaseReplay, { strategy: 'ROLLING', service: { deployment: { min: 100, max: 200 } } }, params);
    // Release tasks launched at 30, running at 90, serving at 100: 70 s after the release started.
    expect(r.findings.map((f) => f.message)).toEqual([expect.stringMatching(/^a release that passes its health checks but fails every request reached production traffic 70 s after it started and it was never rolled back/)]);
  });

  it('Noncompliance 3: a canary too slow to finish a good release within the replay', async () => {
    const r = await checkBlueGreen(releaseReplay, {}, { load: { ...params.load, durationSeconds: 300 } });
    expect(r.findings.map((f) => f.message)).toEqual(['the good release did not finish shifting production traffic within the replay']);
  });

  it('Noncompliance 4: a service too small for the load loses requests in the good release too', async () => {
    const r = await checkBlueGreen(releaseReplay, {}, { load: { ...params.load, phases: [{ atSecond: 0, rps: 150 }] } });
    // 150 rps on 100 rps of tasks: a third fails, except during the canary (160…455), when green's tasks take
    // 15 rps and blue fails 35 of 135: (32 + 28 steps × 1/3 + 60 steps × 35/150) / 120 = 28.33 %.
    expect(r.findings.map((f) => f.message)).toEqual([
      'even before the fault, 33.33 % of requests failed at 150 rps: the running tasks serve about 100 rps',
      'during a good release 28.33 % of requests failed (worst step 33.33 %)',
    ]);
  });

  it('Noncompliance 5: a test-traffic hook whose function succeeds whatever green answers lets the bad release through', async () => {
    const r = await checkBlueGreen(releaseReplay, { smokeCode: "exports.handler = async () => ({ hookStatus: 'SUCCEEDED' });" }, params);
    expect(r.status).toBe('fail');
    expect(r.findings.map((f) => f.message)).toEqual([expect.stringMatching(/^a release that passes its health checks but fails every request reached production traffic 130 s after it started and it was never rolled back/)]);
    expect(r.replay?.events.map((e) => e.message)).toContain('the POST_TEST_TRAFFIC_SHIFT hook returns SUCCEEDED: run offline against a green that failed every request, its function still succeeded');
  });

  it('Noncompliance 6: a hook that checks the status code of a request it never makes, or reads no answer, is the same', async () => {
    const lazy = "exports.handler = async () => { const res = await fetch(process.env.TEST_URL); return { hookStatus: res.status < 600 ? 'SUCCEEDED' : 'FAILED' }; };";
    expect((await checkBlueGreen(releaseReplay, { smokeCode: lazy }, params)).status).toBe('fail');
  });

  it('a hook written callback-style, or one that throws on a bad answer, tests green as well (ECS rolls back on a failed function)', async () => {
    const callback = "exports.handler = (event, context, done) => { fetch(process.env.TEST_URL).then((r) => done(null, { hookStatus: r.ok ? 'SUCCEEDED' : 'FAILED' })); };";
    const throws = "exports.handler = async () => { const r = await fetch(process.env.TEST_URL + '/health'); if (!r.ok) throw new Error('green is down'); return { hookStatus: 'SUCCEEDED' }; };";
    expect((await checkBlueGreen(releaseReplay, { smokeCode: callback }, params)).status).toBe('pass');
    const https = "const https = require('https'); exports.handler = () => new Promise((done) => https.get(process.env.TEST_URL + '/checkout', (res) => { res.resume(); done({ hookStatus: res.statusCode === 200 ? 'SUCCEEDED' : 'FAILED' }); }).on('error', () => done({ hookStatus: 'FAILED' })));";
    expect((await checkBlueGreen(releaseReplay, { smokeCode: https }, params)).status).toBe('pass');
    expect((await checkBlueGreen(releaseReplay, { smokeCode: throws }, params)).status).toBe('pass');
  });

  it('a hook that answers at random, or fails without asking green, is not a test: it never passes', async () => {
    const coin = "exports.handler = async () => { await fetch(process.env.TEST_URL); return { hookStatus: Math.random() < 0.5 ? 'SUCCEEDED' : 'FAILED' }; };";
    const clock = "exports.handler = async () => { await fetch(process.env.TEST_URL); return { hookStatus: (Date.now() + performance.now() + Number(process.hrtime.bigint()) + new Date().getTime()) % 2 ? 'FAILED' : 'SUCCEEDED' }; };";
    const blind = "exports.handler = async () => ({ hookStatus: require('crypto').randomBytes(1)[0] % 2 ? 'SUCCEEDED' : 'FAILED' });";
    // Chance and time are the same in every run of the hook, so each of these answers the same
    // against both greens: never 'tests' (all SUCCEEDED fails the check, all FAILED skips it).
    for (const code of [coin, clock, blind]) {
      for (let i = 0; i < 3; i++) expect((await checkBlueGreen(releaseReplay, { smokeCode: code }, params)).status, code).not.toBe('pass');
    }
  }, 60_000);

  it('skips, saying why, when the only test-traffic hook cannot be run offline (it calls AWS, or fails a good release too)', async () => {
    const sdk = "const net = require('net'); exports.handler = () => new Promise((ok, no) => net.connect(443, 'ecs.us-east-1.amazonaws.com').on('connect', () => ok({ hookStatus: 'SUCCEEDED' })).on('error', no));";
    const r = await checkBlueGreen(releaseReplay, { smokeCode: sdk }, params);
    expect(r.status).toBe('skip');
    expect(r.findings[0]?.message).toMatch(/^what stops a bad release cannot be told offline — POST_TEST_TRAFFIC_SHIFT hook \(.*SmokeHook.*\): run offline against a healthy green, the hook threw \(opening a connection: the network is closed/);
    expect(r.findings[0]?.message).toMatch(/lab check --target aws/);
  });

  it('rejects maxRecoverySeconds', async () => {
    expect((await checkBlueGreen(releaseReplay, {}, { ...params, maxRecoverySeconds: 60 })).status).toBe('error');
  });

  it('skips a stack without a service', async () => {
    expect((await checkWithoutService(releaseReplay, params)).status).toBe('skip');
  });
});
