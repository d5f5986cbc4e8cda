import { defineLab } from '../../../engine/types';

// The alarms block of starter/stack.ts, as the break finds it: every metric from its construct.
const ALARMS =
  '    // Tasks running hot: CPU or memory above 80% of what the task reserves, 3 minutes out of 5.\n' +
  '    // No data here means no task is reporting, and "CPU high" is the wrong page for that: quiet.\n' +
  "    new cloudwatch.Alarm(this, 'CpuHigh', {\n" +
  '      metric: service.metricCpuUtilization({ period: minute }),\n' +
  '      threshold: 80,\n' +
  '      evaluationPeriods: 5,\n' +
  '      datapointsToAlarm: 3,\n' +
  '      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,\n' +
  '    }).addAlarmAction(page);\n' +
  "    new cloudwatch.Alarm(this, 'MemoryHigh', {\n" +
  '      metric: service.metricMemoryUtilization({ period: minute }),\n' +
  '      threshold: 80,\n' +
  '      evaluationPeriods: 5,\n' +
  '      datapointsToAlarm: 3,\n' +
  '      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,\n' +
  '    }).addAlarmAction(page);\n' +
  '    // Users getting errors from the app: more than 5 a minute, 3 minutes running. The load\n' +
  '    // balancer reports this count only when it is not zero, so no data means no errors.\n' +
  "    new cloudwatch.Alarm(this, 'Target5xx', {\n" +
  '      metric: alb.metrics.httpCodeTarget(elbv2.HttpCodeTarget.TARGET_5XX_COUNT, { period: minute }),\n' +
  '      threshold: 5,\n' +
  '      evaluationPeriods: 3,\n' +
  '      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,\n' +
  '    }).addAlarmAction(page);\n' +
  '    // Tasks failing their health checks. The load balancer reports this every minute while it\n' +
  '    // health-checks the targets, so no data means this alarm is watching nothing.\n' +
  "    new cloudwatch.Alarm(this, 'UnhealthyTargets', {\n" +
  "      metric: targetGroup.metrics.unhealthyHostCount({ period: minute, statistic: 'Maximum' }),\n" +
  '      threshold: 1,\n' +
  '      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,\n' +
  '      evaluationPeriods: 3,\n' +
  '      treatMissingData: cloudwatch.TreatMissingData.BREACHING,\n' +
  '    }).addAlarmAction(page);\n';

// What the team pasted instead: the orders service's alarms, with its names written out.
const COPIED_ALARMS =
  "    // Copied from the orders service's stack, where these alarms have paged people for a year, so\n" +
  '    // we get paged too. Same metrics, same thresholds, and quiet when there is no data, so they\n' +
  '    // never page anyone by mistake.\n' +
  "    new cloudwatch.Alarm(this, 'CpuHigh', {\n" +
  '      metric: new cloudwatch.Metric({\n' +
  "        namespace: 'AWS/ECS',\n" +
  "        metricName: 'CPUUtilization',\n" +
  "        dimensionsMap: { ClusterName: 'prod', ServiceName: service.serviceName },\n" +
  "        statistic: 'Average',\n" +
  '        period: minute,\n' +
  '      }),\n' +
  '      threshold: 80,\n' +
  '      evaluationPeriods: 5,\n' +
  '      datapointsToAlarm: 3,\n' +
  '      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,\n' +
  '    }).addAlarmAction(page);\n' +
  "    new cloudwatch.Alarm(this, 'MemoryHigh', {\n" +
  '      metric: new cloudwatch.Metric({\n' +
  "        namespace: 'AWS/ECS',\n" +
  "        metricName: 'MemoryUtilization',\n" +
  "        dimensionsMap: { ClusterName: 'prod', ServiceName: 'orders-api' },\n" +
  "        statistic: 'Average',\n" +
  '        period: minute,\n' +
  '      }),\n' +
  '      threshold: 80,\n' +
  '      evaluationPeriods: 5,\n' +
  '      datapointsToAlarm: 3,\n' +
  '      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,\n' +
  '    }).addAlarmAction(page);\n' +
  "    new cloudwatch.Alarm(this, 'Target5xx', {\n" +
  '      metric: new cloudwatch.Metric({\n' +
  "        namespace: 'AWS/ApplicationELB',\n" +
  "        metricName: 'HTTPCode_Target_5XX_Count',\n" +
  "        dimensionsMap: { LoadBalancer: 'app/prod-public/8f3c2a1b9d4e5f60' },\n" +
  "        statistic: 'Sum',\n" +
  '        period: minute,\n' +
  '      }),\n' +
  '      threshold: 5,\n' +
  '      evaluationPeriods: 3,\n' +
  '      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,\n' +
  '    }).addAlarmAction(page);\n' +
  "    new cloudwatch.Alarm(this, 'UnhealthyTargets', {\n" +
  '      metric: new cloudwatch.Metric({\n' +
  "        namespace: 'AWS/ApplicationELB',\n" +
  "        metricName: 'UnHealthyHostCount',\n" +
  "        dimensionsMap: { TargetGroup: 'targetgroup/orders-api/4d2e6f8a1c3b5d70', LoadBalancer: alb.loadBalancerFullName },\n" +
  "        statistic: 'Maximum',\n" +
  '        period: minute,\n' +
  '      }),\n' +
  '      threshold: 1,\n' +
  '      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,\n' +
  '      evaluationPeriods: 3,\n' +
  '      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,\n' +
  '    }).addAlarmAction(page);\n';

