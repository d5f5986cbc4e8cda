// Test fixture for the TLS checks: an internet-facing ALB in front of a Fargate service, built
// from real constructs, with switches that misconfigure one thing at a time.
import { App, Stack } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as route53 from 'aws-cdk-lib/aws-route53';

export interface TlsStackOptions {
  sslPolicy?: elbv2.SslPolicy | null;
  /** How the certificate is made: DNS with a zone (default), DNS without one, email, an IAM certificate ARN. */
  certificate?: 'dns-zone' | 'dns-manual' | 'email' | 'iam' | 'imported-acm';
  /** What port 80 does (default redirect to 443). */
  http?: 'redirect' | 'redirect-same-port' | 'forward' | 'none';
  /** Serve from an HTTP listener on 8080 instead of HTTPS. */
  noHttps?: boolean;
  dropInvalidHeaderFields?: boolean;
  internal?: boolean;
}

export function tlsStack(opts: TlsStackOptions = {}): Stack {
  const stack = new Stack(new App(), 'Test');
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 0 });
  const cluster = new ecs.Cluster(stack, 'Cluster', { vpc });
  const task = new ecs.FargateTaskDefinition(stack, 'Task');
  task.addContainer('app', { image: ecs.ContainerImage.fromRegistry('nginx'), portMappings: [{ containerPort: 8080 }] });
  const service = new ecs.FargateService(stack, 'Service', { cluster, taskDefinition: task, vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC }, assignPublicIp: true });
  const alb = new elbv2.ApplicationLoadBalancer(stack, 'Alb', { vpc, internetFacing: !opts.internal, dropInvalidHeaderFields: opts.dropInvalidHeaderFields ?? true });

  if (opts.noHttps) {
    alb.addListener('Plain', { port: 8080, protocol: elbv2.ApplicationProtocol.HTTP }).addTargets('App', { port: 8080, targets: [service] });
  } else {
    const https = alb.addListener('Https', {
      port: 443,
      certificates: [certificate(stack, opts.certificate ?? 'dns-zone')],
      ...(opts.sslPolicy === null ? {} : { sslPolicy: opts.sslPolicy ?? elbv2.SslPolicy.RECOMMENDED_TLS }),
    });
    https.addTargets('App', { port: 8080, protocol: elbv2.ApplicationProtocol.HTTP, targets: [service] });
  }
  const http = opts.http ?? 'redirect';
  if (http === 'redirect' || http === 'redirect-same-port') {
    const port = http === 'redirect' ? '443' : undefined;
    alb.addListener('Http', { port: 80, defaultAction: elbv2.ListenerAction.redirect({ protocol: 'HTTPS', port, permanent: true }) });
  } else if (http === 'forward') {
    alb.addListener('Http', { port: 80 }).addTargets('Plain', { port: 8080, protocol: elbv2.ApplicationProtocol.HTTP, targets: [service] });
  }
  return stack;
}

function certificate(stack: Stack, kind: NonNullable<TlsStackOptions['certificate']>): elbv2.IListenerCertificate {
  const zone = route53.HostedZone.fromHostedZoneAttributes(stack, 'Zone', { hostedZoneId: 'Z0123456789ABCDEFGHIJ', zoneName: 'example.com' });
  const domainName = 'app.example.com';
  switch (kind) {
    case 'dns-zone':
      return new acm.Certificate(stack, 'Cert', { domainName, subjectAlternativeNames: ['www.example.com'], validation: acm.CertificateValidation.fromDns(zone) });
    case 'dns-manual':
      return new acm.Certificate(stack, 'Cert', { domainName, validation: acm.CertificateValidation.fromDns() });
    case 'email':
      return new acm.Certificate(stack, 'Cert', { domainName, validation: acm.CertificateValidation.fromEmail() });
    case 'iam':
      return elbv2.ListenerCertificate.fromArn('arn:aws:iam::123456789012:server-certificate/app');
    case 'imported-acm':
      return acm.Certificate.fromCertificateArn(stack, 'Cert', 'arn:aws:acm:us-east-1:123456789012:certificate/11111111-2222-3333-4444-555555555555');
  }
}
