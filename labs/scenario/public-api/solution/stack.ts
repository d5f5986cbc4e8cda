// Reference solution. The rates API: a public JSON API on ECS Fargate that partners call.
//
//   client ──443 (TLS 1.3 policy)──▶ AWS WAF web ACL ──▶ ALB ──8080──▶ tasks (private subnets)
//   client ──80──▶ ALB: 301 to https://
//
// At the edge: TLS ends at the load balancer, which adds the security headers to every response;
// the web ACL throttles each client and runs the AWS managed baseline rules; CloudWatch alarms
// watch what the clients feel — error rates, p99 latency, traffic — and notify the on-call topic.
import { Duration, Stack, type StackProps } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as targets from 'aws-cdk-lib/aws-route53-targets';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import type { Construct } from 'constructs';

/** The port the container listens on. */
const APP_PORT = 8080;
/** The name partners call. */
const DOMAIN = 'api.example.com';
/** The API's published limit: 600 requests a minute per client address (10 a second). */
const REQUESTS_PER_MINUTE = 600;
/** The web ACL counts each client's requests over the last 60 seconds (60, 120, 300 or 600). */
const RATE_WINDOW_SECONDS = 60;
/** One year, in seconds: the HSTS max-age the browsers' preload list asks for. */
const ONE_YEAR_SECONDS = 31_536_000;

export class PublicApiStack extends Stack {
  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);

    const vpc = new ec2.Vpc(this, 'Vpc', { maxAzs: 2, natGateways: 1 });
    const cluster = new ecs.Cluster(this, 'Cluster', { vpc });
    const taskDefinition = new ecs.FargateTaskDefinition(this, 'TaskDef', { cpu: 256, memoryLimitMiB: 512 });
    taskDefinition.addContainer('api', {
      image: ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx:stable'),
      portMappings: [{ containerPort: APP_PORT }],
    });
    const service = new ecs.FargateService(this, 'Service', { cluster, taskDefinition, desiredCount: 2, assignPublicIp: false, minHealthyPercent: 100 });

    // ---- TLS at the load balancer --------------------------------------------------------------

    const zone = route53.HostedZone.fromHostedZoneAttributes(this, 'Zone', { hostedZoneId: 'Z0123456789ABCDEFGHIJ', zoneName: 'example.com' });
    // DNS validation in our zone: ACM renews the certificate on its own.
    const certificate = new acm.Certificate(this, 'Certificate', { domainName: DOMAIN, validation: acm.CertificateValidation.fromDns(zone) });

    const alb = new elbv2.ApplicationLoadBalancer(this, 'Alb', { vpc, internetFacing: true, dropInvalidHeaderFields: true });
    const https = alb.addListener('Https', { port: 443, certificates: [certificate], sslPolicy: elbv2.SslPolicy.RECOMMENDED_TLS });
    https.addTargets('Api', { port: APP_PORT, protocol: elbv2.ApplicationProtocol.HTTP, targets: [service], healthCheck: { path: '/' } });
    alb.addListener('Http', { port: 80, defaultAction: elbv2.ListenerAction.redirect({ protocol: 'HTTPS', port: '443', permanent: true }) });
    new route53.ARecord(this, 'ApiRecord', { zone, recordName: 'api', target: route53.RecordTarget.fromAlias(new targets.LoadBalancerTarget(alb)) });

    // ---- Security headers, added by the load balancer to every HTTPS response -------------------

    https.setAttribute('routing.http.response.strict_transport_security.header_value', `max-age=${ONE_YEAR_SECONDS}; includeSubDomains`);
    https.setAttribute('routing.http.response.x_content_type_options.header_value', 'nosniff');
    https.setAttribute('routing.http.response.x_frame_options.header_value', 'DENY');
    // A JSON API loads nothing and is framed by nobody.
    https.setAttribute('routing.http.response.content_security_policy.header_value', "default-src 'none'; frame-ancestors 'none'");

    // ---- AWS WAF: a rate limit per client and the AWS managed baseline -------------------------

    const visibility = (metricName: string) => ({ cloudWatchMetricsEnabled: true, metricName, sampledRequestsEnabled: true });
    const managedGroup = (name: string, priority: number): wafv2.CfnWebACL.RuleProperty => ({
      name,
      priority,
      overrideAction: { none: {} },
      statement: { managedRuleGroupStatement: { vendorName: 'AWS', name } },
      visibilityConfig: visibility(name),
    });
    const webAcl = new wafv2.CfnWebACL(this, 'WebAcl', {
      scope: 'REGIONAL',
      defaultAction: { allow: {} },
      visibilityConfig: visibility('RatesApi'),
      rules: [
        {
          name: 'RateLimitPerClient',
          priority: 0,
          // Block answers 403 by default; partners read 429 as "slow down".
          action: { block: { customResponse: { responseCode: 429 } } },
          statement: {
            rateBasedStatement: {
              limit: (REQUESTS_PER_MINUTE * RATE_WINDOW_SECONDS) / 60,
              evaluationWindowSec: RATE_WINDOW_SECONDS,
              aggregateKeyType: 'IP',
            },
          },
          visibilityConfig: visibility('RateLimitPerClient'),
        },
        managedGroup('AWSManagedRulesCommonRuleSet', 1),
        managedGroup('AWSManagedRulesKnownBadInputsRuleSet', 2),
      ],
    });
    new wafv2.CfnWebACLAssociation(this, 'WebAclAssociation', { resourceArn: alb.loadBalancerArn, webAclArn: webAcl.attrArn });

    // ---- What the clients feel, alarmed --------------------------------------------------------

    const onCall = new sns.Topic(this, 'OnCall');
    const page = new actions.SnsAction(onCall);
    const minute = Duration.minutes(1);
    // Error counts are reported only when they are not zero: FILL(errors, 0) keeps the rate defined.
    const errorRate = (code: elbv2.HttpCodeTarget) =>
      new cloudwatch.MathExpression({
        expression: '100 * FILL(errors, 0) / requests',
        usingMetrics: { errors: alb.metrics.httpCodeTarget(code, { period: minute }), requests: alb.metrics.requestCount({ period: minute }) },
        period: minute,
        label: `${code} (% of requests)`,
      });
    // More than 1 % of requests failing on our side, 3 minutes running.
    new cloudwatch.Alarm(this, 'Error5xxRate', { metric: errorRate(elbv2.HttpCodeTarget.TARGET_5XX_COUNT), threshold: 1, evaluationPeriods: 3, treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING }).addAlarmAction(page);
    // Clients getting 4xx far above normal: a broken client release, an attack, the rate limit biting.
    new cloudwatch.Alarm(this, 'Error4xxRate', { metric: errorRate(elbv2.HttpCodeTarget.TARGET_4XX_COUNT), threshold: 10, evaluationPeriods: 5, treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING }).addAlarmAction(page);
    // The slowest 1 % of requests above 1.5 s.
    new cloudwatch.Alarm(this, 'LatencyP99', { metric: alb.metrics.targetResponseTime({ period: minute, statistic: 'p99' }), threshold: 1.5, evaluationPeriods: 3, treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING }).addAlarmAction(page);
    // Traffic gone: RequestCount has no data when nobody calls, so missing data breaches.
    new cloudwatch.Alarm(this, 'NoTraffic', {
      metric: alb.metrics.requestCount({ period: Duration.minutes(5) }),
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
      evaluationPeriods: 3,
      treatMissingData: cloudwatch.TreatMissingData.BREACHING,
    }).addAlarmAction(page);
  }
}
