// A web app on ECS Fargate whose tasks have no way to the internet at all.
//
//   internet ──443──▶ ALB (public subnets) ──8080──▶ tasks (isolated subnets: no NAT, no route out)
//                                                     │
//                                                     └──443──▶ VPC endpoints ──▶ ECR, S3, Logs, Secrets Manager, ssmmessages
//
// Before its container starts, a task pulls the image (ECR api + dkr, layers from S3), fetches its
// secret (Secrets Manager) and opens its log stream (CloudWatch Logs). Every one of those calls
// needs a path, and here the only paths are the endpoints below.
import { Stack, type StackProps } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';

/** The port the container listens on. */
const APP_PORT = 8080;
/** Every AWS API, and so every interface endpoint, answers on HTTPS. */
const HTTPS = 443;

/** An example certificate: offline synthesis never looks it up. Use your own ARN on AWS. */
const CERTIFICATE_ARN = 'arn:aws:acm:us-east-1:123456789012:certificate/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b';

export class VpcEndpointsStack extends Stack {
  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);

    // Two Availability Zones: public subnets for the load balancer, isolated subnets for the tasks.
    // No NAT gateway: nothing in the app subnets can reach the internet, by design.
    const vpc = new ec2.Vpc(this, 'Vpc', {
      maxAzs: 2,
      natGateways: 0,
      subnetConfiguration: [
        { name: 'Public', subnetType: ec2.SubnetType.PUBLIC, cidrMask: 24 },
        { name: 'App', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 24 },
      ],
    });

    const albSecurityGroup = new ec2.SecurityGroup(this, 'AlbSecurityGroup', {
      vpc,
      description: 'Load balancer: HTTPS from the internet',
      allowAllOutbound: false,
    });
    albSecurityGroup.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(443), 'HTTPS from anyone');
    albSecurityGroup.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(80), 'HTTP, only to redirect to HTTPS');

    const taskSecurityGroup = new ec2.SecurityGroup(this, 'TaskSecurityGroup', {
      vpc,
      description: 'App tasks',
      // The subnets have no route out, so outbound traffic can only reach the VPC and its endpoints.
      allowAllOutbound: true,
    });

    // TODO: the endpoints below are the whole lab. Each one has a job; ask which call of the task
    // would fail without it, who may use it, and how the task finds it by name.

    // The endpoints' own group: only the tasks, only HTTPS.
    const endpointSecurityGroup = new ec2.SecurityGroup(this, 'EndpointSecurityGroup', {
      vpc,
      description: 'Interface endpoints: HTTPS from the app tasks only',
      allowAllOutbound: false,
    });
    endpointSecurityGroup.addIngressRule(taskSecurityGroup, ec2.Port.tcp(HTTPS), 'HTTPS from the app tasks');

    const interfaceEndpoint = (name: string, service: ec2.InterfaceVpcEndpointAwsService) =>
      vpc.addInterfaceEndpoint(name, {
        service,
        subnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
        securityGroups: [endpointSecurityGroup],
        // open: true would also admit the whole VPC CIDR on 443; the group above says who may call.
        open: false,
        // The service's usual name (api.ecr.…, logs.…) resolves to the endpoint inside the VPC.
        privateDnsEnabled: true,
      });
    interfaceEndpoint('EcrApi', ec2.InterfaceVpcEndpointAwsService.ECR);
    interfaceEndpoint('EcrDocker', ec2.InterfaceVpcEndpointAwsService.ECR_DOCKER);
    interfaceEndpoint('Logs', ec2.InterfaceVpcEndpointAwsService.CLOUDWATCH_LOGS);
    interfaceEndpoint('SecretsManager', ec2.InterfaceVpcEndpointAwsService.SECRETS_MANAGER);
    // ECS Exec: the SSM agent in the task opens its session channel here.
    interfaceEndpoint('SsmMessages', ec2.InterfaceVpcEndpointAwsService.SSM_MESSAGES);
    // Image layers come from S3. A gateway endpoint is a route in the subnets' route tables, and free.
    vpc.addGatewayEndpoint('S3', { service: ec2.GatewayVpcEndpointAwsService.S3, subnets: [{ subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] });

    const cluster = new ecs.Cluster(this, 'Cluster', { vpc });

    const taskDefinition = new ecs.FargateTaskDefinition(this, 'TaskDefinition', { cpu: 256, memoryLimitMiB: 512 });
    const apiKey = new secretsmanager.Secret(this, 'ApiKey', { description: 'Key the app uses for its upstream API' });
    taskDefinition.addContainer('web', {
      // A private ECR repository: the image your pipeline pushes.
      image: ecs.ContainerImage.fromEcrRepository(ecr.Repository.fromRepositoryName(this, 'Repository', 'web'), 'v1'),
      portMappings: [{ containerPort: APP_PORT }],
      logging: ecs.LogDrivers.awsLogs({ streamPrefix: 'web' }),
      secrets: { API_KEY: ecs.Secret.fromSecretsManager(apiKey) },
    });

    const service = new ecs.FargateService(this, 'Service', {
      cluster,
      taskDefinition,
      desiredCount: 2,
      // Keep both tasks serving while a deployment starts new ones (and no CDK warning).
      minHealthyPercent: 100,
      securityGroups: [taskSecurityGroup],
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
      assignPublicIp: false,
      enableExecuteCommand: true,
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
