// Hand-written templates: resource-based policies take part in same-account evaluation.
import { describe, expect, it } from 'vitest';
import { StackModel } from '../model';
import { decideByResourcePolicy } from './resource-policies';
import { iamModelOf, simulate } from './roles';

const trust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ecs-tasks.amazonaws.com' }, Action: 'sts:AssumeRole' }] };
const roleArn = { 'Fn::GetAtt': ['TaskRole', 'Arn'] };

function template(extra: Record<string, unknown>, identity: unknown[] = []) {
  return {
    Resources: {
      TaskRole: { Type: 'AWS::IAM::Role', Properties: { AssumeRolePolicyDocument: trust, ...(identity.length ? { Policies: [{ PolicyName: 'app', PolicyDocument: { Version: '2012-10-17', Statement: identity } }] } : {}) } },
      Assets: { Type: 'AWS::S3::Bucket' },
      Db: { Type: 'AWS::SecretsManager::Secret' },
      Key: { Type: 'AWS::KMS::Key', Properties: { KeyPolicy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: { 'Fn::Sub': 'arn:${AWS::Partition}:iam::${AWS::AccountId}:root' } }, Action: 'kms:*', Resource: '*' }] } } },
      ...extra,
    },
  };
}

function decide(t: Record<string, unknown>, action: string, resource: (m: StackModel) => string) {
  const model = new StackModel(t as any);
  const role = iamModelOf(model).role('TaskRole')!;
  const context = { 'aws:PrincipalArn': role.arn, 'aws:PrincipalAccount': model.env.account, 'aws:SecureTransport': true };
  return simulate(role, { action, resource: resource(model), context });
}

const object = (m: StackModel) => `${m.resolve({ 'Fn::GetAtt': ['Assets', 'Arn'] })}/a.txt`;
const bucketPolicy = (Statement: unknown[]) => ({ Policy: { Type: 'AWS::S3::BucketPolicy', Properties: { Bucket: { Ref: 'Assets' }, PolicyDocument: { Version: '2012-10-17', Statement } } } });
const assetsObjects = { 'Fn::Join': ['', [{ 'Fn::GetAtt': ['Assets', 'Arn'] }, '/*']] };

describe('resource-based policies in same-account evaluation', () => {
  it('a bucket policy naming the role grants it writes no identity policy has', () => {
    const d = decide(template(bucketPolicy([{ Effect: 'Allow', Principal: { AWS: roleArn }, Action: 's3:PutObject', Resource: assetsObjects }])), 's3:PutObject', object);
    expect(d.allowed).toBe(true);
    expect(d.decidedBy?.policy).toMatchObject({ kind: 'bucket-policy', name: 'bucket policy of Assets', logicalId: 'Policy' });
  });

  it('a bucket policy open to Principal "*" grants the role too; one for another role or a service does not', () => {
    expect(decide(template(bucketPolicy([{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: assetsObjects }])), 's3:GetObject', object).allowed).toBe(true);
    const other = bucketPolicy([
      { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::123456789012:role/other' }, Action: 's3:*', Resource: assetsObjects },
      { Effect: 'Allow', Principal: { Service: 'logging.s3.amazonaws.com' }, Action: 's3:PutObject', Resource: assetsObjects },
    ]);
    expect(decide(template(other), 's3:PutObject', object).allowed).toBe(false);
  });

  it('a bucket policy naming the account only delegates to IAM: it grants nothing by itself', () => {
    const t = template(bucketPolicy([{ Effect: 'Allow', Principal: { AWS: { 'Fn::Sub': 'arn:${AWS::Partition}:iam::${AWS::AccountId}:root' } }, Action: 's3:*', Resource: assetsObjects }]));
    expect(decide(t, 's3:GetObject', object).allowed).toBe(false);
  });

  it('an explicit Deny in the bucket policy beats an identity Allow, and an identity Deny beats a bucket-policy Allow', () => {
    const allowAll = [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }];
    const deny = decide(template(bucketPolicy([{ Effect: 'Deny', Principal: { AWS: roleArn }, Action: 's3:PutObject', Resource: assetsObjects }]), allowAll), 's3:PutObject', object);
    expect(deny).toMatchObject({ allowed: false, effect: 'explicit-deny' });
    expect(deny.decidedBy?.policy.kind).toBe('bucket-policy');
    const identityDeny = decide(template(bucketPolicy([{ Effect: 'Allow', Principal: '*', Action: 's3:PutObject', Resource: assetsObjects }]), [{ Effect: 'Deny', Action: 's3:*', Resource: '*' }]), 's3:PutObject', object);
    expect(identityDeny).toMatchObject({ allowed: false, effect: 'explicit-deny' });
    // CDK's enforceSSL statement: a Deny for everyone that does not apply over TLS.
    const ssl = bucketPolicy([{ Effect: 'Deny', Principal: { AWS: '*' }, Action: 's3:*', Resource: assetsObjects, Condition: { Bool: { 'aws:SecureTransport': 'false' } } }]);
    expect(decide(template(ssl, allowAll), 's3:GetObject', object).allowed).toBe(true);
  });

  it('a bucket policy governs only its bucket: a grant there says nothing about another bucket', () => {
    const t = template(bucketPolicy([{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: '*' }]));
    expect(decide(t, 's3:GetObject', () => 'arn:aws:s3:::another-bucket/a.txt').allowed).toBe(false);
  });

  it('secret resource policies, key policies and repository policies count the same way', () => {
    const secret = { SecretPolicy: { Type: 'AWS::SecretsManager::ResourcePolicy', Properties: { SecretId: { Ref: 'Db' }, ResourcePolicy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: roleArn }, Action: 'secretsmanager:PutSecretValue', Resource: '*' }] } } } };
    expect(decide(template(secret), 'secretsmanager:PutSecretValue', (m) => String(m.resolve({ Ref: 'Db' }))).allowed).toBe(true);
    const key = { Key: { Type: 'AWS::KMS::Key', Properties: { KeyPolicy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: roleArn }, Action: 'kms:Decrypt', Resource: '*' }] } } } };
    expect(decide(template(key), 'kms:Decrypt', (m) => String(m.resolve({ 'Fn::GetAtt': ['Key', 'Arn'] }))).allowed).toBe(true);
    // The default key policy (account root) delegates to IAM and grants nothing by itself.
    expect(decide(template({}), 'kms:Decrypt', (m) => String(m.resolve({ 'Fn::GetAtt': ['Key', 'Arn'] }))).allowed).toBe(false);
    const repo = { Repo: { Type: 'AWS::ECR::Repository', Properties: { RepositoryPolicyText: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: roleArn }, Action: ['ecr:PutImage'] }] } } } };
    const d = decide(template(repo), 'ecr:PutImage', (m) => String(m.resolve({ 'Fn::GetAtt': ['Repo', 'Arn'] })));
    expect(d.allowed).toBe(true);
    expect(d.decidedBy?.policy.name).toBe('repository policy of Repo');
  });
});

