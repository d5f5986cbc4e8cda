// The shop's checkout service on ECS Fargate behind an internet-facing Application Load Balancer.
//
//   internet ──80──▶ ALB (public subnets, 2 AZs) ──8080──▶ tasks (private subnets, NAT for egress)
//
// It was sized on launch day by guess: four tasks of 2 vCPU and 8 GB, on x86, around the clock.
// Two weeks of Container Insights data say what it really uses (brief.md). Make it cost at least
// 75 % less without serving worse: see brief.md.
import { Stack, type StackProps } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import type { Construct } from 'constructs';

/** The port the container listens on (nginx-unprivileged serves on 8080). */
const APP_PORT = 8080;
/** Published for linux/amd64 and linux/arm64 (a multi-arch image index). */
const IMAGE = 'public.ecr.aws/nginx/nginx-unprivileged:stable-alpine';

export class CostLabStack extends Stack {
  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);

    const vpc = new ec2.Vpc(this, 'Vpc', {
      maxAzs: 2,
      natGateways: 1,
      subnetConfiguration: [
        { name: 'Public', subnetType: ec2.SubnetType.PUBLIC, cidrMask: 24 },
        { name: 'App', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, cidrMask: 24 },
      ],
    });
    const cluster = new ecs.Cluster(this, 'Cluster', { vpc, containerInsightsV2: ecs.ContainerInsights.ENABLED });

    // TODO: right-size from the utilization data (brief.md): a valid Fargate CPU/memory pair that
    //       still covers the 99th percentile, Graviton where the image allows, Fargate Spot for this
    //       stateless tier above an on-demand base, fewer tasks off hours, and tags that tell
    //       finance whose bill this is.
    const taskDefinition = new ecs.FargateTaskDefinition(this, 'TaskDefinition', { cpu: 2048, memoryLimitMiB: 8192 });
    taskDefinition.addContainer('checkout', {
      image: ecs.ContainerImage.fromRegistry(IMAGE),
      portMappings: [{ containerPort: APP_PORT }],
      logging: ecs.LogDrivers.awsLogs({ streamPrefix: 'checkout' }),
    });

    const service = new ecs.FargateService(this, 'Service', {
      cluster,
      taskDefinition,
      desiredCount: 4,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      assignPublicIp: false,
    });

    const alb = new elbv2.ApplicationLoadBalancer(this, 'Alb', { vpc, internetFacing: true });
    alb.addListener('Http', { port: 80 }).addTargets('Checkout', {
      port: APP_PORT,
      protocol: elbv2.ApplicationProtocol.HTTP,
      targets: [service],
    });
  }
}
