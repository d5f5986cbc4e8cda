import { describe, expect, it } from 'vitest';
import { apiTemplate, checkTemplate, GOOD_HEADERS } from './fixtures';
import { HEADER_ATTRIBUTES, hstsMaxAge, securityHeaders } from './security-headers';

const without = (key: string) => Object.fromEntries(Object.entries(GOOD_HEADERS).filter(([k]) => k !== key));
const messages = async (headers: Record<string, string>) => (await checkTemplate(securityHeaders, apiTemplate({ headers }))).findings.map((f) => f.message);

describe('api.security-headers', () => {
  it('Compliance 1: HSTS for a year, nosniff, DENY and a CSP without unsafe sources', async () => {
    expect((await checkTemplate(securityHeaders, apiTemplate())).status).toBe('pass');
  });

  it('Compliance 2: SAMEORIGIN and a two-year HSTS with preload', async () => {
    const r = await checkTemplate(securityHeaders, apiTemplate({ headers: { ...GOOD_HEADERS, [HEADER_ATTRIBUTES.frameOptions]: 'sameorigin', [HEADER_ATTRIBUTES.hsts]: 'max-age=63072000; includeSubDomains; preload' } }));
    expect(r.status).toBe('pass');
  });

  it('Noncompliance 1: no header modification at all names all four headers', async () => {
    const r = await checkTemplate(securityHeaders, apiTemplate({ headers: {} }));
    expect(r.status).toBe('fail');
    expect(r.findings.map((f) => f.message)).toEqual([
      'HTTPS listener Https adds no Strict-Transport-Security header',
      'HTTPS listener Https adds no X-Content-Type-Options header',
      'HTTPS listener Https adds no X-Frame-Options header',
      'HTTPS listener Https adds no Content-Security-Policy header',
    ]);
    expect(r.findings.every((f) => f.logicalId === 'Https')).toBe(true);
  });

  it('Noncompliance 2: an HSTS max-age of a day', async () => {
    expect(await messages({ ...GOOD_HEADERS, [HEADER_ATTRIBUTES.hsts]: 'max-age=86400' })).toEqual([
      'HTTPS listener Https adds Strict-Transport-Security "max-age=86400", whose max-age is 86400; it must be at least 31536000 seconds',
    ]);
  });

  it('Noncompliance 3: ALLOW-FROM, which browsers ignore', async () => {
    expect(await messages({ ...GOOD_HEADERS, [HEADER_ATTRIBUTES.frameOptions]: 'ALLOW-FROM https://partner.example.com' })).toEqual([
      'HTTPS listener Https adds X-Frame-Options "ALLOW-FROM https://partner.example.com"; browsers honour only DENY and SAMEORIGIN',
    ]);
  });

  it("Noncompliance 4: a CSP with 'unsafe-inline', and a missing nosniff", async () => {
    expect(await messages({ ...without(HEADER_ATTRIBUTES.contentTypeOptions), [HEADER_ATTRIBUTES.csp]: "default-src 'self' 'unsafe-inline'" })).toEqual([
      'HTTPS listener Https adds no X-Content-Type-Options header',
      "HTTPS listener Https adds a Content-Security-Policy that allows 'unsafe-inline', which turns its script protection off",
    ]);
  });

  it('Skip: no internet-facing load balancer', async () => {
    const t = apiTemplate();
    t.Resources!.Alb.Properties!.Scheme = 'internal';
    expect((await checkTemplate(securityHeaders, t)).status).toBe('skip');
  });

  it('reads max-age wherever it stands in the value', () => {
    expect(hstsMaxAge('includeSubDomains; max-age=31536000')).toBe(31536000);
    expect(hstsMaxAge('includeSubDomains')).toBeUndefined();
  });
});
