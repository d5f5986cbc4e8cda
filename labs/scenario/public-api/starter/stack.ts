// The rates API: a public JSON API on ECS Fargate that partners call. TLS is done (the security
// layer's lab); the rest of the edge is the team's first pass. The TODOs mark what the brief asks.
//
//   client ──443 (TLS 1.3 policy)──▶ AWS WAF web ACL ──▶ ALB ──8080──▶ tasks (private subnets)
//   client ──80──▶ ALB: 301 to https://
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

    // TODO: HSTS, X-Content-Type-Options, X-Frame-Options and a Content-Security-Policy on every
    // response, added here rather than in the app (listener attributes, see the brief).

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
        // TODO: the published limit is REQUESTS_PER_MINUTE per client; nothing enforces it yet.
        managedGroup('AWSManagedRulesCommonRuleSet', 1),
        managedGroup('AWSManagedRulesKnownBadInputsRuleSet', 2),
      ],
    });
    new wafv2.CfnWebACLAssociation(this, 'WebAclAssociation', { resourceArn: alb.loadBalancerArn, webAclArn: webAcl.attrArn });

    // ---- What the clients feel, alarmed --------------------------------------------------------

    const onCall = new sns.Topic(this, 'OnCall');
    const page = new actions.SnsAction(onCall);
    const minute = Duration.minutes(1);
    // More than 5 server errors a minute, 3 minutes running.
    // TODO: is 5 a minute bad at 60 requests a minute? At 60,000? And who hears about 4xx, or about
    // traffic that stops altogether?
    new cloudwatch.Alarm(this, 'Errors5xx', { metric: alb.metrics.httpCodeTarget(elbv2.HttpCodeTarget.TARGET_5XX_COUNT, { period: minute }), threshold: 5, evaluationPeriods: 3, treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING }).addAlarmAction(page);
    // The slowest 1 % of requests above 1.5 s.
    new cloudwatch.Alarm(this, 'LatencyP99', { metric: alb.metrics.targetResponseTime({ period: minute, statistic: 'p99' }), threshold: 1.5, evaluationPeriods: 3, treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING }).addAlarmAction(page);
  }
}
