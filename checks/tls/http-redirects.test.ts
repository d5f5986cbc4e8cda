import { describe, expect, it } from 'vitest';
import { checkStack } from '../../engine/testing/offline-context';
import { tlsStack } from './fixtures';
import { httpRedirects } from './http-redirects';

describe('tls.http-redirects-to-https', () => {
  it('Compliance 1: port 80 redirects to HTTPS on 443', async () => {
    expect((await checkStack(httpRedirects, tlsStack())).status).toBe('pass');
  });

  it('Noncompliance 1: port 80 serves the app in plain text, naming the listener', async () => {
    const r = await checkStack(httpRedirects, tlsStack({ http: 'forward' }));
    expect(r.status).toBe('fail');
    expect(r.findings.map((f) => f.message)).toEqual(["load balancer Alb's HTTP listener on 80 answers in plain text instead of redirecting to HTTPS"]);
    expect(r.findings[0].constructPath).toBe('Test/Alb/Http/Resource');
  });

  it('Noncompliance 2: no listener on port 80 at all', async () => {
    const r = await checkStack(httpRedirects, tlsStack({ http: 'none' }));
    expect(r.findings.map((f) => f.message)).toEqual([expect.stringMatching(/^load balancer Alb has no listener on port 80/)]);
  });

  it('Noncompliance 3: a redirect that keeps port 80 (#{port}) reaches no HTTPS listener', async () => {
    const r = await checkStack(httpRedirects, tlsStack({ http: 'redirect-same-port' }));
    expect(r.findings.map((f) => f.message)).toEqual(["load balancer Alb's HTTP listener on 80 redirects to HTTPS on port #{port}, where no HTTPS listener of this load balancer answers"]);
  });

  it('skips a stack without an internet-facing load balancer', async () => {
    expect((await checkStack(httpRedirects, tlsStack({ internal: true }))).status).toBe('skip');
  });
});
