// The curriculum's practical scenario "public API" (scenario/public-api/*): TLS from the security
// layer, then the rest of a public API's edge — security headers, a rate limit and managed rules
// in AWS WAF, and alarms on what its clients feel. The edge checks live in checks/api/.
import { defineLab } from '../../../engine/types';

const CORE_RULE_SET = "        managedGroup('AWSManagedRulesCommonRuleSet', 1),\n";
const TLS_POLICY = 'sslPolicy: elbv2.SslPolicy.RECOMMENDED_TLS';
const ASSOCIATION = "    new wafv2.CfnWebACLAssociation(this, 'WebAclAssociation', { resourceArn: alb.loadBalancerArn, webAclArn: webAcl.attrArn });\n";

export default defineLab({
  id: 'scenario/public-api',
  title: 'Scenario: a public API — TLS, security headers, rate limiting and the metrics clients feel',
  layer: 'scenario',
  order: 3,
  minutes: 60,
  objectives: [
    'End TLS at the load balancer with a TLS 1.3 policy, a redirect from HTTP and a certificate that renews itself',
    'Add HSTS, X-Content-Type-Options, X-Frame-Options and a Content-Security-Policy to every response at the load balancer',
    'Throttle each client with an AWS WAF rate-based rule, and run the AWS managed baseline rule groups in block mode',
    'Alarm on the 4xx and 5xx rates, p99 latency and the request count, each notifying the on-call topic',
  ],
  covers: [
    'scenario/public-api/tls-at-alb',
    'scenario/public-api/security-headers',
    'scenario/public-api/rate-limiting',
    'scenario/public-api/api-metrics',
  ],
  entry: 'stack.ts',
  stackName: 'PublicApiLab',
  breaks: [
    {
      id: 'partner-exception',
      kind: 'code',
      story:
        'Launch day for a big partner: their Java 7 client could not finish a TLS handshake, and their bulk uploads were ' +
        'blocked by the core rule set. To get them live, a teammate moved the load balancer to an older TLS policy and ' +
        'set the core rule set to count only. The partner is live; so is everyone else who speaks old TLS or sends what ' +
        'the core rule set used to stop.',
      edits: [
        {
          file: 'stack.ts',
          find: CORE_RULE_SET,
          replace: "        // The partner's bulk uploads trip SizeRestrictions_BODY: count only, for now.\n        { ...managedGroup('AWSManagedRulesCommonRuleSet', 1), overrideAction: { count: {} } },\n",
        },
        { file: 'stack.ts', find: TLS_POLICY, replace: 'sslPolicy: elbv2.SslPolicy.TLS12 /* the partner client has no TLS 1.3 ciphers */' },
      ],
      breaks: ['api.waf-managed-rules', 'tls.https-policy'],
    },
    {
      id: 'waf-detached',
      kind: 'code',
      story:
        'While chasing a 403 that turned out to be the app\'s own, someone removed the web ACL\'s association "to rule WAF ' +
        'out" and never put it back. The web ACL still shows in the console, with all its rules — protecting nothing.',
      edits: [{ file: 'stack.ts', find: ASSOCIATION, replace: '    // Association removed while debugging a 403.\n' }],
      breaks: ['api.waf-managed-rules', 'api.waf-rate-limit'],
    },
  ],
  defaultBreak: 'partner-exception',
  checks: [
    { id: 'ecs.service-behind-listener', points: 1 },
    // Guard: nothing the offline checks cannot see (custom resources, transforms) may change the API's edge.
    { id: 'app.verifiable-offline', params: { services: ['elasticloadbalancing', 'wafv2', 'cloudwatch', 'acm', 'route53'] }, points: 1 },
    { id: 'network.alb-ingress-web-only', points: 1 },
    { id: 'tls.https-policy', points: 2 },
    { id: 'tls.http-redirects-to-https', points: 1 },
    { id: 'tls.drop-invalid-headers', points: 1 },
    { id: 'tls.certificate-auto-renews', points: 1 },
    { id: 'api.security-headers', points: 3 },
    { id: 'api.waf-rate-limit', params: { maxRequestsPerMinute: 600 }, points: 3 },
    { id: 'api.waf-managed-rules', points: 2 },
    // p99 latency and 5xx from the monitoring lab's check; rates and traffic from api.metrics-alarmed.
    { id: 'monitoring.alarms-cover-service', params: { signals: ['5xx', 'p99-latency'] }, points: 1 },
    { id: 'monitoring.alarm-dimensions-resolve', points: 1 },
    { id: 'api.metrics-alarmed', points: 3 },
  ],
  // The first pass is the task: no security headers, no rate limit, error counts instead of rates.
  taskChecks: ['api.security-headers', 'api.waf-rate-limit', 'api.metrics-alarmed'],
  hints: [
    'Look at the edge from a client\'s side: what does every response tell the browser, what stops one client from taking all the capacity, and how would you know that 2 % of calls fail — at 3 a.m. and at the daily peak?',
    'Headers: four listener attributes on the HTTPS listener (https.setAttribute(\'routing.http.response.…header_value\', …)). Rate limit: a rule with a rateBasedStatement (aggregate by IP, block) in the web ACL, first in priority. Metrics: a MathExpression of errors / requests for 4xx and 5xx, and an alarm on requestCount. The break: the TLS policy and the core rule set\'s override action.',
    "https.setAttribute for strict_transport_security (max-age=31536000; includeSubDomains), x_content_type_options (nosniff), x_frame_options (DENY) and content_security_policy (default-src 'none'; frame-ancestors 'none'); a rule { name: 'RateLimitPerClient', priority: 0, action: { block: {} }, statement: { rateBasedStatement: { limit: 600, evaluationWindowSec: 60, aggregateKeyType: 'IP' } }, visibilityConfig: visibility('RateLimitPerClient') }; new cloudwatch.MathExpression({ expression: '100 * FILL(errors, 0) / requests', usingMetrics: { errors: alb.metrics.httpCodeTarget(…), requests: alb.metrics.requestCount() } }) alarms for 4xx and 5xx, an alarm on alb.metrics.requestCount(); sslPolicy RECOMMENDED_TLS and overrideAction: { none: {} } again.",
  ],
});
