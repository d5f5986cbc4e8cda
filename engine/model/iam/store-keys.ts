// Which customer managed KMS key of the stack encrypts which store, and what a principal that
// reads or writes the store needs on that key. A role that reads an SSE-KMS bucket must be able
// to kms:Decrypt the bucket's key (S3 decrypts with the caller's permissions); a role that reads a
// log group or pulls from an encrypted ECR repository needs nothing on the key, because those
// services use the key through their own key-policy statement or grant. The least-privilege
// checks count exactly these KMS actions as needed, on exactly the keys of the stores the role is
// meant to use: decrypt on any other key stays a grant beyond need.
//
// Sources (what the calling principal needs, per service):
//   S3 SSE-KMS: GetObject needs kms:Decrypt; PutObject needs kms:GenerateDataKey, and kms:Decrypt
//     for multipart uploads (S3 user guide, "Using server-side encryption with AWS KMS keys").
//   Secrets Manager: GetSecretValue needs kms:Decrypt; PutSecretValue/UpdateSecret need
//     kms:GenerateDataKey and kms:Decrypt (Secrets Manager user guide, "Encryption and decryption").
//   SQS SSE: producers need kms:GenerateDataKey and kms:Decrypt, consumers kms:Decrypt (SQS
//     developer guide, "Configuring AWS KMS permissions").
//   SNS SSE: publishers need kms:GenerateDataKey and kms:Decrypt (SNS developer guide, "Data encryption").
//   Kinesis Data Streams: producers kms:GenerateDataKey, consumers kms:Decrypt (Kinesis developer
//     guide, "Permissions to use user-generated KMS keys").
//   DynamoDB with a customer managed key: readers kms:Decrypt, writers also kms:GenerateDataKey,
//     through DynamoDB (kms:ViaService) — the same envelope pattern; CDK grants the same.
//   CloudWatch Logs: the logs service principal uses the key (its key-policy statement); callers
//     of PutLogEvents/GetLogEvents need no KMS permission (CloudWatch Logs user guide,
//     "Encrypt log data in CloudWatch Logs using AWS KMS").
//   ECR: the repository holds a KMS grant made at creation and pulls decrypt through it (ECR user
//     guide, "Encryption at rest"); pullers need no KMS permission.
// kms:DescribeKey is accepted beside any use: it returns the key's metadata only (no data), and
// CDK's key grants (grantDecrypt, grantEncryptDecrypt) add it.
import type { StackModel } from '../model';

export type StoreAccess = 'read' | 'write';

/** A store a role is meant to use, by logical id, and how. */
export interface StoreUse {
  logicalId: string;
  access: StoreAccess;
}

interface KeyedStore {
  /** The raw property value that names the store's KMS key, if it has one. */
  keyOf(props: Record<string, any>): unknown;
  /** KMS actions (lower case) the caller of the store needs on its key. */
  needs: Record<StoreAccess, string[]>;
}

const DECRYPT = 'kms:decrypt';
const GENERATE = 'kms:generatedatakey';
const DESCRIBE = 'kms:describekey';
const ENVELOPE = { read: [DECRYPT], write: [GENERATE, DECRYPT] };

function bucketKey(props: Record<string, any>): unknown {
  const rules = (props.BucketEncryption?.ServerSideEncryptionConfiguration ?? []) as Record<string, any>[];
  const rule = rules.map((r) => r?.ServerSideEncryptionByDefault).find((d) => String(d?.SSEAlgorithm).startsWith('aws:kms'));
  return rule?.KMSMasterKeyID;
}

