// Reference solution. A web app on ECS Fargate behind an internet-facing Application Load Balancer.
//
//   internet ──443──▶ ALB (public subnets) ──8080──▶ tasks (private subnets) ──NAT──▶ internet
//
// Two security groups decide who may talk to whom. Read them as sentences:
//   "the load balancer accepts HTTPS from anyone"
//   "the tasks accept the app port from the load balancer, and nobody else"
import { Stack, type StackProps } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import type { Construct } from 'constructs';

/** The port the container listens on (nginx-unprivileged serves on 8080). */
const APP_PORT = 8080;

/** An example certificate: offline synthesis never looks it up. Use your own ARN on AWS. */
const CERTIFICATE_ARN = 'arn:aws:acm:us-east-1:123456789012:certificate/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b';

export class SecurityGroupsStack extends Stack {
  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);

    // Two Availability Zones, each with a public subnet (routed to the internet gateway) and a
    // private one (outbound only, through a NAT gateway). One NAT gateway keeps the lab cheap.
    const vpc = new ec2.Vpc(this, 'Vpc', {
      maxAzs: 2,
      natGateways: 1,
      subnetConfiguration: [
        { name: 'Public', subnetType: ec2.SubnetType.PUBLIC, cidrMask: 24 },
        { name: 'App', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, cidrMask: 24 },
      ],
    });

    // Every rule below has a reason that can be said out loud; anything without one is not here.

    // The load balancer's group: the one door the internet may knock on.
    const albSecurityGroup = new ec2.SecurityGroup(this, 'AlbSecurityGroup', {
      vpc,
      description: 'Load balancer: web traffic from the internet',
      // CDK adds exactly the egress the load balancer needs (to the tasks) when targets are registered.
      allowAllOutbound: false,
    });
    albSecurityGroup.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(443), 'HTTPS from anyone');
    albSecurityGroup.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(80), 'HTTP, only to redirect to HTTPS');

    // The tasks' group: only the load balancer gets in, and only on the app port.
    const taskSecurityGroup = new ec2.SecurityGroup(this, 'TaskSecurityGroup', {
      vpc,
      description: 'App tasks: traffic from the load balancer only',
      // Tasks call out (image pulls, APIs) through the NAT gateway.
      allowAllOutbound: true,
    });
    taskSecurityGroup.connections.allowFrom(albSecurityGroup, ec2.Port.tcp(APP_PORT), 'App port, from the load balancer');

    const cluster = new ecs.Cluster(this, 'Cluster', { vpc });

    const taskDefinition = new ecs.FargateTaskDefinition(this, 'TaskDefinition', {
      cpu: 256,
      memoryLimitMiB: 512,
    });
    taskDefinition.addContainer('web', {
      image: ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx-unprivileged:stable-alpine'),
      portMappings: [{ containerPort: APP_PORT }],
      logging: ecs.LogDrivers.awsLogs({ streamPrefix: 'web' }),
    });

    const service = new ecs.FargateService(this, 'Service', {
      cluster,
      taskDefinition,
      // Two tasks: ECS spreads them over both Availability Zones.
      desiredCount: 2,
      securityGroups: [taskSecurityGroup],
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      assignPublicIp: false,
    });

    // The load balancer lives in the public subnets. `open: false` on the listeners means the
    // security group rules above, and nothing else, decide who may connect.
    const alb = new elbv2.ApplicationLoadBalancer(this, 'Alb', {
      vpc,
      internetFacing: true,
      securityGroup: albSecurityGroup,
      vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC },
    });

    const https = alb.addListener('Https', {
      port: 443,
      open: false,
      certificates: [acm.Certificate.fromCertificateArn(this, 'Certificate', CERTIFICATE_ARN)],
      sslPolicy: elbv2.SslPolicy.RECOMMENDED_TLS,
    });
    https.addTargets('Web', {
      port: APP_PORT,
      protocol: elbv2.ApplicationProtocol.HTTP,
      targets: [service],
      healthCheck: { path: '/' },
    });

    // Port 80 only sends browsers on to HTTPS; it never serves the app in plain text.
    alb.addListener('Http', {
      port: 80,
      open: false,
      defaultAction: elbv2.ListenerAction.redirect({ protocol: 'HTTPS', port: '443', permanent: true }),
    });
  }
}
