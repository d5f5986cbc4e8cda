import * as iam from 'aws-cdk-lib/aws-iam';
import { describe, expect, it } from 'vitest';
import { checkStack } from '../../engine/testing/offline-context';
import { ecsApp, sharedAdminRole } from './ecs-app.fixture';
import { policyActionsExist } from './policy-actions-exist';

describe('iam.policy-actions-exist', () => {
  it('Compliance 1: the actions CDK grants exist', async () => {
    expect((await checkStack(policyActionsExist, ecsApp().stack)).status).toBe('pass');
  });

  it('Compliance 2: AWS managed policies are not second-guessed', async () => {
    expect((await checkStack(policyActionsExist, ecsApp({ roles: sharedAdminRole }).stack)).status).toBe('pass');
  });

  it('Noncompliance 1: a misspelt action in an Allow', async () => {
    const { stack } = ecsApp({ grant: (p) => p.taskRole.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['s3:GetObjects'], resources: [p.bucket.arnForObjects('*')] })) });
    const r = await checkStack(policyActionsExist, stack);
    expect(r.findings.map((f) => f.message)).toEqual(['task role TaskRole: statement #1 (Allow) of policy TaskRole/DefaultPolicy names "s3:GetObjects", but s3 has no action matching "GetObjects"']);
    expect(r.findings[0].constructPath).toBe('Test/TaskRole/DefaultPolicy/Resource');
  });

  it('Noncompliance 2: a Deny naming a service that does not exist', async () => {
    const { stack } = ecsApp({
      grant: (p) => {
        p.bucket.grantRead(p.taskRole);
        p.taskRole.addToPrincipalPolicy(new iam.PolicyStatement({ effect: iam.Effect.DENY, actions: ['iams:*'], resources: ['*'] }));
      },
    });
    const r = await checkStack(policyActionsExist, stack);
    expect(r.findings.map((f) => f.message)).toEqual([expect.stringMatching(/statement #2 \(Deny\) .* names "iams:\*", but there is no AWS service with the IAM prefix "iams"/)]);
  });
});
