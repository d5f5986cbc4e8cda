// The shop's checkout service on ECS Fargate behind an internet-facing Application Load Balancer.
//
//   customers ──80──▶ ALB ──8080──▶ 2 tasks (private subnets, one per Availability Zone)
//
// Releases today are rolling deployments, and the app migrates the database when it starts.
// How a release reaches customers without anyone noticing is the whole challenge: see brief.md.
import { Duration, Stack, type StackProps } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import type { Construct } from 'constructs';

/** The port the container listens on (nginx-unprivileged serves on 8080). */
const APP_PORT = 8080;

export class ZeroDowntimeStack extends Stack {
  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);

    const vpc = new ec2.Vpc(this, 'Vpc', { maxAzs: 2, natGateways: 1 });
    const cluster = new ecs.Cluster(this, 'Cluster', { vpc });
    const image = ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx-unprivileged:stable-alpine');

    // A quarter of a vCPU per task: about 50 checkout requests per second each, 2 tasks.
    const taskDefinition = new ecs.FargateTaskDefinition(this, 'TaskDefinition', { cpu: 256, memoryLimitMiB: 512 });
    taskDefinition.addContainer('web', {
      image,
      portMappings: [{ containerPort: APP_PORT }],
      logging: ecs.LogDrivers.awsLogs({ streamPrefix: 'web' }),
      // Every task runs the pending database migrations when it starts, then serves.
      environment: { MIGRATE_ON_START: 'true' },
      healthCheck: {
        command: ['CMD-SHELL', `wget -q --spider http://localhost:${APP_PORT}/ || exit 1`],
        interval: Duration.seconds(10),
        timeout: Duration.seconds(5),
        retries: 3,
        startPeriod: Duration.seconds(30),
      },
    });

    // TODO: release with zero downtime. Today a release is a rolling deployment: a new task gets
    // customers as soon as it passes its health check. Make it ECS blue/green (canary or linear),
    // with a bake time, a test listener rule and a lifecycle hook that tests green before any
    // customer reaches it, and run the migration as a one-off task before the release starts.
    const service = new ecs.FargateService(this, 'Service', {
      cluster,
      taskDefinition,
      desiredCount: 2,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      assignPublicIp: false,
      healthCheckGracePeriod: Duration.seconds(60),
      minHealthyPercent: 100,
      maxHealthyPercent: 200,
      circuitBreaker: { enable: true, rollback: true },
    });

    const alb = new elbv2.ApplicationLoadBalancer(this, 'Alb', { vpc, internetFacing: true });
    alb.addListener('Http', { port: 80, open: true }).addTargets('Web', {
      port: APP_PORT,
      protocol: elbv2.ApplicationProtocol.HTTP,
      targets: [service],
      healthCheck: { path: '/', interval: Duration.seconds(10), healthyThresholdCount: 2, unhealthyThresholdCount: 3 },
      // The slowest checkout request (the payment call) takes up to 20 s.
      deregistrationDelay: Duration.seconds(60),
    });
    // TODO: carts live in the task's memory for an hour. Keep a shopper on the task that holds theirs.
  }
}
