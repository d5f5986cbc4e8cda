// A small web app on ECS Fargate behind an internet-facing Application Load Balancer, and the
// CloudWatch alarms that page the on-call engineer when it is in trouble.
//
//   internet ──80──▶ ALB ──8080──▶ tasks (private subnets, cluster "Cluster")
//
//   metrics (AWS/ECS, AWS/ApplicationELB) ──▶ alarms ──▶ SNS topic "Alerts" ──▶ on-call e-mail
//
// What to watch, how each alarm finds its metric, and what "no data" means: see brief.md.
import { Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cloudwatchActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type { Construct } from 'constructs';

/** The port the container listens on. */
const APP_PORT = 8080;
/** Who gets paged. */
const ONCALL_EMAIL = 'oncall@example.com';

export class MonitoringAlertsStack extends Stack {
  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);

    // ---- The service ------------------------------------------------------------------------

    // Two Availability Zones; the tasks run in the private subnets and reach AWS through one NAT gateway.
    const vpc = new ec2.Vpc(this, 'Vpc', { maxAzs: 2, natGateways: 1 });

    // TODO: the AWS/ECS namespace only has CPU and memory per service. Turn on Container Insights
    //       for this cluster, with per-task and per-container metrics (see brief.md).
    const cluster = new ecs.Cluster(this, 'Cluster', { vpc });

    const taskDefinition = new ecs.FargateTaskDefinition(this, 'TaskDef', { cpu: 256, memoryLimitMiB: 512 });
    taskDefinition.addContainer('app', {
      image: ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx:stable'),
      portMappings: [{ containerPort: APP_PORT }],
      logging: ecs.LogDrivers.awsLogs({
        streamPrefix: 'app',
        logGroup: new logs.LogGroup(this, 'AppLogs', { retention: logs.RetentionDays.ONE_MONTH, removalPolicy: RemovalPolicy.DESTROY }),
      }),
    });

    const service = new ecs.FargateService(this, 'Service', {
      cluster,
      taskDefinition,
      desiredCount: 2,
      assignPublicIp: false,
      minHealthyPercent: 100,
      circuitBreaker: { rollback: true },
    });

    const alb = new elbv2.ApplicationLoadBalancer(this, 'Alb', { vpc, internetFacing: true });
    const targetGroup = alb.addListener('Http', { port: 80 }).addTargets('App', {
      port: APP_PORT,
      protocol: elbv2.ApplicationProtocol.HTTP,
      targets: [service],
      healthCheck: { path: '/health', interval: Duration.seconds(15) },
    });

    // ---- Where alerts go --------------------------------------------------------------------

    // TODO: alerts name our resources and carry error details. Encrypt this topic with a KMS key
    //       that CloudWatch is allowed to use when it publishes (see brief.md: not every key works).
    const alerts = new sns.Topic(this, 'Alerts', { displayName: 'Web app alerts' });
    alerts.addSubscription(new subscriptions.EmailSubscription(ONCALL_EMAIL));

    // ---- The alarms -------------------------------------------------------------------------

    // Every alarm pages the on-call through the alerts topic.
    const page = new cloudwatchActions.SnsAction(alerts);
    const minute = Duration.minutes(1);

    // Tasks running hot: CPU or memory above 80% of what the task reserves, 3 minutes out of 5.
    // No data here means no task is reporting, and "CPU high" is the wrong page for that: quiet.
    new cloudwatch.Alarm(this, 'CpuHigh', {
      metric: service.metricCpuUtilization({ period: minute }),
      threshold: 80,
      evaluationPeriods: 5,
      datapointsToAlarm: 3,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    }).addAlarmAction(page);
    new cloudwatch.Alarm(this, 'MemoryHigh', {
      metric: service.metricMemoryUtilization({ period: minute }),
      threshold: 80,
      evaluationPeriods: 5,
      datapointsToAlarm: 3,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    }).addAlarmAction(page);
    // Users getting errors from the app: more than 5 a minute, 3 minutes running. The load
    // balancer reports this count only when it is not zero, so no data means no errors.
    new cloudwatch.Alarm(this, 'Target5xx', {
      metric: alb.metrics.httpCodeTarget(elbv2.HttpCodeTarget.TARGET_5XX_COUNT, { period: minute }),
      threshold: 5,
      evaluationPeriods: 3,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    }).addAlarmAction(page);
    // Tasks failing their health checks. The load balancer reports this every minute while it
    // health-checks the targets, so no data means this alarm is watching nothing.
    new cloudwatch.Alarm(this, 'UnhealthyTargets', {
      metric: targetGroup.metrics.unhealthyHostCount({ period: minute, statistic: 'Maximum' }),
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 3,
      treatMissingData: cloudwatch.TreatMissingData.BREACHING,
    }).addAlarmAction(page);

    // TODO: nothing tells us when the slowest requests get slow. Add an alarm on the target group's
    //       p99 response time (see brief.md), and decide what no data means for it.
  }
}
