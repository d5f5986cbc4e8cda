import { defineLab } from '../../../engine/types';

// Blocks of starter/stack.ts, as the breaks find them.
const BUCKET_KEY = '      encryption: s3.BucketEncryption.KMS,\n      encryptionKey: assetsKey,\n      bucketKeyEnabled: true,\n';
const LOG_GROUP = '      encryptionKey: logsKey,\n      retention: logs.RetentionDays.ONE_YEAR,\n';
const CLASSIFICATION = "    Tags.of(this).add('data-classification', 'confidential');\n";
const READ_GRANT = '    assets.grantRead(taskRole);\n';

export default defineLab({
  id: 'security/compliance-baseline',
  title: 'SOC 2 baseline: evidence an auditor can read',
  layer: 'security',
  order: 4,
  minutes: 40,
  objectives: [
    'Encrypt every store at rest with a customer managed KMS key: logs, buckets, images, secrets',
    'Keep logs for the evidence period, and record every request with load balancer access logs',
    'Tag every resource that runs the service or holds its data, for the asset inventory',
    'Keep both task roles least privilege',
    'Produce an evidence report by Trust Services Criterion with `lab check --reporter markdown`',
  ],
  covers: ['security/soc2', 'scenario/secure-internal/least-privilege'],
  entry: 'stack.ts',
  stackName: 'ComplianceBaselineLab',
  breaks: [
    {
      id: 'cost-cutting',
      kind: 'code',
      story:
        'The monthly bill review found KMS requests and log storage "too expensive". A teammate took the key off the ' +
        'busiest stores and cut the log retention to a week. The bill went down; the auditor’s sample of last quarter’s ' +
        'logs comes up empty next month.',
      edits: [
        { file: 'stack.ts', find: BUCKET_KEY, replace: '      // Cheaper: no KMS requests.\n      encryption: s3.BucketEncryption.S3_MANAGED,\n' },
        { file: 'stack.ts', find: LOG_GROUP, replace: '      // Cheaper: a week is enough to debug.\n      retention: logs.RetentionDays.ONE_WEEK,\n' },
      ],
      breaks: ['compliance.encrypted-at-rest', 'compliance.log-retention'],
    },
    {
      id: 'untagged',
      kind: 'code',
      story:
        'A teammate cleaned up "noise" in the stack and removed a tag nobody seemed to read. The auditor’s inventory ' +
        'sample now lists buckets and secrets nobody can say are confidential.',
      edits: [{ file: 'stack.ts', find: CLASSIFICATION, replace: '' }],
      breaks: ['compliance.required-tags'],
    },
    {
      id: 'broad-grant',
      kind: 'code',
      story:
        'A feature that never shipped needed the app to upload files. Someone attached an AWS managed S3 policy to the ' +
        'task role "for now", and it stayed. The access review asks why the web app can delete every bucket in the account.',
      edits: [
        {
          file: 'stack.ts',
          find: READ_GRANT,
          replace: READ_GRANT + "    taskRole.addManagedPolicy(iam.ManagedPolicy.fromAwsManagedPolicyName('AmazonS3FullAccess'));\n",
        },
      ],
      breaks: ['iam.no-admin-or-wildcard-actions', 'iam.task-role-least-privilege'],
    },
  ],
  defaultBreak: 'cost-cutting',
  checks: [
    { id: 'ecs.service-behind-listener', points: 1 },
    { id: 'app.verifiable-offline', params: { services: ['kms', 'logs', 's3', 'ecr', 'secretsmanager', 'iam', 'elasticloadbalancing'] }, points: 1 },
    { id: 'compliance.encrypted-at-rest', points: 3 },
    { id: 'compliance.log-retention', points: 2 },
    { id: 'compliance.alb-access-logs', points: 2 },
    { id: 'compliance.required-tags', points: 1 },
    { id: 'ecs.container-log-configuration', points: 1 },
    // Least privilege (CC6.1, CC6.3). Both role checks count kms:Decrypt on the key of a store the role
    // reads (the Assets bucket's key, the secret's key) as needed, and decrypt on any other key as excess.
    { id: 'iam.task-role-least-privilege', params: { bucket: 'Assets' }, points: 2 },
    { id: 'iam.execution-role-minimal', params: { repository: 'Repository', logGroup: 'AppLogs', secret: 'DbSecret', bucket: 'Assets' }, points: 2 },
    { id: 'iam.roles-separated', points: 2 },
    { id: 'iam.no-admin-or-wildcard-actions', points: 2 },
  ],
  // Even before the break, the load balancer keeps no access logs: the TODO in stack.ts.
  taskChecks: ['compliance.alb-access-logs'],
  hints: [
    'Read the evidence table at the end of `lab check --reporter markdown`: each row is a criterion the auditor tests. Which rows are exceptions, and what would the auditor ask to see for each?',
    'Encryption at rest means a key you control on every store (log group, bucket, repository, secret). Evidence over a year needs logs kept a year. The load balancer records requests only if you give it an S3 bucket, and ELB writes only to SSE-S3 buckets.',
    'Put `encryptionKey: logsKey` back on the log group and `encryption: s3.BucketEncryption.KMS, encryptionKey: assetsKey` on the Assets bucket, set `retention: logs.RetentionDays.ONE_YEAR`, and call `alb.logAccessLogs(bucket)` with a new bucket using `s3.BucketEncryption.S3_MANAGED`.',
  ],
});
