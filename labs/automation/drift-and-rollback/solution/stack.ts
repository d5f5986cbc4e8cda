// The orders web app on ECS Fargate behind an internet-facing Application Load Balancer.
//
//   internet ──80──▶ ALB ──8080──▶ 2 tasks (private subnets, one per Availability Zone)
//
// Two health checks watch every task: the load balancer's (can it answer HTTP?) and the
// container's own (run inside the task by ECS). Either one failing makes ECS replace the task.
//
// The account has drifted from this code: live/stack-drift.json is what CloudFormation's drift
// detection reported after last week's incident (aws cloudformation describe-stack-resource-drifts).
// The reference solution reconciles it: the capacity and grace period changes are now code; the
// disabled rollback and alarms are not, so the next deploy reverts them in the account.
import { Duration, Stack, type StackProps } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import type { Construct } from 'constructs';

/** The port the container listens on (nginx-unprivileged serves on 8080). */
const APP_PORT = 8080;

export class DriftAndRollbackStack extends Stack {
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
      desiredCount: 3, // the capacity review after the launch (drift: kept)
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      assignPublicIp: false,

      // ---- How ECS rolls out a new revision ----------------------------------------------------
      // Start the new tasks first (up to 200 % of the desired count) and stop an old task only
      // when a new one is healthy: the 80 requests per second keep both tasks' worth of capacity.
      minHealthyPercent: 100,
      maxHealthyPercent: 200,
      // Ignore failing health checks while a task starts (the app needs up to 30 s), no longer.
      healthCheckGracePeriod: Duration.seconds(120), // the app warms its cache for ~90 s now (drift: kept)
      // A release whose tasks keep failing to start or to pass their health checks: after the
      // circuit breaker's threshold of failed tasks the deployment FAILS and ECS rolls back to
      // the last revision that completed.
      circuitBreaker: { enable: true, rollback: true },
    });

    const alb = new elbv2.ApplicationLoadBalancer(this, 'Alb', { vpc, internetFacing: true });
    const targetGroup = alb.addListener('Http', { port: 80 }).addTargets('Web', {
      port: APP_PORT,
      protocol: elbv2.ApplicationProtocol.HTTP,
      targets: [service],
      // The load balancer's health check: a target that fails it twice in a row (30 s apart)
      // gets no more traffic, and ECS replaces the task.
      healthCheck: { path: '/', interval: Duration.seconds(30), unhealthyThresholdCount: 2 },
    });

    // ---- Deployment alarms: what users see, watched while a release rolls out ---------------
    // A release can pass its health checks and still fail real requests. These alarms watch the
    // service's target group (not the service itself: an alarm on the service's own metrics,
    // named by reference, would make the service and the alarm depend on each other).
    const serverErrors = new cloudwatch.Alarm(this, 'Target5xxAlarm', {
      alarmDescription: 'The web tasks answer with 5xx errors',
      metric: targetGroup.metrics.httpCodeTarget(elbv2.HttpCodeTarget.TARGET_5XX_COUNT, { period: Duration.minutes(1) }),
      threshold: 10,
      evaluationPeriods: 2,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    const unhealthyTargets = new cloudwatch.Alarm(this, 'UnhealthyTargetsAlarm', {
      alarmDescription: 'The load balancer takes web tasks out of service',
      metric: targetGroup.metrics.unhealthyHostCount({ period: Duration.minutes(1), statistic: cloudwatch.Stats.MAXIMUM }),
      threshold: 1,
      evaluationPeriods: 2,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    // Either alarm firing during a deployment (or its bake time) fails it and rolls it back.
    service.enableDeploymentAlarms([serverErrors.alarmName, unhealthyTargets.alarmName], {
      behavior: ecs.AlarmBehavior.ROLLBACK_ON_ALARM,
    });
  }
}
