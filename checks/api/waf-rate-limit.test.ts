import { describe, expect, it } from 'vitest';
import { apiTemplate, checkTemplate, managedRule, RATE_RULE } from './fixtures';
import { perMinuteLimit, wafRateLimit } from './waf-rate-limit';

const withRate = (change: (s: Record<string, unknown>) => Record<string, unknown>, action: Record<string, unknown> = { Block: {} }) =>
  apiTemplate({ rules: [{ ...RATE_RULE, Action: action, Statement: { RateBasedStatement: change({ ...RATE_RULE.Statement.RateBasedStatement }) } }] });

describe('api.waf-rate-limit', () => {
  it('Compliance 1: a REGIONAL web ACL on the load balancer blocks each IP above 600 a minute', async () => {
    expect((await checkTemplate(wafRateLimit, apiTemplate(), { maxRequestsPerMinute: 600 })).status).toBe('pass');
  });

  it('Noncompliance 1: a web ACL that is never associated', async () => {
    const r = await checkTemplate(wafRateLimit, apiTemplate({ unassociated: true }));
    expect(r.findings.map((f) => f.message)).toEqual(['load balancer Alb has no AWS WAF web ACL associated (web ACL WebAcl exists but protects nothing until a WebACLAssociation names the load balancer)']);
  });

  it('Noncompliance 2: a CLOUDFRONT web ACL cannot protect a load balancer', async () => {
    expect((await checkTemplate(wafRateLimit, apiTemplate({ scope: 'CLOUDFRONT' }))).status).toBe('fail');
  });

  it('Noncompliance 3: only managed rules, no rate-based rule', async () => {
    const r = await checkTemplate(wafRateLimit, apiTemplate({ rules: [managedRule('AWSManagedRulesCommonRuleSet', 1)] }));
    expect(r.findings.map((f) => f.message)).toEqual(['web ACL WebAcl on load balancer Alb has no rate-based rule, so no client is ever throttled']);
  });

  it('Noncompliance 4: the rate rule only counts', async () => {
    const r = await checkTemplate(wafRateLimit, withRate((s) => s, { Count: {} }));
    expect(r.findings[0].message).toMatch(/^rate-based rule RateLimit of web ACL WebAcl has action Count: it counts or challenges/);
  });

  it('Noncompliance 5: CONSTANT aggregation throttles every client together', async () => {
    const r = await checkTemplate(wafRateLimit, withRate((s) => ({ ...s, AggregateKeyType: 'CONSTANT' })));
    expect(r.findings[0].message).toMatch(/aggregates CONSTANT: every client shares one counter/);
  });

  it('Noncompliance 6: 10,000 per 5 minutes is 2,000 a minute, above the API\'s 600', async () => {
    const r = await checkTemplate(wafRateLimit, withRate(({ EvaluationWindowSec: _w, ...s }) => ({ ...s, Limit: 10000 })), { maxRequestsPerMinute: 600 });
    expect(r.findings[0].message).toMatch(/lets each client make 2000 requests a minute; this API allows 600$/);
  });

  it('Skip: no internet-facing load balancer', async () => {
    const t = apiTemplate();
    t.Resources!.Alb.Properties!.Scheme = 'internal';
    expect((await checkTemplate(wafRateLimit, t)).status).toBe('skip');
  });

  it('turns a limit per window into requests a minute', () => {
    expect(perMinuteLimit(2000, undefined)).toBe(400);
    expect(perMinuteLimit(100, 60)).toBe(100);
    expect(perMinuteLimit('x', 60)).toBeUndefined();
  });
});
