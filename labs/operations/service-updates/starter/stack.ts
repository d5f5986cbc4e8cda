// The orders web app on ECS Fargate behind an internet-facing Application Load Balancer.
//
//   internet ──80──▶ ALB ──8080──▶ 2 tasks (private subnets, one per Availability Zone)
//
// Two health checks watch every task: the load balancer's (can it answer HTTP?) and the
// container's own (run inside the task by ECS). Either one failing makes ECS replace the task.
// How ECS rolls out a new revision of the service is the whole lab: see brief.md.
import { Duration, Stack, type StackProps } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import type { Construct } from 'constructs';

/** The port the container listens on (nginx-unprivileged serves on 8080). */
const APP_PORT = 8080;

export class ServiceUpdatesStack extends Stack {
  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);

    const vpc = new ec2.Vpc(this, 'Vpc', { maxAzs: 2, natGateways: 1 });
    const cluster = new ecs.Cluster(this, 'Cluster', { vpc });

    // A quarter of a vCPU per task: about 50 requests per second each. Peak traffic is about 80,
    // so the service needs both of its tasks serving, all the time.
    const taskDefinition = new ecs.FargateTaskDefinition(this, 'TaskDefinition', {
      cpu: 256,
      memoryLimitMiB: 512,
    });
    taskDefinition.addContainer('web', {
      image: ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx-unprivileged:stable-alpine'),
      portMappings: [{ containerPort: APP_PORT }],
      logging: ecs.LogDrivers.awsLogs({ streamPrefix: 'web' }),
      // The container's own health check, run by ECS inside the task. startPeriod: the app may
      // take up to 30 s to start before a failed check counts.
      healthCheck: {
        command: ['CMD-SHELL', `wget -q --spider http://localhost:${APP_PORT}/ || exit 1`],
        interval: Duration.seconds(10),
        timeout: Duration.seconds(5),
        retries: 3,
        startPeriod: Duration.seconds(30),
      },
    });

    const service = new ecs.FargateService(this, 'Service', {
      cluster,
      taskDefinition,
      desiredCount: 2,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      assignPublicIp: false,

      // ---- How ECS rolls out a new revision ----------------------------------------------------
      // TODO: the next release that never gets healthy must be rolled back on its own, without
      //       taking capacity away from the 80 requests per second (see brief.md).
      minHealthyPercent: 100,
      maxHealthyPercent: 200,
      healthCheckGracePeriod: Duration.seconds(60),
    });

    const alb = new elbv2.ApplicationLoadBalancer(this, 'Alb', { vpc, internetFacing: true });
    alb.addListener('Http', { port: 80 }).addTargets('Web', {
      port: APP_PORT,
      protocol: elbv2.ApplicationProtocol.HTTP,
      targets: [service],
      // The load balancer's health check: a target that fails it twice in a row (30 s apart)
      // gets no more traffic, and ECS replaces the task.
      healthCheck: { path: '/', interval: Duration.seconds(30), unhealthyThresholdCount: 2 },
    });
  }
}
