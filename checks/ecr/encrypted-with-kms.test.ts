import { describe, expect, it } from 'vitest';
import { encryptedWithKms } from './encrypted-with-kms';
import { messages, repoTemplate, run } from './fixtures';

const key = { Key: { Type: 'AWS::KMS::Key', Properties: { EnableKeyRotation: true, KeyPolicy: { Version: '2012-10-17', Statement: [] } } } };

describe('ecr.encrypted-with-kms', () => {
  it('Compliance 1: KMS with a key of the stack', async () => {
    const t = repoTemplate({ repo: { EncryptionConfiguration: { EncryptionType: 'KMS', KmsKey: { 'Fn::GetAtt': ['Key', 'Arn'] } } }, extra: key });
    expect((await run(encryptedWithKms, t)).status).toBe('pass');
  });

  it('Compliance 2: KMS_DSSE with a key ARN from outside the stack', async () => {
    const t = repoTemplate({ repo: { EncryptionConfiguration: { EncryptionType: 'KMS_DSSE', KmsKey: 'arn:aws:kms:us-east-1:123456789012:key/abcd' } } });
    expect((await run(encryptedWithKms, t)).status).toBe('pass');
  });

  it('Noncompliance 1: the default AES256', async () => {
    expect(messages(await run(encryptedWithKms, repoTemplate()))).toEqual([expect.stringMatching(/AES256 keys that AWS owns/)]);
  });

  it('Noncompliance 2: KMS with the AWS managed key, implicitly or by alias', async () => {
    expect(messages(await run(encryptedWithKms, repoTemplate({ repo: { EncryptionConfiguration: { EncryptionType: 'KMS' } } })))).toEqual([expect.stringMatching(/the AWS managed key aws\/ecr/)]);
    const alias = repoTemplate({ repo: { EncryptionConfiguration: { EncryptionType: 'KMS', KmsKey: 'alias/aws/ecr' } } });
    expect((await run(encryptedWithKms, alias)).status).toBe('fail');
  });
});
