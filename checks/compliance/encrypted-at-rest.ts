import type { StackModel, ModelResource } from '../../engine/model/model';
import { defineCheck, type Finding } from '../../engine/types';
import { accessLogBuckets } from './access-log-buckets';

/**
 * What each kind of store keeps at rest and how the template says it is encrypted with a key the
 * account controls (a customer managed KMS key: its policy, rotation and CloudTrail record of every use).
 */
const STORES: Record<string, { what: string; keyOf: (props: Record<string, any>) => unknown; hint: string }> = {
  'AWS::Logs::LogGroup': { what: 'log group', keyOf: (p) => p.KmsKeyId, hint: 'Pass encryptionKey: key to the LogGroup (the key policy must let logs.<region>.amazonaws.com use it).' },
  'AWS::S3::Bucket': { what: 'bucket', keyOf: bucketKey, hint: 'Set encryption: s3.BucketEncryption.KMS with encryptionKey: key (and bucketKeyEnabled: true).' },
  'AWS::ECR::Repository': { what: 'repository', keyOf: (p) => (String(p.EncryptionConfiguration?.EncryptionType).toUpperCase().startsWith('KMS') ? p.EncryptionConfiguration?.KmsKey : undefined), hint: 'Set encryption: ecr.RepositoryEncryption.KMS with encryptionKey: key.' },
  'AWS::SecretsManager::Secret': { what: 'secret', keyOf: (p) => p.KmsKeyId, hint: 'Pass encryptionKey: key to the Secret.' },
};

/** A key id, ARN or alias that is not an AWS managed key (`alias/aws/...`). */
const isCustomerKey = (key: unknown) => key !== undefined && key !== null && key !== '' && !/alias\/aws\//.test(String(key));

/**
 * Every log group, bucket, ECR repository and secret of the stack is encrypted with a customer
 * managed KMS key. One exception, by AWS's rule: a bucket an Application Load Balancer delivers its
 * access logs to supports only SSE-S3 (S3 managed keys), so there SSE-S3 is the right answer.
 */
export const encryptedAtRest = defineCheck({
  id: 'compliance.encrypted-at-rest',
  title: 'Logs, buckets, images and secrets are encrypted at rest with a customer managed KMS key',
  // Medium, not high: the data is encrypted at rest either way (AWS owned or managed keys); what a
  // customer managed key adds is control and audit of its use, which SOC 2 evidence asks for but
  // which is no exposure. `lab audit` fails on high by default and must not fail every app for it.
  severity: 'medium',
  why:
    'Everything AWS stores is encrypted, but with an AWS owned or AWS managed key nobody in your account can restrict, ' +
    'rotate on your schedule or audit. A customer managed key puts its use under a key policy you write and leaves a ' +
    'CloudTrail record of every decrypt: the evidence an auditor asks for, and a way to cut off access to the data by ' +
    'disabling one key.',
  refs: {
    securityHub: ['S3.17', 'ECR.5'],
    soc2: ['CC6.1'],
    awsConfig: ['cloudwatch-log-group-encrypted', 'secretsmanager-using-cmk', 's3-default-encryption-kms'],
    wellArchitected: ['SEC08-BP02 Enforce encryption at rest'],
    docs: [
      'https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html',
      'https://docs.aws.amazon.com/AmazonECR/latest/userguide/encryption-at-rest.html',
      'https://docs.aws.amazon.com/elasticloadbalancing/latest/application/enable-access-logging.html',
    ],
  },
  offline({ model }) {
    const stores = model.resources().filter((r) => STORES[r.type]);
    if (stores.length === 0) return { status: 'skip', reason: 'the stack has no log group, bucket, ECR repository or secret' };
    const logBuckets = accessLogBuckets(model);
    const findings = stores.flatMap((r) => judge(model, r, logBuckets.has(r.logicalId)));
    return findings.length ? { status: 'fail', findings } : { status: 'pass' };
  },
});

function judge(model: StackModel, r: ModelResource, receivesAccessLogs: boolean): Finding[] {
  const store = STORES[r.type]!;
  const name = `${store.what} ${model.describe(r.logicalId)}`;
  if (receivesAccessLogs) {
    const algorithm = bucketAlgorithm(r.props);
    if (algorithm === undefined || algorithm === 'AES256') return [];
    return [model.finding(r.logicalId, `${name} receives load balancer access logs but is encrypted with ${algorithm}; ELB delivers access logs only to buckets with SSE-S3`, 'Use encryption: s3.BucketEncryption.S3_MANAGED on the access log bucket.')];
  }
  const key = store.keyOf(r.props);
  if (isCustomerKey(key)) return [];
  const how = key ? `the AWS managed key ${key}` : 'an AWS owned or AWS managed key';
  return [model.finding(r.logicalId, `${name} is encrypted at rest with ${how}, not a customer managed KMS key`, store.hint)];
}

function bucketRule(props: Record<string, any>): Record<string, any> | undefined {
  const rules = props.BucketEncryption?.ServerSideEncryptionConfiguration;
  return Array.isArray(rules) ? rules[0]?.ServerSideEncryptionByDefault : undefined;
}

/** SSE-S3 is the default since January 2023, so a bucket without a rule says AES256 in effect. */
function bucketAlgorithm(props: Record<string, any>): string | undefined {
  return bucketRule(props)?.SSEAlgorithm;
}

function bucketKey(props: Record<string, any>): unknown {
  const rule = bucketRule(props);
  return String(rule?.SSEAlgorithm).startsWith('aws:kms') ? rule?.KMSMasterKeyID : undefined;
}
