import type { StackModel } from '../../engine/model/model';
import { defineCheck, type Finding } from '../../engine/types';
import { runTaskDefinitions } from '../docker/image-assets';
import { keyVerdict } from '../ecr/customer-managed-key';
import { keyPolicyAllows } from '../ecs/key-policy';

const LOG_GROUP = 'AWS::Logs::LogGroup';
const HINT =
  "Send the logs to a log group of the stack with a retention and your own key: new logs.LogGroup(this, 'AppLogs', " +
  '{ retention: logs.RetentionDays.ONE_MONTH, encryptionKey: key }), and ecs.LogDrivers.awsLogs({ logGroup, streamPrefix }).';

// What CloudWatch Logs does with a log group's key (CloudWatch Logs user guide, "Encrypt log data
// in CloudWatch Logs using AWS KMS"): the key policy must let the regional logs service use it.
const LOGS_KEY_ACTIONS = ['kms:Encrypt', 'kms:Decrypt', 'kms:GenerateDataKey'];

/**
 * The log groups every container's logs go to — awslogs' `awslogs-group`, or FireLens'
 * `log_group_name` — are log groups of the stack that expire their events (RetentionInDays) and
 * are encrypted with a customer managed KMS key whose policy lets CloudWatch Logs use it.
 */
export const logRetentionEncrypted = defineCheck({
  id: 'config.log-retention-encrypted',
  title: 'Container logs go to log groups with a retention period and a customer managed key',
  severity: 'medium',
  why:
    'A log group without retention keeps (and bills) every line for ever; logs also hold what users sent and what the ' +
    'app printed by mistake. Retention bounds both. A customer managed key lets you decide who may read the logs and ' +
    'cut them off in an incident. The key policy must let CloudWatch Logs use the key, or the group cannot be created.',
  refs: {
    securityHub: ['ECS.9'],
    cdkNag: ['NIST.800.53.R5-CloudWatchLogGroupEncrypted', 'NIST.800.53.R5-CloudWatchLogGroupRetentionPeriod'],
    soc2: ['CC7.2', 'C1.2'],
    docs: [
      'https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/Working-with-log-groups-and-streams.html#SettingLogRetention',
      'https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html',
    ],
  },
  offline({ model }) {
    const groups = new Map<string, { taskDefinitionId: string; who: string }>();
    const findings: Finding[] = [];
    for (const td of runTaskDefinitions(model)) {
      for (const def of (td.props.ContainerDefinitions ?? []) as Record<string, any>[]) {
        const who = `container ${def.Name ?? '?'} of ${model.describe(td.logicalId)}`;
        const name = logGroupName(def.LogConfiguration);
        if (name) groups.set(name, groups.get(name) ?? { taskDefinitionId: td.logicalId, who });
      }
    }
    if (groups.size === 0) return { status: 'skip', reason: 'no container the stack runs sends its logs to a CloudWatch log group' };
    for (const [name, use] of groups) {
      const group = model.ofType(LOG_GROUP).find((g) => String(model.resolve({ Ref: g.logicalId })) === name);
      if (!group) {
        findings.push(model.finding(use.taskDefinitionId, `${use.who} logs to ${name}, which this stack does not define, so its retention and encryption are not set here`, HINT));
        continue;
      }
      findings.push(...groupFindings(model, group.logicalId));
    }
    return findings.length ? { status: 'fail', findings } : { status: 'pass' };
  },
});

/** The log group a container's log configuration writes to, for awslogs and FireLens' CloudWatch output. */
export function logGroupName(cfg: Record<string, any> | undefined): string | undefined {
  const options = (cfg?.Options ?? {}) as Record<string, unknown>;
  const name = cfg?.LogDriver === 'awslogs' ? options['awslogs-group'] : cfg?.LogDriver === 'awsfirelens' ? options.log_group_name : undefined;
  return typeof name === 'string' && name ? name : undefined;
}

function groupFindings(model: StackModel, groupId: string): Finding[] {
  const g = model.resource(groupId)!;
  const label = `log group ${model.describe(groupId)}`;
  const out: Finding[] = [];
  if (typeof g.props.RetentionInDays !== 'number') out.push(model.finding(groupId, `${label} has no retention period, so it keeps every event for ever`, HINT));
  const key = keyVerdict(model, g.raw.Properties?.KmsKeyId);
  if (key.kind !== 'customer') out.push(model.finding(groupId, `${label} is not encrypted with a customer managed KMS key`, HINT));
  else if (key.logicalId) {
    const service = `logs.${model.env.region}.${model.env.urlSuffix}`;
    const groupArn = String(model.resolve({ 'Fn::GetAtt': [groupId, 'Arn'] })).replace(/:\*$/, '');
    const context = { 'kms:EncryptionContext:aws:logs:arn': groupArn };
    const missing = LOGS_KEY_ACTIONS.filter((a) => !keyPolicyAllows(model, key.logicalId!, { service: [service] }, a, context));
    if (missing.length) out.push(model.finding(key.logicalId, `the key policy of ${model.describe(key.logicalId)} does not let CloudWatch Logs (${service}) ${missing.join(', ')}, so ${label} cannot use it`, 'Add a key policy statement for the service principal logs.<region>.amazonaws.com (kms:Encrypt*, Decrypt*, ReEncrypt*, GenerateDataKey*, Describe*), limited with kms:EncryptionContext:aws:logs:arn; CDK does not add it.'));
  }
  return out;
}
