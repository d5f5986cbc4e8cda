import type { StackModel } from '../../engine/model/model';
import { simulate, type RoleView } from '../../engine/model/iam';
import { defineCheck, type Finding } from '../../engine/types';
import { mustAllow, type Probe } from '../iam/probes';
import { roleLabel, roleOfTask } from '../iam/task-roles';
import { execServices, NO_SERVICE, type ExecService } from './exec-services';
import { accountPrincipals, keyPolicyAllows } from './key-policy';

/** The stream the probes write to: any stream of the session log group. */
const PROBE_STREAM = 'ecs-exec-probe';
/** The object the probes write: any object of the session bucket. */
const PROBE_OBJECT = 'ecs-exec-probe/session.log';
/**
 * What CloudWatch Logs needs of the KMS key of an encrypted log group; without it the log group
 * cannot be created. Source: CloudWatch Logs user guide, "Encrypt log data using AWS KMS"
 * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html).
 */
const LOGS_KEY_ACTIONS = ['kms:Encrypt', 'kms:Decrypt', 'kms:GenerateDataKey'];

interface ExecConfig {
  KmsKeyId?: unknown;
  Logging?: unknown;
  LogConfiguration?: { CloudWatchLogGroupName?: unknown; CloudWatchEncryptionEnabled?: unknown; S3BucketName?: unknown; S3EncryptionEnabled?: unknown };
}

/** One place sessions are written to, as the cluster names it. */
interface Destination {
  kind: 'log group' | 'bucket';
  /** The resource, when it is defined in this stack. */
  logicalId?: string;
  name: string;
}

/**
 * Exec sessions into the service's tasks are encrypted with a key of yours and recorded: the
 * cluster's ExecuteCommandConfiguration has a KMS key and logs with OVERRIDE to a CloudWatch log
 * group encrypted with a KMS key (CloudWatchEncryptionEnabled) and/or an S3 bucket
 * (S3EncryptionEnabled), and the task role — the SSM agent in the container writes the
 * transcript — can decrypt with the key and write to every destination.
 */
export const execAudited = defineCheck({
  id: 'ecs.exec-audited',
  title: 'ECS Exec sessions are encrypted with a KMS key and logged to an encrypted destination',
  severity: 'high',
  why:
    'A shell in a production container is the most powerful access you hand out. CloudTrail records who ran ExecuteCommand, ' +
    'but only session logging records what they typed and saw. Encrypting the session with your own KMS key, writing the ' +
    'transcript to an encrypted log group or bucket, and letting the task role (which the SSM agent uses) write there is ' +
    'what makes break-glass access auditable.',
  refs: {
    soc2: ['CC7.2', 'CC6.1'],
    wellArchitected: ['SEC04-BP01 Configure service and application logging'],
    docs: [
      'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs-exec.html',
      'https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-ecs-cluster-executecommandconfiguration.html',
    ],
  },
  offline({ model }) {
    const services = execServices(model);
    if (services.length === 0) return NO_SERVICE;
    const findings: Finding[] = [];
    const judgedClusters = new Set<string>();
    for (const svc of services) {
      if (!svc.clusterId) {
        findings.push(model.finding(svc.logicalId, `service ${model.describe(svc.logicalId)} runs in a cluster that is not defined in this stack, so its exec configuration cannot be checked`, 'Define the cluster in this stack.'));
        continue;
      }
      const cfg = (model.resource(svc.clusterId)!.props.Configuration?.ExecuteCommandConfiguration ?? undefined) as ExecConfig | undefined;
      const clusterProblems = clusterFindings(model, svc.clusterId, cfg);
      if (!judgedClusters.has(svc.clusterId)) findings.push(...clusterProblems);
      judgedClusters.add(svc.clusterId);
      // The task role is judged against a configuration worth writing to; first fix the cluster.
      if (clusterProblems.length === 0 && cfg) findings.push(...taskRoleFindings(model, svc, cfg));
    }
    return findings.length ? { status: 'fail', findings } : { status: 'pass' };
  },
});

function destinations(model: StackModel, cfg: ExecConfig): Destination[] {
  const lc = cfg.LogConfiguration ?? {};
  const out: Destination[] = [];
  if (lc.CloudWatchLogGroupName !== undefined) {
    out.push({ kind: 'log group', logicalId: model.targetOf(lc.CloudWatchLogGroupName), name: String(model.resolve(lc.CloudWatchLogGroupName)) });
  }
  if (lc.S3BucketName !== undefined) out.push({ kind: 'bucket', logicalId: model.targetOf(lc.S3BucketName), name: String(model.resolve(lc.S3BucketName)) });
  return out;
}

