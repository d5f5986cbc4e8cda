import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { describe, expect, it } from 'vitest';
import { checkStack } from '../../engine/testing/offline-context';
import { tlsStack } from './fixtures';
import { httpsPolicy, tls13PolicyMinimum } from './https-policy';

describe('tls.https-policy', () => {
  it('Compliance 1: the recommended TLS 1.3 policy', async () => {
    expect((await checkStack(httpsPolicy, tlsStack())).status).toBe('pass');
  });

  it('Compliance 2: TLS 1.3 only, when the lab asks for a 1.3 floor', async () => {
    expect((await checkStack(httpsPolicy, tlsStack({ sslPolicy: elbv2.SslPolicy.TLS13_13 }), { minimumVersion: '1.3' })).status).toBe('pass');
  });

  it('Noncompliance 1: an old TLS 1.0 policy, naming the listener', async () => {
    const r = await checkStack(httpsPolicy, tlsStack({ sslPolicy: elbv2.SslPolicy.LEGACY }));
    expect(r.status).toBe('fail');
    expect(r.findings.map((f) => f.message)).toEqual(["load balancer Alb's HTTPS listener on 443 uses ELBSecurityPolicy-TLS-1-0-2015-04, which is not a TLS 1.3 policy"]);
    expect(r.findings[0].constructPath).toBe('Test/Alb/Https/Resource');
  });

  it('Noncompliance 2: no policy named, so the API default applies', async () => {
    const r = await checkStack(httpsPolicy, tlsStack({ sslPolicy: null }));
    expect(r.findings.map((f) => f.message)).toEqual([expect.stringMatching(/names no security policy/)]);
  });

  it('Noncompliance 3: a TLS 1.3 policy that still accepts TLS 1.0', async () => {
    const r = await checkStack(httpsPolicy, tlsStack({ sslPolicy: elbv2.SslPolicy.TLS13_10 }));
    expect(r.findings.map((f) => f.message)).toEqual([expect.stringMatching(/still accepts TLS 1.0; this lab's floor is TLS 1.2/)]);
  });

  it('Noncompliance 4: serving the app without an HTTPS listener is no fix', async () => {
    const r = await checkStack(httpsPolicy, tlsStack({ noHttps: true, http: 'none' }));
    expect(r.findings.map((f) => f.message)).toEqual(['load balancer Alb has no HTTPS listener that serves the app, so it reaches clients unencrypted or not at all']);
  });

  it('skips a stack with only an internal load balancer, and rejects an unknown floor', async () => {
    expect((await checkStack(httpsPolicy, tlsStack({ internal: true }))).status).toBe('skip');
    expect((await checkStack(httpsPolicy, tlsStack(), { minimumVersion: '1.1' })).status).toBe('error');
  });

  it('reads the floor from the policy name', () => {
    expect(tls13PolicyMinimum('ELBSecurityPolicy-TLS13-1-2-2021-06')).toBe('1.2');
    expect(tls13PolicyMinimum('ELBSecurityPolicy-TLS13-1-3-FIPS-PQ-2025-09')).toBe('1.3');
    expect(tls13PolicyMinimum('ELBSecurityPolicy-FS-1-2-Res-2020-10')).toBeUndefined();
  });
});
