import type { StackModel } from '../../engine/model/model';
import { evaluate, parseDocument, type Statement } from '../../engine/model/iam';
import { defineCheck, type Finding } from '../../engine/types';
import { notifiedTopics, readAlarms } from './alarms';

/** The service principal CloudWatch alarms publish to SNS as. */
const CLOUDWATCH = 'cloudwatch.amazonaws.com';
/**
 * What a publisher needs on the key of an encrypted topic:
 * https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html#compatibility-with-aws-services
 */
const PUBLISH_KEY_ACTIONS = ['kms:GenerateDataKey', 'kms:Decrypt'];
/** The AWS managed key of SNS: its key policy cannot be changed, so it never allows CloudWatch. */
const AWS_MANAGED_SNS_KEY = /(^|[:/])alias\/aws\/sns$/;

/**
 * The SNS topics the alarms notify are encrypted with a customer managed KMS key defined in this
 * stack, whose key policy lets CloudWatch (cloudwatch.amazonaws.com) use it to publish:
 * kms:GenerateDataKey* and kms:Decrypt, for this account's alarms. Encrypted with the AWS managed
 * key (alias/aws/sns), or with a key whose policy leaves CloudWatch out, every notification is
 * dropped while the alarm itself shows ALARM.
 */
export const alertsEncrypted = defineCheck({
  id: 'monitoring.alerts-encrypted',
  title: 'The alerts topic is encrypted with a KMS key that CloudWatch may use',
  severity: 'medium',
  why:
    'Alerts carry resource names, error details and sometimes data: the topic should be encrypted at rest. But CloudWatch ' +
    'publishes to it as a service, so the key must be a customer managed key whose policy allows cloudwatch.amazonaws.com ' +
    'kms:GenerateDataKey* and kms:Decrypt. With the AWS managed key aws/sns the topic looks encrypted and every alarm notification silently fails.',
  refs: {
    cdkNag: ['AwsSolutions-SNS2'],
    soc2: ['CC6.1'],
    docs: [
      'https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html',
      'https://docs.aws.amazon.com/config/latest/developerguide/sns-encrypted-kms.html',
    ],
  },
  offline({ model }) {
    const publishers = new Map<string, string>(); // topic → an alarm that publishes to it
    for (const alarm of readAlarms(model)) for (const topic of notifiedTopics(model, alarm)) if (!publishers.has(topic)) publishers.set(topic, alarm.logicalId);
    if (publishers.size === 0) return { status: 'skip', reason: 'no alarm notifies an SNS topic of this stack' };
    const findings: Finding[] = [];
    for (const [topic, alarm] of publishers) {
      const problem = topicProblem(model, topic, alarm);
      if (problem) findings.push(model.finding(problem.on ?? topic, `topic ${model.describe(topic)}: ${problem.message}`, problem.hint));
    }
    return findings.length ? { status: 'fail', findings } : { status: 'pass' };
  },
});

interface Problem {
  message: string;
  hint: string;
  /** The resource to report on when it is not the topic (the key whose policy is wrong). */
  on?: string;
}

const KEY_HINT = "Encrypt it with a kms.Key of this stack (masterKey) and key.grant(new iam.ServicePrincipal('cloudwatch.amazonaws.com'), 'kms:Decrypt', 'kms:GenerateDataKey*').";

function topicProblem(model: StackModel, topicId: string, alarmId: string): Problem | undefined {
  const raw = model.resource(topicId)!.raw.Properties?.KmsMasterKeyId;
  if (raw === undefined) return { message: 'is not encrypted at rest', hint: KEY_HINT };
  const key = keyOf(model, raw);
  if (!key) {
    const value = String(model.resolve(raw));
    if (AWS_MANAGED_SNS_KEY.test(value)) {
      return { message: 'is encrypted with the AWS managed key aws/sns, whose key policy cannot let CloudWatch publish: every alarm notification would be dropped', hint: KEY_HINT };
    }
    return { message: `is encrypted with ${value}, a key outside this stack whose key policy cannot be read here to show CloudWatch may use it`, hint: KEY_HINT };
  }
  const missing = PUBLISH_KEY_ACTIONS.filter((action) => !cloudWatchMay(model, key, alarmId, action));
  if (missing.length === 0) return undefined;
  return {
    message: `its key ${model.describe(key)} does not let ${CLOUDWATCH} ${missing.join(' and ')}, so CloudWatch cannot publish the alarm notifications`,
    hint: "key.grant(new iam.ServicePrincipal('cloudwatch.amazonaws.com'), 'kms:Decrypt', 'kms:GenerateDataKey*'), or the same statement in the key policy.",
    on: key,
  };
}

/** The KMS key of this stack a KmsMasterKeyId names: directly, or through an alias of this stack. */
function keyOf(model: StackModel, raw: unknown): string | undefined {
  const direct = model.targetOf(raw) ?? model.targetOf(model.resolve(raw));
  const viaAlias = (aliasId: string) => model.targetOf(model.resource(aliasId)?.raw.Properties?.TargetKeyId);
  if (direct && model.resource(direct)?.type === 'AWS::KMS::Key') return direct;
  if (direct && model.resource(direct)?.type === 'AWS::KMS::Alias') return viaAlias(direct);
  const value = model.resolve(raw);
  const alias = model.ofType('AWS::KMS::Alias').find((a) => a.props.AliasName === value || String(value).endsWith(`:${a.props.AliasName}`));
  return alias ? viaAlias(alias.logicalId) : undefined;
}

/**
 * Whether the key policy surely allows CloudWatch an action when an alarm of this account publishes
 * (strict: a condition the simulation cannot decide does not count as allowing).
 */
function cloudWatchMay(model: StackModel, keyId: string, alarmId: string, action: string): boolean {
  const statements = parseDocument(model.resource(keyId)!.props.KeyPolicy).filter(namesCloudWatch);
  const { account, region, partition } = model.env;
  const alarmName = String(model.resolver.ref(alarmId));
  const decision = evaluate([{ name: 'key policy', statements }], {
    action,
    resource: String(model.resolver.getAtt(keyId, 'Arn')),
    context: {
      'aws:SourceAccount': account,
      'aws:SourceArn': `arn:${partition}:cloudwatch:${region}:${account}:alarm:${alarmName}`,
      'aws:PrincipalServiceName': CLOUDWATCH,
    },
  }, { unknown: 'strict' });
  return decision.allowed;
}

/** A key policy statement about CloudWatch's service principal (or about everyone). */
function namesCloudWatch(st: Statement): boolean {
  const p = st.principals;
  if (!p) return false;
  return (p.Service ?? []).includes(CLOUDWATCH) || (p['*'] ?? []).includes('*') || (p.AWS ?? []).includes('*');
}
