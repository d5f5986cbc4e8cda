// "Configured from outside, observed from outside": the foundation lab on application
// configuration and on logs and metrics. The learner's stack injects settings from SSM and Secrets
// Manager, ships logs to an encrypted log group with retention, turns on Container Insights and
// publishes EMF metrics; the breaks bake production values into the image and cut observability
// for cost. The task: alarm on the app's own metric.
import { defineLab } from '../../../engine/types';

const RETENTION = '      retention: logs.RetentionDays.ONE_MONTH,\n      encryptionKey: logKey,\n';
const DB_HOST_REF = '        DB_HOST: ecs.Secret.fromSsmParameter(dbHost),\n';
const ENV_LOG_LEVEL = "        LOG_LEVEL: 'info',\n";

export default defineLab({
  id: 'foundation/config-logs-metrics',
  title: 'Configured from outside, observed from outside',
  layer: 'foundation',
  order: 3,
  minutes: 45,
  objectives: [
    'Give one image every environment\'s settings from outside: SSM parameters and Secrets Manager through valueFrom',
    'Keep environment-specific values out of the image and out of the plain environment',
    'Ship logs with awslogs (or FireLens) to a log group with a retention period and a customer managed key',
    'Turn on Container Insights, and publish the app\'s own metrics in embedded metric format (EMF)',
    'Alarm on an application metric, and let ECS replace a container that stops answering',
  ],
  covers: ['foundation/q/configuration', 'foundation/q/logs-metrics', 'operations/cloudwatch-monitoring'],
  entry: 'stack.ts',
  stackName: 'ConfigLogsMetricsLab',
  breaks: [
    {
      id: 'baked-for-the-demo',
      kind: 'code',
      story:
        'For Thursday\'s customer demo, a teammate "simplified the config": the production database host went into the ' +
        'Dockerfile and the task definition as plain values, and the logs were set to "never expire, so we can look ' +
        'later". The demo went well. Then the test environment started writing to the production database.',
      edits: [
        { file: 'app/Dockerfile', find: 'ENV NODE_ENV=production PORT=8080\n', replace: 'ENV NODE_ENV=production PORT=8080\n# Demo: talk to production directly.\nENV DB_HOST=db.prod.internal\n' },
        { file: 'stack.ts', find: DB_HOST_REF, replace: '' },
        { file: 'stack.ts', find: ENV_LOG_LEVEL, replace: ENV_LOG_LEVEL + '        // Demo: same host everywhere, no lookup at start-up.\n        DB_HOST: dbHost.stringValue,\n' },
        { file: 'stack.ts', find: RETENTION, replace: '      retention: logs.RetentionDays.INFINITE,\n      encryptionKey: logKey,\n' },
      ],
      breaks: ['config.values-from-references', 'config.log-retention-encrypted'],
    },
    {
      id: 'cost-cutting',
      kind: 'code',
      story:
        'The monthly bill review found "monitoring extras": Container Insights was switched off and the log group lost ' +
        'its KMS key, "AWS encrypts logs anyway". A week later a task ran out of memory in a loop, and nobody could say ' +
        'which one, or since when.',
      edits: [
        { file: 'stack.ts', find: 'containerInsightsV2: ecs.ContainerInsights.ENABLED', replace: 'containerInsightsV2: ecs.ContainerInsights.DISABLED' },
        { file: 'stack.ts', find: RETENTION, replace: '      retention: logs.RetentionDays.ONE_MONTH,\n' },
      ],
      breaks: ['monitoring.container-insights', 'config.log-retention-encrypted'],
    },
  ],
  defaultBreak: 'baked-for-the-demo',
  checks: [
    { id: 'ecs.service-behind-listener', points: 1 },
    // Guard: nothing the offline checks cannot see (custom resources, transforms) may change what the lab is about.
    { id: 'app.verifiable-offline', params: { services: ['ssm', 'secretsmanager', 'logs', 'kms'] }, points: 1 },
    { id: 'config.values-from-references', params: { values: { DB_HOST: 'ssm', API_KEY: 'secretsmanager' } }, points: 3 },
    { id: 'docker.no-secrets-in-image', points: 2 },
    { id: 'ecs.container-log-configuration', points: 1 },
    { id: 'config.log-retention-encrypted', points: 2 },
    { id: 'monitoring.container-insights', points: 2 },
    { id: 'config.emf-metrics-alarmed', points: 3 },
    { id: 'ecs.container-health-check', points: 1 },
  ],
  taskChecks: ['config.emf-metrics-alarmed'],
  hints: [
    'Run `lab check`: findings name the Dockerfile line, the container variable or the log group. For each value, ask ' +
      'whether it differs between environments (then it comes from outside the image) and whether it is secret. For ' +
      'the metrics, ask who is told when the app stops serving.',
    'Settings come in through `secrets` with ecs.Secret.fromSsmParameter / fromSecretsManager: a reference, never the ' +
      'value (`stringValue` writes the value into the template). The Dockerfile sets only what is the same everywhere. ' +
      'A LogGroup takes `retention` and `encryptionKey`; the cluster takes `containerInsightsV2`. For the TODO, an ' +
      'alarm is `new cloudwatch.Metric({ namespace, metricName, ... }).createAlarm(...)`.',
    "Put `DB_HOST: ecs.Secret.fromSsmParameter(dbHost)` back in `secrets`, remove DB_HOST from `environment` and the " +
      "`ENV DB_HOST` line from app/Dockerfile, and set `retention: logs.RetentionDays.ONE_MONTH, encryptionKey: logKey`. " +
      "Then: `new cloudwatch.Metric({ namespace: METRICS_NAMESPACE, metricName: 'Requests', dimensionsMap: { Service: " +
      "'web' }, statistic: 'Sum', period: Duration.minutes(1) }).createAlarm(this, 'NoRequestsAlarm', { threshold: 1, " +
      'comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD, evaluationPeriods: 5, treatMissingData: ' +
      'cloudwatch.TreatMissingData.BREACHING })`.',
  ],
});
