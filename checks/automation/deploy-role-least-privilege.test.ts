import * as iam from 'aws-cdk-lib/aws-iam';
import { describe, expect, it } from 'vitest';
import { checkStack } from '../../engine/testing/offline-context';
import { deployRoleLeastPrivilege } from './deploy-role-least-privilege';
import { bootstrapGrant, deployRoleStack } from './fixtures';

describe('automation.deploy-role-least-privilege', () => {
  it('Compliance 1: sts:AssumeRole on the cdk-hnb659fds-* bootstrap roles only', async () => {
    expect((await checkStack(deployRoleLeastPrivilege, deployRoleStack())).status).toBe('pass');
  });

  it('Noncompliance 1: AdministratorAccess lets the role do everything itself', async () => {
    const stack = deployRoleStack({ grant: (role, s) => { bootstrapGrant(role, s); role.addManagedPolicy(iam.ManagedPolicy.fromAwsManagedPolicyName('AdministratorAccess')); } });
    const r = await checkStack(deployRoleLeastPrivilege, stack);
    expect(r.status).toBe('fail');
    expect(r.findings[0].message).toMatch(/iam:CreateRole.*secretsmanager:GetSecretValue/);
  });

  it('Noncompliance 2: sts:AssumeRole on every role reaches roles beyond the bootstrap ones', async () => {
    const stack = deployRoleStack({ grant: (role) => role.addToPolicy(new iam.PolicyStatement({ actions: ['sts:AssumeRole'], resources: ['*'] })) });
    const r = await checkStack(deployRoleLeastPrivilege, stack);
    expect(r.status).toBe('fail');
    expect(r.findings.map((f) => f.message).join('\n')).toMatch(/assume roles other than the CDK bootstrap roles/);
  });

  it('Noncompliance 3: a role that cannot assume the bootstrap deploy role cannot deploy', async () => {
    const r = await checkStack(deployRoleLeastPrivilege, deployRoleStack({ grant: () => undefined }));
    expect(r.status).toBe('fail');
    expect(r.findings[0].message).toMatch(/cannot assume the CDK deploy role/);
  });

  it('skips a stack with no role GitHub can assume', async () => {
    expect((await checkStack(deployRoleLeastPrivilege, deployRoleStack({ none: true }))).status).toBe('skip');
  });
});