describe('a resource policy seen from another account', () => {
  const outsider = (account: string) => ({ 'aws:PrincipalArn': `arn:aws:iam::${account}:role/ci`, 'aws:PrincipalAccount': account });
  const repoArn = (m: StackModel) => String(m.resolve({ 'Fn::GetAtt': ['Repo', 'Arn'] }));
  const repo = (Statement: unknown[]) => ({ Repo: { Type: 'AWS::ECR::Repository', Properties: { RepositoryPolicyText: { Version: '2012-10-17', Statement } } } });
  const pull = (t: Record<string, unknown>, account: string) => {
    const model = new StackModel(t as any);
    return decideByResourcePolicy(model, { action: 'ecr:BatchGetImage', resource: repoArn(model), context: outsider(account) });
  };

  it('naming another account (id or root ARN) lets every principal of that account in, and nobody of a third', () => {
    for (const principal of ['210987654321', 'arn:aws:iam::210987654321:root']) {
      const t = template(repo([{ Effect: 'Allow', Principal: { AWS: principal }, Action: 'ecr:BatchGetImage' }]));
      expect(pull(t, '210987654321').allowed).toBe(true);
      expect(pull(t, '333333333333').allowed).toBe(false);
    }
  });

  it('the own account root still grants an outsider nothing, and "*" limited to the own account neither', () => {
    const own = template(repo([{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::123456789012:root' }, Action: 'ecr:BatchGetImage' }]));
    expect(pull(own, '210987654321').allowed).toBe(false);
    const star = template(repo([{ Effect: 'Allow', Principal: '*', Action: 'ecr:BatchGetImage', Condition: { StringEquals: { 'aws:PrincipalAccount': '123456789012' } } }]));
    expect(pull(star, '210987654321').allowed).toBe(false);
    expect(pull(template(repo([{ Effect: 'Allow', Principal: '*', Action: 'ecr:*' }])), '210987654321').allowed).toBe(true);
  });

  it('a same-account role is not granted by a statement naming another account', () => {
    const t = template(repo([{ Effect: 'Allow', Principal: { AWS: '210987654321' }, Action: 'ecr:PutImage' }]));
    expect(decide(t, 'ecr:PutImage', repoArn).allowed).toBe(false);
  });
});
