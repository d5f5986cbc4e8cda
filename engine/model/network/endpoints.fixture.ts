// Test fixture for the service-endpoint model and the endpoint checks: a Fargate service in
// private subnets that pulls from ECR, logs with awslogs and reads a Secrets Manager secret, built
// from real constructs. Options change one thing at a time, the way a learner (or an incident) would.
import { App, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';

export type InterfaceName = 'ECR' | 'ECR_DOCKER' | 'CLOUDWATCH_LOGS' | 'SECRETS_MANAGER' | 'SSM_MESSAGES';

export interface PrivateAppOptions {
  /** A NAT gateway and PRIVATE_WITH_EGRESS subnets instead of isolated ones. */
  nat?: boolean;
  /** Interface endpoints to create (default: ECR, ECR_DOCKER, CLOUDWATCH_LOGS, SECRETS_MANAGER). */
  interfaces?: InterfaceName[];
  /** Interface endpoints created with private DNS off. */
  privateDnsOff?: InterfaceName[];
  /** The S3 gateway endpoint on the app subnets (default true). */
  s3Gateway?: boolean;
  /** `open: true` on the endpoints: CDK lets the whole VPC CIDR in on 443. */
  openToVpc?: boolean;
  /** Rules of the endpoints' group; by default tcp 443 from the tasks' group. */
  endpointIngress?: (endpointSg: ec2.SecurityGroup, taskSg: ec2.SecurityGroup) => void;
  /** The tasks' group without allow-all egress (rules then come from `taskEgress`). */
  taskEgress?: (taskSg: ec2.SecurityGroup, endpointSg: ec2.SecurityGroup) => void;
  /** ECS Exec on the service. */
  exec?: boolean;
  /** An image outside ECR instead of the ECR repository. */
  publicImage?: boolean;
  /** A custom network ACL on the app subnets; the callback adds its entries. */
  nacl?: (acl: ec2.NetworkAcl) => void;
}

export function privateApp(opts: PrivateAppOptions = {}) {
  const stack = new Stack(new App(), 'Test');
  const appSubnets = opts.nat ? ec2.SubnetType.PRIVATE_WITH_EGRESS : ec2.SubnetType.PRIVATE_ISOLATED;
  const vpc = new ec2.Vpc(stack, 'Vpc', {
    maxAzs: 2,
    natGateways: opts.nat ? 1 : 0,
    subnetConfiguration: [
      { name: 'Public', subnetType: ec2.SubnetType.PUBLIC, cidrMask: 24 },
      { name: 'App', subnetType: appSubnets, cidrMask: 24 },
    ],
  });
  const taskSg = new ec2.SecurityGroup(stack, 'TaskSg', { vpc, allowAllOutbound: !opts.taskEgress });
  const endpointSg = new ec2.SecurityGroup(stack, 'EndpointSg', { vpc, allowAllOutbound: false });
  if (opts.endpointIngress) opts.endpointIngress(endpointSg, taskSg);
  else endpointSg.addIngressRule(taskSg, ec2.Port.tcp(443), 'HTTPS from the tasks');
  opts.taskEgress?.(taskSg, endpointSg);
  for (const name of opts.interfaces ?? ['ECR', 'ECR_DOCKER', 'CLOUDWATCH_LOGS', 'SECRETS_MANAGER']) {
    vpc.addInterfaceEndpoint(name, {
      service: ec2.InterfaceVpcEndpointAwsService[name],
      securityGroups: [endpointSg],
      open: opts.openToVpc ?? false,
      privateDnsEnabled: !(opts.privateDnsOff ?? []).includes(name),
      subnets: { subnetType: appSubnets },
    });
  }
  if (opts.s3Gateway !== false) vpc.addGatewayEndpoint('S3', { service: ec2.GatewayVpcEndpointAwsService.S3, subnets: [{ subnetType: appSubnets }] });
  if (opts.nacl) opts.nacl(new ec2.NetworkAcl(stack, 'AppAcl', { vpc, subnetSelection: { subnetType: appSubnets } }));

  const taskDefinition = new ecs.FargateTaskDefinition(stack, 'TaskDef');
  const secret = new secretsmanager.Secret(stack, 'DbPassword');
  taskDefinition.addContainer('app', {
    image: opts.publicImage
      ? ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx-unprivileged:stable-alpine')
      : ecs.ContainerImage.fromEcrRepository(ecr.Repository.fromRepositoryName(stack, 'Repo', 'app'), 'v1'),
    logging: ecs.LogDrivers.awsLogs({ streamPrefix: 'app' }),
    secrets: { DB_PASSWORD: ecs.Secret.fromSecretsManager(secret) },
  });
  const service = new ecs.FargateService(stack, 'Service', {
    cluster: new ecs.Cluster(stack, 'Cluster', { vpc }),
    taskDefinition,
    securityGroups: [taskSg],
    vpcSubnets: { subnetType: appSubnets },
    enableExecuteCommand: opts.exec,
  });
  return { stack, vpc, service, taskSg, endpointSg };
}

/** NACL entries that let a task talk to endpoints in the VPC and to anywhere on 443, replies included. */
export function workingAcl(acl: ec2.NetworkAcl, opts: { repliesIn?: boolean; httpsOut?: boolean; vpcCidr?: string } = {}) {
  const entry = (id: string, ruleNumber: number, direction: ec2.TrafficDirection, traffic: ec2.AclTraffic, cidr = ec2.AclCidr.anyIpv4()) =>
    acl.addEntry(id, { ruleNumber, cidr, traffic, direction, ruleAction: ec2.Action.ALLOW });
  const vpc = ec2.AclCidr.ipv4(opts.vpcCidr ?? '10.0.0.0/16');
  if (opts.httpsOut !== false) entry('HttpsOut', 100, ec2.TrafficDirection.EGRESS, ec2.AclTraffic.tcpPort(443));
  entry('HttpsIn', 100, ec2.TrafficDirection.INGRESS, ec2.AclTraffic.tcpPort(443), vpc);
  entry('RepliesOut', 200, ec2.TrafficDirection.EGRESS, ec2.AclTraffic.tcpPortRange(1024, 65535), vpc);
  if (opts.repliesIn !== false) entry('RepliesIn', 200, ec2.TrafficDirection.INGRESS, ec2.AclTraffic.tcpPortRange(1024, 65535));
}