const isTrue = (v: unknown) => v === true || v === 'true';

function clusterFindings(model: StackModel, clusterId: string, cfg: ExecConfig | undefined): Finding[] {
  const cluster = `cluster ${model.describe(clusterId)}`;
  const at = (message: string, hint: string) => model.finding(clusterId, `${cluster} ${message}`, hint);
  if (!cfg) {
    return [at('has no ExecuteCommandConfiguration: exec sessions use no key of yours and are logged, if at all, into the app’s own log group', 'Give the cluster executeCommandConfiguration: { kmsKey, logging: ecs.ExecuteCommandLogging.OVERRIDE, logConfiguration: { … } }.')];
  }
  const findings: Finding[] = [];
  if (cfg.KmsKeyId === undefined) findings.push(at('encrypts exec sessions with no KMS key of yours (ExecuteCommandConfiguration has no KmsKeyId)', 'Create a KMS key (with rotation) and pass it as executeCommandConfiguration.kmsKey.'));
  const logging = cfg.Logging ?? 'DEFAULT';
  if (logging === 'NONE') return [...findings, at('does not log exec sessions (Logging: NONE): nobody can tell afterwards what was run in a container', 'Log sessions with logging: ecs.ExecuteCommandLogging.OVERRIDE to an encrypted log group or bucket.')];
  if (logging !== 'OVERRIDE') {
    return [...findings, at(`logs exec sessions with ${String(logging)}: the transcripts go to the container’s own awslogs group, mixed with the app’s logs and readable by whoever reads those`, 'Use logging: ecs.ExecuteCommandLogging.OVERRIDE with a log group (or bucket) of its own, encrypted with a KMS key.')];
  }
  const dests = destinations(model, cfg);
  if (dests.length === 0) return [...findings, at('logs with OVERRIDE but names no log group or bucket', 'Name cloudWatchLogGroup and/or s3Bucket in logConfiguration.')];
  for (const d of dests) findings.push(...destinationFindings(model, clusterId, cfg, d));
  return findings;
}

function destinationFindings(model: StackModel, clusterId: string, cfg: ExecConfig, d: Destination): Finding[] {
  const cluster = `cluster ${model.describe(clusterId)}`;
  const lc = cfg.LogConfiguration ?? {};
  if (!d.logicalId) return [model.finding(clusterId, `${cluster} logs exec sessions to ${d.kind} ${d.name}, which is not defined in this stack, so its encryption cannot be checked`, `Define the ${d.kind} in this stack.`)];
  const what = `${d.kind} ${model.describe(d.logicalId)}`;
  if (d.kind === 'bucket') {
    return isTrue(lc.S3EncryptionEnabled) ? [] : [model.finding(clusterId, `${cluster} logs exec sessions to ${what} without S3EncryptionEnabled, so the agent writes there whether or not the bucket is encrypted`, 'Set s3EncryptionEnabled: true in logConfiguration.')];
  }
  const findings: Finding[] = [];
  if (!isTrue(lc.CloudWatchEncryptionEnabled)) {
    findings.push(model.finding(clusterId, `${cluster} logs exec sessions to ${what} without CloudWatchEncryptionEnabled, so the agent writes there whether or not the log group is encrypted`, 'Set cloudWatchEncryptionEnabled: true in logConfiguration.'));
  }
  const keyRaw = model.resource(d.logicalId)!.raw.Properties?.KmsKeyId;
  if (keyRaw === undefined) {
    findings.push(model.finding(d.logicalId, `${what} holds exec session transcripts but is not encrypted with a KMS key (no KmsKeyId)`, 'Give the log group encryptionKey: a KMS key whose policy lets CloudWatch Logs use it.'));
    return findings;
  }
  const keyId = model.targetOf(keyRaw);
  if (keyId) {
    const logsPrincipals = [`logs.${model.env.region}.amazonaws.com`, 'logs.amazonaws.com'];
    const groupArn = `arn:${model.env.partition}:logs:${model.env.region}:${model.env.account}:log-group:${d.name}`;
    const context = { 'kms:EncryptionContext:aws:logs:arn': groupArn };
    const missing = LOGS_KEY_ACTIONS.filter((a) => !keyPolicyAllows(model, keyId, { service: logsPrincipals }, a, context));
    if (missing.length) {
      findings.push(
        model.finding(keyId, `the key policy of ${model.describe(keyId)} does not let CloudWatch Logs (logs.${model.env.region}.amazonaws.com) ${missing.join(', ')} for ${what}, so the encrypted log group cannot be created`, 'CDK writes this statement into the cluster’s exec key once a service has enableExecuteCommand: true and the cluster says cloudWatchEncryptionEnabled; for any other key, add one for the logs service principal (kms:Encrypt*, kms:Decrypt*, kms:GenerateDataKey*, kms:Describe*), conditioned on kms:EncryptionContext:aws:logs:arn.'),
      );
    }
  }
  return findings;
}

