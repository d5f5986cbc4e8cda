// A small web app on ECS Fargate behind an internet-facing Application Load Balancer, and the
// CloudWatch alarms that page the on-call engineer when it is in trouble.
//
//   internet ──80──▶ ALB ──8080──▶ tasks (private subnets, cluster "Cluster")
//
//   metrics (AWS/ECS, AWS/ApplicationELB) ──▶ alarms ──▶ SNS topic "Alerts" ──▶ on-call e-mail
//
// Every alarm takes its metric from the construct it watches, so its dimensions are this stack's;
// each says what "no data" means for it; the topic is encrypted with a key CloudWatch may use.
import { Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cloudwatchActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
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

    // Container Insights with enhanced observability: task counts, deployments, network and
    // storage per service, and the same per task and per container.
    const cluster = new ecs.Cluster(this, 'Cluster', { vpc, containerInsightsV2: ecs.ContainerInsights.ENHANCED });

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

    // A customer managed key: the AWS managed key aws/sns cannot be shared with CloudWatch, and
    // CloudWatch needs to generate a data key and decrypt with it to publish an encrypted message.
    const alertsKey = new kms.Key(this, 'AlertsKey', {
      description: 'Encrypts the web app alerts topic',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    alertsKey.grant(new iam.ServicePrincipal('cloudwatch.amazonaws.com'), 'kms:Decrypt', 'kms:GenerateDataKey*');
    const alerts = new sns.Topic(this, 'Alerts', { displayName: 'Web app alerts', masterKey: alertsKey });
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
    // Users getting errors: from the app (target 5xx), or from the load balancer itself when no
    // target answers (502, 503, 504). The load balancer reports these counts only when they are
    // not zero, so no data means no errors.
    new cloudwatch.Alarm(this, 'Target5xx', {
      metric: alb.metrics.httpCodeTarget(elbv2.HttpCodeTarget.TARGET_5XX_COUNT, { period: minute }),
      threshold: 5,
      evaluationPeriods: 3,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    }).addAlarmAction(page);
    new cloudwatch.Alarm(this, 'Elb5xx', {
      metric: alb.metrics.httpCodeElb(elbv2.HttpCodeElb.ELB_5XX_COUNT, { period: minute }),
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

    // No healthy target at all: the service is down, even when nothing counts as unhealthy (the
    // tasks are gone). Health counts are reported every minute, so again no data is bad news.
    new cloudwatch.Alarm(this, 'NoHealthyTargets', {
      metric: targetGroup.metrics.healthyHostCount({ period: minute, statistic: 'Minimum' }),
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
      evaluationPeriods: 2,
      treatMissingData: cloudwatch.TreatMissingData.BREACHING,
    }).addAlarmAction(page);
    // The slowest 1% of requests: the ones that time out while the average still looks fine.
    // Response time is reported only when requests flow, so a quiet night is not a slow one.
    new cloudwatch.Alarm(this, 'LatencyP99', {
      metric: targetGroup.metrics.targetResponseTime({ period: minute, statistic: 'p99' }),
      threshold: 1.5, // seconds
      evaluationPeriods: 5,
      datapointsToAlarm: 3,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    }).addAlarmAction(page);
  }
}
