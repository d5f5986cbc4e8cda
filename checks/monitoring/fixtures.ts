// Test fixture for the monitoring checks: the lab's web app (Fargate service behind an ALB) with
// Container Insights, an alerts topic and the five alarms built from real constructs, and switches
// that get one thing wrong at a time the way a team (or a copy-paste) would.
import { App, Duration, Stack } from 'aws-cdk-lib';
import * as cw from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';

export interface MonitoredOptions {
  /** Container Insights on the cluster; `undefined` leaves the setting out. Default ENHANCED. */
  insights?: ecs.ContainerInsights | null;
  /** How the alerts topic is encrypted. Default `cmk` (a key whose policy lets CloudWatch use it). */
  encryption?: 'cmk' | 'cmk-without-cloudwatch' | 'aws-managed' | 'none';
  /** Add the five alarms of the lab (default true). */
  alarms?: boolean;
}

export interface Monitored {
  stack: Stack;
  cluster: ecs.Cluster;
  service: ecs.FargateService;
  alb: elbv2.ApplicationLoadBalancer;
  targetGroup: elbv2.ApplicationTargetGroup;
  topic: sns.Topic;
  notify: actions.SnsAction;
}

export function monitoredStack(opts: MonitoredOptions = {}): Monitored {
  const stack = new Stack(new App(), 'Test');
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 0 });
  const insights = opts.insights === undefined ? ecs.ContainerInsights.ENHANCED : (opts.insights ?? undefined);
  const cluster = new ecs.Cluster(stack, 'Cluster', { vpc, containerInsightsV2: insights });
  const task = new ecs.FargateTaskDefinition(stack, 'Task');
  task.addContainer('app', { image: ecs.ContainerImage.fromRegistry('nginx'), portMappings: [{ containerPort: 8080 }] });
  const service = new ecs.FargateService(stack, 'Service', { cluster, taskDefinition: task, vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC } });
  const alb = new elbv2.ApplicationLoadBalancer(stack, 'Alb', { vpc, internetFacing: true });
  const targetGroup = alb.addListener('Http', { port: 80 }).addTargets('App', { port: 8080, protocol: elbv2.ApplicationProtocol.HTTP, targets: [service] });
  const topic = new sns.Topic(stack, 'Alerts', { masterKey: alertsKey(stack, opts.encryption ?? 'cmk') });
  const parts = { stack, cluster, service, alb, targetGroup, topic, notify: new actions.SnsAction(topic) };
  if (opts.alarms !== false) standardAlarms(parts);
  return parts;
}

function alertsKey(stack: Stack, encryption: NonNullable<MonitoredOptions['encryption']>): kms.IKey | undefined {
  if (encryption === 'none') return undefined;
  if (encryption === 'aws-managed') return kms.Alias.fromAliasName(stack, 'AwsSns', 'alias/aws/sns');
  const key = new kms.Key(stack, 'AlertsKey', { enableKeyRotation: true });
  if (encryption === 'cmk') key.grant(new iam.ServicePrincipal('cloudwatch.amazonaws.com'), 'kms:Decrypt', 'kms:GenerateDataKey*');
  return key;
}

/** One alarm on a metric, notifying the topic. */
export function alarm(m: Monitored, id: string, metric: cw.IMetric, treatMissingData?: cw.TreatMissingData, threshold = 1): cw.Alarm {
  const a = new cw.Alarm(m.stack, id, { metric, threshold, evaluationPeriods: 3, treatMissingData });
  a.addAlarmAction(m.notify);
  return a;
}

/** The lab's five alarms, with the missing-data treatment each one needs. */
export function standardAlarms(m: Monitored): void {
  const minute = { period: Duration.minutes(1) };
  alarm(m, 'Cpu', m.service.metricCpuUtilization(minute), cw.TreatMissingData.BREACHING, 80);
  alarm(m, 'Memory', m.service.metricMemoryUtilization(minute), cw.TreatMissingData.BREACHING, 80);
  alarm(m, 'Errors5xx', m.alb.metrics.httpCodeTarget(elbv2.HttpCodeTarget.TARGET_5XX_COUNT, minute), cw.TreatMissingData.NOT_BREACHING, 5);
  alarm(m, 'Unhealthy', m.targetGroup.metrics.unhealthyHostCount(minute), cw.TreatMissingData.BREACHING, 1);
  alarm(m, 'LatencyP99', m.targetGroup.metrics.targetResponseTime({ ...minute, statistic: 'p99' }), cw.TreatMissingData.NOT_BREACHING, 1.5);
}

/** A metric with dimensions written by hand, as a copied alarm has them. */
export function literalMetric(namespace: string, metricName: string, dimensionsMap: Record<string, string>, statistic = 'Average'): cw.Metric {
  return new cw.Metric({ namespace, metricName, dimensionsMap, statistic, period: Duration.minutes(1) });
}
