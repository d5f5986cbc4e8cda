// Reference solution. A web app on ECS Fargate behind an internet-facing Application Load Balancer, with a network
// ACL on the subnets where the tasks run.
//
//   internet ──443──▶ ALB (public subnets) ──8080──▶ tasks (app subnets) ──443──▶ NAT ──▶ internet
//                                                   └── network ACL: every packet, both ways ──┘
//
// Security groups follow connections (stateful): a reply always gets back. Network ACLs judge each
// packet on its own (stateless): a reply is just another packet, to the caller's ephemeral port,
// and needs its own rule. Rules are read lowest number first; the first match decides; anything
// no rule matches is denied.
import { Stack, type StackProps } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import type { Construct } from 'constructs';

/** The port the container listens on (nginx-unprivileged serves on 8080). */
const APP_PORT = 8080;
/** The VPC's address range: the load balancer's subnets are inside it. */
const VPC_CIDR = '10.0.0.0/16';
/**
 * The ports clients pick for their side of a connection, which replies go back to. AWS advises
 * allowing 1024-65535 in network ACLs to cover every client (docs: vpc-network-acls.html#nacl-ephemeral-ports).
 */
const EPHEMERAL_FROM = 1024;
const EPHEMERAL_TO = 65535;

/** An example certificate: offline synthesis never looks it up. Use your own ARN on AWS. */
const CERTIFICATE_ARN = 'arn:aws:acm:us-east-1:123456789012:certificate/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b';

export class NetworkAclsStack extends Stack {
  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);

    const vpc = new ec2.Vpc(this, 'Vpc', {
      ipAddresses: ec2.IpAddresses.cidr(VPC_CIDR),
      maxAzs: 2,
      natGateways: 1,
      subnetConfiguration: [
        { name: 'Public', subnetType: ec2.SubnetType.PUBLIC, cidrMask: 24 },
        { name: 'App', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, cidrMask: 24 },
      ],
    });

    // Every rule has a direction, a reason and a place in the order; the replies have their own rules.
    const appAcl = new ec2.NetworkAcl(this, 'AppSubnetsAcl', {
      vpc,
      subnetSelection: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
    });
    const rule = (id: string, ruleNumber: number, direction: ec2.TrafficDirection, cidr: ec2.AclCidr, traffic: ec2.AclTraffic, ruleAction = ec2.Action.ALLOW) =>
      appAcl.addEntry(id, { ruleNumber, direction, cidr, traffic, ruleAction });

    // Inbound, lowest number first.
    rule('DenySshIn', 100, ec2.TrafficDirection.INGRESS, ec2.AclCidr.anyIpv4(), ec2.AclTraffic.tcpPort(22), ec2.Action.DENY);
    rule('DenyRdpIn', 110, ec2.TrafficDirection.INGRESS, ec2.AclCidr.anyIpv4(), ec2.AclTraffic.tcpPort(3389), ec2.Action.DENY);
    rule('AppFromVpc', 200, ec2.TrafficDirection.INGRESS, ec2.AclCidr.ipv4(VPC_CIDR), ec2.AclTraffic.tcpPort(APP_PORT));
    // Replies to the tasks' own calls (image pulls, logs) come back from the internet through the NAT gateway.
    rule('RepliesIn', 300, ec2.TrafficDirection.INGRESS, ec2.AclCidr.anyIpv4(), ec2.AclTraffic.tcpPortRange(EPHEMERAL_FROM, EPHEMERAL_TO));

    // Outbound.
    rule('HttpsOut', 100, ec2.TrafficDirection.EGRESS, ec2.AclCidr.anyIpv4(), ec2.AclTraffic.tcpPort(443));
    // Replies to the load balancer, which connects from its own ephemeral ports.
    rule('RepliesOut', 200, ec2.TrafficDirection.EGRESS, ec2.AclCidr.ipv4(VPC_CIDR), ec2.AclTraffic.tcpPortRange(EPHEMERAL_FROM, EPHEMERAL_TO));

    const albSecurityGroup = new ec2.SecurityGroup(this, 'AlbSecurityGroup', {
      vpc,
      description: 'Load balancer: web traffic from the internet',
      allowAllOutbound: false,
    });
    albSecurityGroup.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(443), 'HTTPS from anyone');
    albSecurityGroup.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(80), 'HTTP, only to redirect to HTTPS');

    const taskSecurityGroup = new ec2.SecurityGroup(this, 'TaskSecurityGroup', {
      vpc,
      description: 'App tasks: traffic from the load balancer only',
      allowAllOutbound: true,
    });
    taskSecurityGroup.connections.allowFrom(albSecurityGroup, ec2.Port.tcp(APP_PORT), 'App port, from the load balancer');

    const cluster = new ecs.Cluster(this, 'Cluster', { vpc });
    const taskDefinition = new ecs.FargateTaskDefinition(this, 'TaskDefinition', { cpu: 256, memoryLimitMiB: 512 });
    taskDefinition.addContainer('web', {
      image: ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx-unprivileged:stable-alpine'),
      portMappings: [{ containerPort: APP_PORT }],
      logging: ecs.LogDrivers.awsLogs({ streamPrefix: 'web' }),
    });
    const service = new ecs.FargateService(this, 'Service', {
      cluster,
      taskDefinition,
      desiredCount: 2,
      // Keep both tasks serving while a deployment starts new ones (and no CDK warning).
      minHealthyPercent: 100,
      securityGroups: [taskSecurityGroup],
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      assignPublicIp: false,
    });

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
    https.addTargets('Web', { port: APP_PORT, protocol: elbv2.ApplicationProtocol.HTTP, targets: [service], healthCheck: { path: '/' } });
    alb.addListener('Http', {
      port: 80,
      open: false,
      defaultAction: elbv2.ListenerAction.redirect({ protocol: 'HTTPS', port: '443', permanent: true }),
    });
  }
}
