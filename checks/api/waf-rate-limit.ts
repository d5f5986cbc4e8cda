import type { StackModel } from '../../engine/model/model';
import type { LoadBalancer } from '../../engine/model/network';
import { defineCheck, type Finding } from '../../engine/types';
import { publicAlbs } from '../tls/load-balancers';
import { ASSOCIATE_HINT, noWebAclMessage, regional, webAclsOf, type WafRule } from './web-acls';

interface Params {
  /** The most requests a minute one client may make before the rule blocks it; unset: any limit. */
  maxRequestsPerMinute?: number;
}

/** AWS WAF's default evaluation window when a rate-based statement names none (EvaluationWindowSec). */
const DEFAULT_WINDOW_SECONDS = 300;
const SECONDS_PER_MINUTE = 60;
/** Aggregations that count each client on its own; CONSTANT counts every matching request together. */
const PER_CLIENT = new Set(['IP', 'FORWARDED_IP', 'CUSTOM_KEYS']);

const RULE_HINT =
  "Add a rule { name: 'RateLimit', priority: 0, action: { block: {} }, statement: { rateBasedStatement: { limit: …, " +
  "aggregateKeyType: 'IP', evaluationWindowSec: 60 } }, visibilityConfig: {…} } to the web ACL.";

/**
 * Every internet-facing ALB has a REGIONAL AWS WAF web ACL associated, with a rate-based rule that
 * counts each client on its own (IP, forwarded IP or custom keys) and blocks it above the limit.
 * A rule in Count mode only measures; a CONSTANT aggregation throttles all clients together, so one
 * noisy client locks out everyone. With `maxRequestsPerMinute`, the limit (per evaluation window)
 * must not allow more than that.
 */
export const wafRateLimit = defineCheck<Params>({
  id: 'api.waf-rate-limit',
  title: 'An AWS WAF web ACL on the load balancer blocks clients that exceed a rate limit',
  severity: 'high',
  why:
    'A public API without a rate limit lets one client — a scraper, a credential-stuffing script, a retry loop — take ' +
    'capacity meant for everyone and run up the bill as the service scales out. A rate-based rule in AWS WAF counts ' +
    'the requests of each client over a short window and blocks the ones above the limit at the load balancer, before ' +
    'they reach a task.',
  refs: {
    securityHub: ['ELB.16'],
    wellArchitected: ['REL05-BP02 Throttle requests'],
    docs: [
      'https://docs.aws.amazon.com/waf/latest/developerguide/waf-rule-statement-type-rate-based.html',
      'https://docs.aws.amazon.com/waf/latest/developerguide/waf-rule-statement-type-rate-based-high-level-settings.html',
    ],
  },
  params(raw) {
    const max = raw.maxRequestsPerMinute;
    if (max !== undefined && (typeof max !== 'number' || !(max > 0))) throw new Error('api.waf-rate-limit: maxRequestsPerMinute must be a positive number');
    return { maxRequestsPerMinute: max as number | undefined };
  },
  offline({ model, params }) {
    const albs = publicAlbs(model);
    if ('skip' in albs) return albs.skip;
    const findings = albs.ok.flatMap((lb) => judge(model, lb, params.maxRequestsPerMinute));
    return findings.length ? { status: 'fail', findings } : { status: 'pass' };
  },
});

function judge(model: StackModel, lb: LoadBalancer, maxPerMinute: number | undefined): Finding[] {
  const acls = webAclsOf(model, lb.logicalId).filter(regional);
  if (acls.length === 0) return [model.finding(lb.logicalId, noWebAclMessage(model, lb.logicalId), ASSOCIATE_HINT)];
  const rules = acls.flatMap((acl) => acl.rules.map((rule) => ({ acl: acl.logicalId, rule })));
  const rated = rules.filter(({ rule }) => rule.statement.RateBasedStatement);
  if (rated.some(({ rule }) => !problem(rule, maxPerMinute))) return [];
  const name = model.describe(lb.logicalId);
  if (rated.length === 0) {
    return acls.map((acl) => model.finding(acl.logicalId, `web ACL ${model.describe(acl.logicalId)} on load balancer ${name} has no rate-based rule, so no client is ever throttled`, RULE_HINT));
  }
  return rated.map(({ acl, rule }) => model.finding(acl, `rate-based rule ${rule.name} of web ACL ${model.describe(acl)} ${problem(rule, maxPerMinute)}`, RULE_HINT));
}

/** What keeps a rate-based rule from limiting each client, or undefined when it does. */
function problem(rule: WafRule, maxPerMinute: number | undefined): string | undefined {
  const s = rule.statement.RateBasedStatement ?? {};
  if (rule.action !== 'Block') return `has action ${rule.action ?? 'none'}: it counts or challenges clients over the limit but does not block them (an API client cannot solve a CAPTCHA)`;
  const aggregation = String(s.AggregateKeyType ?? '');
  if (!PER_CLIENT.has(aggregation)) return `aggregates ${aggregation || 'nothing'}: every client shares one counter, so one noisy client gets everyone blocked`;
  const perMinute = perMinuteLimit(s.Limit, s.EvaluationWindowSec);
  if (perMinute === undefined) return `has a limit that cannot be read (${JSON.stringify(s.Limit)})`;
  if (maxPerMinute !== undefined && perMinute > maxPerMinute) return `lets each client make ${round(perMinute)} requests a minute; this API allows ${maxPerMinute}`;
  return undefined;
}

/** A limit per evaluation window as requests a minute (2,000 per 300 s → 400 a minute). */
export function perMinuteLimit(limit: unknown, windowSeconds: unknown): number | undefined {
  const n = Number(limit);
  const w = windowSeconds === undefined ? DEFAULT_WINDOW_SECONDS : Number(windowSeconds);
  if (!Number.isFinite(n) || !Number.isFinite(w) || w <= 0) return undefined;
  return (n * SECONDS_PER_MINUTE) / w;
}

const round = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(1));