const STORES: Record<string, KeyedStore> = {
  'AWS::S3::Bucket': { keyOf: bucketKey, needs: ENVELOPE },
  'AWS::SecretsManager::Secret': { keyOf: (p) => p.KmsKeyId, needs: ENVELOPE },
  'AWS::SQS::Queue': { keyOf: (p) => p.KmsMasterKeyId, needs: ENVELOPE },
  'AWS::SNS::Topic': { keyOf: (p) => p.KmsMasterKeyId, needs: { read: [], write: [GENERATE, DECRYPT] } },
  'AWS::Kinesis::Stream': { keyOf: (p) => p.StreamEncryption?.KeyId, needs: { read: [DECRYPT], write: [GENERATE] } },
  'AWS::DynamoDB::Table': { keyOf: (p) => p.SSESpecification?.KMSMasterKeyId, needs: ENVELOPE },
  'AWS::Logs::LogGroup': { keyOf: (p) => p.KmsKeyId, needs: { read: [], write: [] } },
  'AWS::ECR::Repository': { keyOf: (p) => p.EncryptionConfiguration?.KmsKey, needs: { read: [], write: [] } },
};

/** The KMS key of this stack a key property names: by Ref/GetAtt/ARN/id, or through an alias of this stack. */
export function stackKeyOf(model: StackModel, raw: unknown): string | undefined {
  if (raw === undefined || raw === null || raw === '') return undefined;
  const isType = (id: string | undefined, type: string) => (id && model.resource(id)?.type === type ? id : undefined);
  const direct = model.targetOf(raw) ?? model.targetOf(model.resolve(raw));
  const viaAlias = (aliasId: string) => isType(model.targetOf(model.resource(aliasId)?.raw.Properties?.TargetKeyId), 'AWS::KMS::Key');
  if (isType(direct, 'AWS::KMS::Key')) return direct;
  if (isType(direct, 'AWS::KMS::Alias')) return viaAlias(direct!);
  const value = String(model.resolve(raw));
  const byArnOrId = model
    .ofType('AWS::KMS::Key')
    .find((k) => model.resolve({ Ref: k.logicalId }) === value || model.resolve({ 'Fn::GetAtt': [k.logicalId, 'Arn'] }) === value);
  if (byArnOrId) return byArnOrId.logicalId;
  const alias = model.ofType('AWS::KMS::Alias').find((a) => a.props.AliasName === value || value.endsWith(`:${a.props.AliasName}`));
  return alias ? viaAlias(alias.logicalId) : undefined;
}

/** The stack's KMS key that encrypts a store, when the store is of a known type and names one. */
export function keyOfStore(model: StackModel, storeId: string): string | undefined {
  const r = model.resource(storeId);
  const store = r && STORES[r.type];
  return store ? stackKeyOf(model, store.keyOf(r.raw.Properties ?? {})) : undefined;
}

/**
 * The stack key that encrypts a store, and its ARN. (A request through the store's service carries
 * kms:ViaService, but its region is the deployed stack's, which the offline model does not know,
 * so key-policy statements conditioned on it stay "allowed under a condition".)
 */
export function storeKey(model: StackModel, storeId: string): { keyId: string; keyArn: string } | undefined {
  const keyId = keyOfStore(model, storeId);
  return keyId ? { keyId, keyArn: String(model.resolve({ 'Fn::GetAtt': [keyId, 'Arn'] })) } : undefined;
}

/**
 * The KMS actions (lower case) a role needs on each key of the stack, by key logical id, given
 * the stores it is meant to use. A key that appears here for no store is not needed at all.
 */
export function keyNeeds(model: StackModel, uses: readonly StoreUse[]): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const use of uses) {
    const type = model.resource(use.logicalId)?.type;
    const key = keyOfStore(model, use.logicalId);
    if (!type || !key) continue;
    const actions = STORES[type].needs[use.access];
    if (!actions.length) continue;
    const set = out.get(key) ?? new Set<string>();
    for (const a of [...actions, DESCRIBE]) set.add(a);
    out.set(key, set);
  }
  return out;
}

/** Is this request (a KMS action on a key of the stack) one the stores the role uses need? */
export function neededOnStoreKeys(model: StackModel, uses: readonly StoreUse[]): (request: { service: string; action: string; logicalId?: string }) => boolean {
  const needs = keyNeeds(model, uses);
  return (r) => r.service === 'kms' && r.logicalId !== undefined && (needs.get(r.logicalId)?.has(r.action.toLowerCase()) ?? false);
}
