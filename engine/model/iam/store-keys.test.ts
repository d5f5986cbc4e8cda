// Hand-written templates: which key encrypts which store, and what its callers need on the key.
import { describe, expect, it } from 'vitest';
import { StackModel } from '../model';
import { keyNeeds, keyOfStore } from './store-keys';

const key = { Type: 'AWS::KMS::Key', Properties: { KeyPolicy: { Version: '2012-10-17', Statement: [] } } };
const sse = (KMSMasterKeyID: unknown) => ({ BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID } }] } });

const model = new StackModel({
  Resources: {
    BucketKey: key,
    QueueKey: key,
    LogsKey: key,
    Alias: { Type: 'AWS::KMS::Alias', Properties: { AliasName: 'alias/assets', TargetKeyId: { Ref: 'BucketKey' } } },
    ByAlias: { Type: 'AWS::S3::Bucket', Properties: sse('alias/assets') },
    ByArn: { Type: 'AWS::S3::Bucket', Properties: sse({ 'Fn::GetAtt': ['BucketKey', 'Arn'] }) },
    S3Managed: { Type: 'AWS::S3::Bucket', Properties: { BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] } } },
    AwsManaged: { Type: 'AWS::SQS::Queue', Properties: { KmsMasterKeyId: 'alias/aws/sqs' } },
    Queue: { Type: 'AWS::SQS::Queue', Properties: { KmsMasterKeyId: { Ref: 'QueueKey' } } },
    Logs: { Type: 'AWS::Logs::LogGroup', Properties: { KmsKeyId: { 'Fn::GetAtt': ['LogsKey', 'Arn'] } } },
  },
} as any);

const asObject = (m: Map<string, Set<string>>) => Object.fromEntries([...m].map(([k, v]) => [k, [...v].sort()]));

describe('store keys', () => {
  it('finds the key of a store by ARN, by Ref and through an alias of the stack; none for SSE-S3 or an AWS managed key', () => {
    expect(['ByAlias', 'ByArn', 'S3Managed', 'AwsManaged', 'Queue', 'Logs'].map((id) => keyOfStore(model, id))).toEqual(['BucketKey', 'BucketKey', undefined, undefined, 'QueueKey', 'LogsKey']);
  });

  it('a reader needs kms:Decrypt on the key, a writer also kms:GenerateDataKey (DescribeKey beside them)', () => {
    expect(asObject(keyNeeds(model, [{ logicalId: 'ByArn', access: 'read' }]))).toEqual({ BucketKey: ['kms:decrypt', 'kms:describekey'] });
    expect(asObject(keyNeeds(model, [{ logicalId: 'Queue', access: 'write' }]))).toEqual({ QueueKey: ['kms:decrypt', 'kms:describekey', 'kms:generatedatakey'] });
  });

  it('a log group writer needs nothing on the log group\'s key (CloudWatch Logs uses it itself)', () => {
    expect(asObject(keyNeeds(model, [{ logicalId: 'Logs', access: 'write' }, { logicalId: 'S3Managed', access: 'read' }]))).toEqual({});
  });
});
