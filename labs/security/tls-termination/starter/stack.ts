// A web app on ECS Fargate behind an internet-facing Application Load Balancer that ends TLS.
//
//   browser ──443 (TLS)──▶ ALB ──8080 (HTTP, inside the VPC)──▶ tasks (private subnets)
//   browser ──80─────────▶ ALB: 301 to https://
//
// The certificate for app.example.com comes from AWS Certificate Manager (ACM); the domain's
// DNS lives in the Route 53 hosted zone example.com. What each part promises is the lab: brief.md.
import { Stack, type StackProps } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as targets from 'aws-cdk-lib/aws-route53-targets';
import type { Construct } from 'constructs';

/** The port the container listens on. */
const APP_PORT = 8080;
/** The name browsers use. */
const DOMAIN = 'app.example.com';

export class TlsTerminationStack extends Stack {
  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);

    const vpc = new ec2.Vpc(this, 'Vpc', { maxAzs: 2, natGateways: 1 });
    const cluster = new ecs.Cluster(this, 'Cluster', { vpc });

    const taskDefinition = new ecs.FargateTaskDefinition(this, 'TaskDef', { cpu: 256, memoryLimitMiB: 512 });
    taskDefinition.addContainer('app', {
      image: ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx:stable'),
      portMappings: [{ containerPort: APP_PORT }],
    });
    const service = new ecs.FargateService(this, 'Service', {
      cluster,
      taskDefinition,
      desiredCount: 2,
      assignPublicIp: false,
      minHealthyPercent: 100,
      circuitBreaker: { rollback: true },
    });

    // ---- The certificate ----------------------------------------------------------------------

    // The company's public hosted zone, managed elsewhere; the stack may add records to it.
    const zone = route53.HostedZone.fromHostedZoneAttributes(this, 'Zone', { hostedZoneId: 'Z0123456789ABCDEFGHIJ', zoneName: 'example.com' });

    // TODO: last year this certificate expired on a Sunday and the site was down until Monday
    //       (see brief.md). Make sure ACM can renew it without anyone.
    const certificate = new acm.Certificate(this, 'Certificate', {
      domainName: DOMAIN,
      validation: acm.CertificateValidation.fromEmail(),
    });

    // ---- The load balancer --------------------------------------------------------------------

    const alb = new elbv2.ApplicationLoadBalancer(this, 'Alb', {
      vpc,
      internetFacing: true,
      // Header names that break the HTTP rules are dropped here, not passed to the app.
      dropInvalidHeaderFields: true,
    });

    // HTTPS on 443: TLS ends here, with a TLS 1.3 policy whose floor is TLS 1.2.
    const https = alb.addListener('Https', {
      port: 443,
      certificates: [certificate],
      sslPolicy: elbv2.SslPolicy.RECOMMENDED_TLS,
    });
    https.addTargets('App', {
      port: APP_PORT,
      protocol: elbv2.ApplicationProtocol.HTTP,
      targets: [service],
      healthCheck: { path: '/' },
    });

    // HTTP on 80 exists only to send browsers on to HTTPS.
    alb.addListener('Http', {
      port: 80,
      defaultAction: elbv2.ListenerAction.redirect({ protocol: 'HTTPS', port: '443', permanent: true }),
    });

    // Browsers find the load balancer by name.
    new route53.ARecord(this, 'AppRecord', {
      zone,
      recordName: 'app',
      target: route53.RecordTarget.fromAlias(new targets.LoadBalancerTarget(alb)),
    });
  }
}
