import { describe, expect, it } from 'vitest';
import { encryptedWithCmk } from './encrypted-with-cmk';
import { keyArn, messages, run, secretArn, secretsTemplate } from './fixtures';

const readOnly = [{ Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: secretArn }];

describe('secrets.encrypted-with-cmk', () => {
  it('Compliance 1: a key of the stack, decrypt granted in the identity policy through Secrets Manager', async () => {
    expect((await run(encryptedWithCmk, secretsTemplate())).status).toBe('pass');
  });

  it('Compliance 2: the decrypt granted in the key policy instead', async () => {
    const t = secretsTemplate({ execution: readOnly });
    (t.Resources!.SecretKey.Properties as any).KeyPolicy.Statement.push({ Effect: 'Allow', Principal: { AWS: { 'Fn::GetAtt': ['ExecutionRole', 'Arn'] } }, Action: 'kms:Decrypt', Resource: '*', Condition: { StringEquals: { 'kms:ViaService': 'secretsmanager.us-east-1.amazonaws.com' } } });
    expect((await run(encryptedWithCmk, t)).status).toBe('pass');
  });

  it('Noncompliance 1: the AWS managed key (no KmsKeyId, or its alias)', async () => {
    expect(messages(await run(encryptedWithCmk, secretsTemplate({ secret: { KmsKeyId: undefined } })))).toEqual(['secret DbSecret (injected as DB_PASSWORD) is encrypted with the AWS managed key aws/secretsmanager, not a customer managed key']);
    expect(messages(await run(encryptedWithCmk, secretsTemplate({ secret: { KmsKeyId: 'alias/aws/secretsmanager' } })))).toEqual([expect.stringMatching(/AWS managed key alias\/aws\/secretsmanager/)]);
  });

  it('Noncompliance 2: a customer key the execution role cannot decrypt with', async () => {
    const r = await run(encryptedWithCmk, secretsTemplate({ execution: readOnly }));
    expect(messages(r)).toEqual([expect.stringMatching(/^execution role ExecutionRole cannot kms:Decrypt with key SecretKey/)]);
    // A decrypt allowed only through another service is not a decrypt through Secrets Manager.
    const viaS3 = [...readOnly, { Effect: 'Allow', Action: 'kms:Decrypt', Resource: keyArn, Condition: { StringEquals: { 'kms:ViaService': 's3.us-east-1.amazonaws.com' } } }];
    expect((await run(encryptedWithCmk, secretsTemplate({ execution: viaS3 }))).status).toBe('fail');
  });
});
