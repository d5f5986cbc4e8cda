// Reference solution. Two services on ECS Fargate: a web frontend behind the load balancer, and an API backend that
// only the frontend calls, by name, through ECS Service Connect.
//
//   internet ──443──▶ ALB ──8080──▶ frontend tasks ──"http://backend:8080"──▶ backend tasks
//                                   (Service Connect proxy)                 (no load balancer, no public path)
//
// Service Connect adds a proxy to every task of a service that uses it: a backend publishes a name
// in the cluster's namespace, a client's proxy resolves it, spreads the calls over healthy tasks
// and retries failures.
import { Stack, type StackProps } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import type { Construct } from 'constructs';

/** The port both containers listen on. */
const APP_PORT = 8080;
/** The VPC's address range. */
const VPC_CIDR = '10.0.0.0/16';
/** The name the frontend calls the backend by. */
const BACKEND_NAME = 'backend';

/** An example certificate: offline synthesis never looks it up. Use your own ARN on AWS. */
const CERTIFICATE_ARN = 'arn:aws:acm:us-east-1:123456789012:certificate/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b';

export class ServiceDiscoveryStack extends Stack {
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

    // The cluster's namespace: Service Connect names live here (a Cloud Map namespace).
    const cluster = new ecs.Cluster(this, 'Cluster', {
      vpc,
      defaultCloudMapNamespace: { name: 'internal', useForServiceConnect: true },
    });

    const albSecurityGroup = new ec2.SecurityGroup(this, 'AlbSecurityGroup', {
      vpc,
      description: 'Load balancer: web traffic from the internet',
      allowAllOutbound: false,
    });
    albSecurityGroup.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(443), 'HTTPS from anyone');
    albSecurityGroup.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(80), 'HTTP, only to redirect to HTTPS');

    const frontendSecurityGroup = new ec2.SecurityGroup(this, 'FrontendSecurityGroup', {
      vpc,
      description: 'Frontend tasks: from the load balancer',
      allowAllOutbound: true,
    });

    // The backend has one caller, so its group names one source, on one port; no public path leads to it.
    const backendSecurityGroup = new ec2.SecurityGroup(this, 'BackendSecurityGroup', {
      vpc,
      description: 'Backend tasks: from the frontend only',
      allowAllOutbound: true,
    });
    backendSecurityGroup.addIngressRule(frontendSecurityGroup, ec2.Port.tcp(APP_PORT), 'Backend API, from the frontend only');

    // The backend: a named port mapping, published in the namespace as "backend:8080".
    const backendTask = new ecs.FargateTaskDefinition(this, 'BackendTask', { cpu: 256, memoryLimitMiB: 512 });
    backendTask.addContainer('api', {
      image: ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx-unprivileged:stable-alpine'),
      portMappings: [{ containerPort: APP_PORT, name: 'api' }],
      logging: ecs.LogDrivers.awsLogs({ streamPrefix: 'backend' }),
    });
    new ecs.FargateService(this, 'Backend', {
      cluster,
      taskDefinition: backendTask,
      desiredCount: 2,
      // Keep both tasks serving while a deployment starts new ones (and no CDK warning).
      minHealthyPercent: 100,
      securityGroups: [backendSecurityGroup],
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      assignPublicIp: false,
      serviceConnectConfiguration: {
        services: [{ portMappingName: 'api', dnsName: BACKEND_NAME, port: APP_PORT }],
      },
    });

    // The frontend: a Service Connect client in the same namespace, so "backend" resolves.
    const frontendTask = new ecs.FargateTaskDefinition(this, 'FrontendTask', { cpu: 256, memoryLimitMiB: 512 });
    frontendTask.addContainer('web', {
      image: ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx-unprivileged:stable-alpine'),
      portMappings: [{ containerPort: APP_PORT, name: 'web' }],
      environment: { BACKEND_URL: `http://${BACKEND_NAME}:${APP_PORT}` },
      logging: ecs.LogDrivers.awsLogs({ streamPrefix: 'frontend' }),
    });
    const frontend = new ecs.FargateService(this, 'Frontend', {
      cluster,
      taskDefinition: frontendTask,
      desiredCount: 2,
      // Keep both tasks serving while a deployment starts new ones (and no CDK warning).
      minHealthyPercent: 100,
      securityGroups: [frontendSecurityGroup],
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      assignPublicIp: false,
      serviceConnectConfiguration: {},
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
    https.addTargets('Web', { port: APP_PORT, protocol: elbv2.ApplicationProtocol.HTTP, targets: [frontend], healthCheck: { path: '/' } });
    alb.addListener('Http', {
      port: 80,
      open: false,
      defaultAction: elbv2.ListenerAction.redirect({ protocol: 'HTTPS', port: '443', permanent: true }),
    });
  }
}