export default defineLab({
  id: 'operations/monitoring-alerts',
  title: 'Monitoring and alerts: Container Insights, alarms that watch the right thing',
  layer: 'operations',
  // After ECS Exec: once you can look inside a task, learn to be told when to.
  order: 2,
  minutes: 40,
  objectives: [
    'Turn on Container Insights with enhanced observability for an ECS cluster',
    'Alarm on what users and operators feel: service CPU and memory, 5xx responses, unhealthy targets, p99 latency',
    'Take every alarm dimension (ClusterName, ServiceName, TargetGroup, LoadBalancer) from the construct it is about, never from a string',
    'Decide what missing data means for each alarm: no 5xx is good news, no health data is bad news',
    'Send alerts to an SNS topic encrypted with a KMS key that CloudWatch is allowed to use',
  ],
  covers: ['operations/cloudwatch-monitoring', 'operations/alert-strategy', 'scenario/public-api/api-metrics'],
  entry: 'stack.ts',
  stackName: 'MonitoringAlertsLab',
  breaks: [
    {
      id: 'copied-alarms',
      kind: 'code',
      story:
        'Last week the team replaced this service\'s alarms with the ones from the orders service\'s stack: "they have ' +
        'paged people for a year, so we get paged too". Last night the web app answered with errors for forty minutes and ' +
        'nobody was paged. In the CloudWatch console every one of its alarms is green.',
      edits: [{ file: 'stack.ts', find: ALARMS, replace: COPIED_ALARMS }],
      breaks: ['monitoring.alarm-dimensions-resolve', 'monitoring.missing-data-deliberate'],
    },
  ],
  defaultBreak: 'copied-alarms',
  checks: [
    { id: 'ecs.service-behind-listener', points: 1 },
    // Guard: nothing the offline checks cannot see (custom resources, transforms) may change what the lab is about.
    { id: 'app.verifiable-offline', params: { services: ['cloudwatch', 'sns', 'kms'] }, points: 1 },
    { id: 'monitoring.container-insights', params: { minimum: 'enhanced' }, points: 2 },
    { id: 'monitoring.alarms-cover-service', points: 3 },
    { id: 'monitoring.alarm-dimensions-resolve', points: 3 },
    { id: 'monitoring.missing-data-deliberate', points: 2 },
    { id: 'monitoring.alerts-encrypted', points: 2 },
  ],
  // Even before the break: no Container Insights, an unencrypted topic, no p99 alarm (the TODOs in stack.ts).
  taskChecks: ['monitoring.container-insights', 'monitoring.alarms-cover-service', 'monitoring.alerts-encrypted'],
  hints: [
    'An alarm finds its metric by namespace, name and every dimension. Where does each alarm\'s ClusterName, ServiceName, TargetGroup and LoadBalancer come from — this stack, or somewhere else? And what does each alarm do when its metric has no data at all?',
    'Build every metric from the construct it is about: service.metricCpuUtilization(), alb.metrics.httpCodeTarget(…), targetGroup.metrics.unhealthyHostCount(), targetGroup.metrics.targetResponseTime({ statistic: \'p99\' }). Health counts are reported every minute, so their silence is bad news; 5xx counts only when not zero. Then: containerInsightsV2 on the cluster, and a KMS key that CloudWatch may use for the topic.',
    "Replace each new cloudwatch.Metric({...}) with the construct's metric method; UnhealthyTargets gets TreatMissingData.BREACHING. Set containerInsightsV2: ecs.ContainerInsights.ENHANCED; create new kms.Key(this, 'AlertsKey', { enableKeyRotation: true }), call key.grant(new iam.ServicePrincipal('cloudwatch.amazonaws.com'), 'kms:Decrypt', 'kms:GenerateDataKey*') and pass it as masterKey; add new cloudwatch.Alarm(this, 'LatencyP99', { metric: targetGroup.metrics.targetResponseTime({ period: minute, statistic: 'p99' }), threshold: 1.5, evaluationPeriods: 3, treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING }).addAlarmAction(page).",
  ],
});