function taskRoleFindings(model: StackModel, svc: ExecService, cfg: ExecConfig): Finding[] {
  const td = svc.taskDefinition;
  if (!td) return []; // ecs.exec-enabled reports a task definition outside the stack.
  const found = roleOfTask(model, td, 'task');
  if ('finding' in found) return [found.finding];
  const role = found.ok;
  const label = roleLabel(model, td, role.logicalId);
  const findings: Finding[] = [];
  const keyId = model.targetOf(cfg.KmsKeyId);
  if (keyId) findings.push(...keyFindings(model, role, label, keyId));
  for (const d of destinations(model, cfg)) {
    const writeHint = `The SSM agent in the container writes the transcript with the task role: grant it the ${d.kind}'s write actions (CDK does when the service has enableExecuteCommand: true).`;
    findings.push(...mustAllow(model, role, label, writeProbes(model, d, isTrue(cfg.LogConfiguration?.S3EncryptionEnabled)), writeHint));
  }
  return findings;
}

function writeProbes(model: StackModel, d: Destination, s3Encryption: boolean): Probe[] {
  const { partition, region, account } = model.env;
  if (d.kind === 'log group') {
    const stream = `arn:${partition}:logs:${region}:${account}:log-group:${d.name}:log-stream:${PROBE_STREAM}`;
    const what = `log group ${d.name}`;
    return [
      // The agent looks the group up (and checks its encryption) before it writes: an action without a resource.
      { action: 'logs:DescribeLogGroups', resource: '*', what: 'log groups' },
      ...['logs:CreateLogStream', 'logs:DescribeLogStreams', 'logs:PutLogEvents'].map((action) => ({ action, resource: stream, what })),
    ];
  }
  const bucketArn = `arn:${partition}:s3:::${d.name}`;
  return [
    { action: 's3:PutObject', resource: `${bucketArn}/${PROBE_OBJECT}`, what: `objects of bucket ${d.name}` },
    ...(s3Encryption ? [{ action: 's3:GetEncryptionConfiguration', resource: bucketArn, what: `bucket ${d.name}` }] : []),
  ];
}

/**
 * The agent decrypts the session's data keys with the cluster's key. In one account that takes
 * either the key policy naming the role, or the key policy delegating to the account and the
 * role's own policy allowing it.
 */
function keyFindings(model: StackModel, role: RoleView, label: string, keyId: string): Finding[] {
  const action = 'kms:Decrypt';
  const keyName = `KMS key ${model.describe(keyId)}`;
  if (keyPolicyAllows(model, keyId, { aws: [role.arn] }, action)) return [];
  if (!keyPolicyAllows(model, keyId, { aws: accountPrincipals(model) }, action)) {
    return [model.finding(keyId, `the key policy of ${keyName} lets neither the account nor ${label} ${action}, so no exec session can be encrypted with it`, 'Keep the key policy’s statement for the account (kms:* for the account root, as CDK writes it), or name the task role.')];
  }
  const keyArn = String(model.resolve({ 'Fn::GetAtt': [keyId, 'Arn'] }));
  const d = simulate(role, { action, resource: keyArn }, { unknown: 'strict' });
  if (d.allowed) return [];
  return [model.finding(role.logicalId, `${label} cannot ${action} with ${keyName}, so the SSM agent cannot decrypt the exec session`, 'Grant the task role kms:Decrypt on the key (key.grantDecrypt(taskRole); CDK does it when the service has enableExecuteCommand: true).')];
}
