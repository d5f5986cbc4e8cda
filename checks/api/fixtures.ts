// Test fixture for the API checks: a small template written out by hand — an internet-facing ALB
// with an HTTPS listener, a web ACL and its association, alarms and an SNS topic — that each test
// changes one piece of. Checked through the same model the engine builds, with no synthesis.
import { runCheck } from '../../engine/checking/run-checks';
import { StackModel } from '../../engine/model/model';
import type { CfnTemplate, CheckDefinition, CheckResult } from '../../engine/types';
import { HEADER_ATTRIBUTES } from './security-headers';

export const GOOD_HEADERS: Record<string, string> = {
  [HEADER_ATTRIBUTES.hsts]: 'max-age=31536000; includeSubDomains',
  [HEADER_ATTRIBUTES.contentTypeOptions]: 'nosniff',
  [HEADER_ATTRIBUTES.frameOptions]: 'DENY',
  [HEADER_ATTRIBUTES.csp]: "default-src 'none'; frame-ancestors 'none'",
};

export const RATE_RULE = {
  Name: 'RateLimit',
  Priority: 0,
  Action: { Block: {} },
  Statement: { RateBasedStatement: { Limit: 600, AggregateKeyType: 'IP', EvaluationWindowSec: 60 } },
  VisibilityConfig: { CloudWatchMetricsEnabled: true, MetricName: 'RateLimit', SampledRequestsEnabled: true },
};

export const managedRule = (name: string, priority: number, override: 'None' | 'Count' = 'None') => ({
  Name: name,
  Priority: priority,
  OverrideAction: { [override]: {} },
  Statement: { ManagedRuleGroupStatement: { VendorName: 'AWS', Name: name } },
  VisibilityConfig: { CloudWatchMetricsEnabled: true, MetricName: name, SampledRequestsEnabled: true },
});

const LB_DIMENSION = { Name: 'LoadBalancer', Value: { 'Fn::GetAtt': ['Alb', 'LoadBalancerFullName'] } };

const stat = (id: string, metric: string) => ({
  Id: id,
  ReturnData: false,
  MetricStat: { Metric: { Namespace: 'AWS/ApplicationELB', MetricName: metric, Dimensions: [LB_DIMENSION] }, Period: 60, Stat: 'Sum' },
});

/** A metric math alarm on `100 * FILL(errors, 0) / requests`. */
export const rateAlarm = (errorMetric: string, expression = '100 * FILL(errors, 0) / requests') => ({
  Type: 'AWS::CloudWatch::Alarm',
  Properties: {
    ComparisonOperator: 'GreaterThanThreshold',
    EvaluationPeriods: 3,
    Threshold: 5,
    AlarmActions: [{ Ref: 'Alerts' }],
    Metrics: [{ Id: 'rate', Expression: expression, ReturnData: true }, stat('errors', errorMetric), stat('requests', 'RequestCount')],
  },
});

export const countAlarm = (metric: string) => ({
  Type: 'AWS::CloudWatch::Alarm',
  Properties: {
    ComparisonOperator: 'LessThanThreshold',
    EvaluationPeriods: 5,
    Threshold: 1,
    AlarmActions: [{ Ref: 'Alerts' }],
    Namespace: 'AWS/ApplicationELB',
    MetricName: metric,
    Dimensions: [LB_DIMENSION],
    Statistic: 'Sum',
    Period: 60,
  },
});

export interface ApiTemplateOptions {
  headers?: Record<string, string>;
  rules?: unknown[];
  scope?: string;
  /** Leave out the WebACLAssociation. */
  unassociated?: boolean;
  alarms?: Record<string, unknown>;
}

export function apiTemplate(opts: ApiTemplateOptions = {}): CfnTemplate {
  const headers = opts.headers ?? GOOD_HEADERS;
  return {
    Resources: {
      Alb: { Type: 'AWS::ElasticLoadBalancingV2::LoadBalancer', Properties: { Scheme: 'internet-facing', Type: 'application', Subnets: ['subnet-0aaaaaaaaaaaaaaa1', 'subnet-0aaaaaaaaaaaaaaa2'] } },
      Https: {
        Type: 'AWS::ElasticLoadBalancingV2::Listener',
        Properties: {
          LoadBalancerArn: { Ref: 'Alb' },
          Port: 443,
          Protocol: 'HTTPS',
          DefaultActions: [{ Type: 'fixed-response', FixedResponseConfig: { StatusCode: '200' } }],
          ListenerAttributes: Object.entries(headers).map(([Key, Value]) => ({ Key, Value })),
        },
      },
      WebAcl: {
        Type: 'AWS::WAFv2::WebACL',
        Properties: {
          Scope: opts.scope ?? 'REGIONAL',
          DefaultAction: { Allow: {} },
          Rules: opts.rules ?? [RATE_RULE, managedRule('AWSManagedRulesCommonRuleSet', 1), managedRule('AWSManagedRulesKnownBadInputsRuleSet', 2)],
          VisibilityConfig: { CloudWatchMetricsEnabled: true, MetricName: 'Api', SampledRequestsEnabled: true },
        },
      },
      ...(opts.unassociated ? {} : { WafAssociation: { Type: 'AWS::WAFv2::WebACLAssociation', Properties: { ResourceArn: { Ref: 'Alb' }, WebACLArn: { 'Fn::GetAtt': ['WebAcl', 'Arn'] } } } }),
      Alerts: { Type: 'AWS::SNS::Topic', Properties: {} },
      ...(opts.alarms ?? {
        Rate4xx: rateAlarm('HTTPCode_Target_4XX_Count'),
        Rate5xx: rateAlarm('HTTPCode_Target_5XX_Count'),
        Traffic: countAlarm('RequestCount'),
      }),
    },
  };
}

export function checkTemplate(check: CheckDefinition<any>, template: CfnTemplate, params: Record<string, unknown> = {}): Promise<CheckResult> {
  return runCheck(check, { template, model: new StackModel(template) }, params);
}
