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

  describe('KMS key policies are required (the identity policy alone grants nothing on a key)', () => {
    const root = { AWS: { 'Fn::Sub': 'arn:${AWS::Partition}:iam::${AWS::AccountId}:root' } };
    const keyWith = (Statement: unknown[] | undefined) => ({ Key: { Type: 'AWS::KMS::Key', Properties: Statement ? { KeyPolicy: { Version: '2012-10-17', Statement } } : {} } });
    const keyArn = (m: StackModel) => String(m.resolve({ 'Fn::GetAtt': ['Key', 'Arn'] }));
    const decryptAll = [{ Effect: 'Allow', Action: 'kms:Decrypt', Resource: '*' }];

    it('an identity Allow counts where the key policy delegates to the account root (the default key policy)', () => {
      const d = decide(template({}, decryptAll), 'kms:Decrypt', keyArn);
      expect(d).toMatchObject({ allowed: true, effect: 'allow' });
      expect(d.decidedBy?.policy.kind).toBe('inline');
    });

    it('a key without a KeyPolicy gets the default one from AWS, which delegates', () => {
      expect(decide(template(keyWith(undefined), decryptAll), 'kms:Decrypt', keyArn).allowed).toBe(true);
    });

    it('a key policy that names only a service and another role: the identity Allow grants nothing, and the decision says why', () => {
      const t = template(keyWith([
        { Effect: 'Allow', Principal: { Service: 'logs.amazonaws.com' }, Action: 'kms:*', Resource: '*' },
        { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::123456789012:role/admin' }, Action: 'kms:*', Resource: '*' },
      ]), decryptAll);
      const d = decide(t, 'kms:Decrypt', keyArn);
      expect(d).toMatchObject({ allowed: false, effect: 'implicit-deny' });
      expect(d.deniedByKeyPolicy?.name).toBe('key policy of Key');
    });

    it('delegation covers only the actions (and conditions) of the root statement', () => {
      const t = template(keyWith([{ Effect: 'Allow', Principal: root, Action: ['kms:Describe*', 'kms:Get*'], Resource: '*' }]), [{ Effect: 'Allow', Action: 'kms:*', Resource: '*' }]);
      expect(decide(t, 'kms:DescribeKey', keyArn).allowed).toBe(true);
      expect(decide(t, 'kms:Decrypt', keyArn).allowed).toBe(false);
      const viaS3 = template(keyWith([{ Effect: 'Allow', Principal: root, Action: 'kms:*', Resource: '*', Condition: { StringEquals: { 'aws:PrincipalAccount': '999999999999' } } }]), decryptAll);
      expect(decide(viaS3, 'kms:Decrypt', keyArn).allowed).toBe(false);
    });

    it('the key policy naming the role grants without any identity policy', () => {
      const t = template(keyWith([{ Effect: 'Allow', Principal: { AWS: roleArn }, Action: 'kms:Decrypt', Resource: '*' }]));
      expect(decide(t, 'kms:Decrypt', keyArn)).toMatchObject({ allowed: true, decidedBy: { policy: { kind: 'key-policy' } } });
    });

    it('an explicit Deny wins in either: the key policy denying the account, or the identity policy', () => {
      const keyDeny = template(keyWith([
        { Effect: 'Allow', Principal: root, Action: 'kms:*', Resource: '*' },
        { Effect: 'Deny', Principal: root, Action: 'kms:Decrypt', Resource: '*' },
      ]), decryptAll);
      expect(decide(keyDeny, 'kms:Decrypt', keyArn)).toMatchObject({ allowed: false, effect: 'explicit-deny', decidedBy: { policy: { kind: 'key-policy' } } });
      const identityDeny = template(keyWith([{ Effect: 'Allow', Principal: { AWS: roleArn }, Action: 'kms:*', Resource: '*' }]), [{ Effect: 'Deny', Action: 'kms:*', Resource: '*' }]);
      expect(decide(identityDeny, 'kms:Decrypt', keyArn)).toMatchObject({ allowed: false, effect: 'explicit-deny' });
    });
  });

  describe('SQS queue policies, SNS topic policies and Lambda permissions', () => {
    const queues = {
      Jobs: { Type: 'AWS::SQS::Queue' },
      Other: { Type: 'AWS::SQS::Queue' },
      QueuePolicy: { Type: 'AWS::SQS::QueuePolicy', Properties: { Queues: [{ Ref: 'Jobs' }], PolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: roleArn }, Action: 'sqs:SendMessage', Resource: { 'Fn::GetAtt': ['Jobs', 'Arn'] } }] } } },
    };
    const arn = (id: string) => (m: StackModel) => String(m.resolve({ 'Fn::GetAtt': [id, 'Arn'] }));

    it('a queue policy naming the role grants it sends on that queue only', () => {
      const d = decide(template(queues), 'sqs:SendMessage', arn('Jobs'));
      expect(d).toMatchObject({ allowed: true, decidedBy: { policy: { kind: 'queue-policy', name: 'queue policy of Jobs' } } });
      expect(decide(template(queues), 'sqs:SendMessage', arn('Other')).allowed).toBe(false);
    });

    it('a topic policy naming the role grants it publishing', () => {
      const topics = {
        Alerts: { Type: 'AWS::SNS::Topic' },
        TopicPolicy: { Type: 'AWS::SNS::TopicPolicy', Properties: { Topics: [{ Ref: 'Alerts' }], PolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: roleArn }, Action: 'sns:Publish', Resource: { Ref: 'Alerts' } }] } } },
      };
      expect(decide(template(topics), 'sns:Publish', (m) => String(m.resolve({ Ref: 'Alerts' })))).toMatchObject({ allowed: true, decidedBy: { policy: { kind: 'topic-policy' } } });
    });

    it('a Lambda permission for the role grants it invoking the function (and its versions); one for a service or the account grants the role nothing', () => {
      const fn = (Principal: unknown, extra: Record<string, unknown> = {}) => ({
        Fn: { Type: 'AWS::Lambda::Function', Properties: { FunctionName: 'resize' } },
        Permission: { Type: 'AWS::Lambda::Permission', Properties: { FunctionName: { 'Fn::GetAtt': ['Fn', 'Arn'] }, Action: 'lambda:InvokeFunction', Principal, ...extra } },
      });
      const invoke = (t: Record<string, unknown>, qualifier = '') => decide(t, 'lambda:InvokeFunction', (m) => `${arn('Fn')(m)}${qualifier}`);
      expect(invoke(template(fn(roleArn)))).toMatchObject({ allowed: true, decidedBy: { policy: { kind: 'function-policy', name: 'resource policy of function Fn' } } });
      expect(invoke(template(fn(roleArn)), ':live').allowed).toBe(true);
      expect(invoke(template(fn('events.amazonaws.com', { SourceArn: 'arn:aws:events:us-east-1:123456789012:rule/r' }))).allowed).toBe(false);
      expect(invoke(template(fn({ Ref: 'AWS::AccountId' }))).allowed).toBe(false);
    });
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
