import { describe, expect, it } from 'vitest';
import { messages, repoTemplate, run } from './fixtures';
import { repositoryPolicyAccountOnly } from './repository-policy-account-only';

const policy = (...Statement: Record<string, unknown>[]) => ({ repo: { RepositoryPolicyText: { Version: '2012-10-17', Statement } } });
const PULL = ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'];

describe('ecr.repository-policy-account-only', () => {
  it('Compliance 1: no repository policy (roles of the account pull through IAM)', async () => {
    expect((await run(repositoryPolicyAccountOnly, repoTemplate())).status).toBe('pass');
  });

  it('Compliance 2: pulls for a role of the account, and "*" limited to the account', async () => {
    const t = repoTemplate(
      policy(
        { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::123456789012:role/exec' }, Action: PULL },
        { Effect: 'Allow', Principal: '*', Action: PULL, Condition: { StringEquals: { 'aws:PrincipalAccount': '123456789012' } } },
      ),
    );
    expect((await run(repositoryPolicyAccountOnly, t)).status).toBe('pass');
  });

  it('Noncompliance 1: Principal "*" may pull, naming the statement', async () => {
    const r = await run(repositoryPolicyAccountOnly, repoTemplate(policy({ Sid: 'Public', Effect: 'Allow', Principal: '*', Action: PULL })));
    expect(messages(r)).toEqual(['repository Repo: statement #1 (Sid Public) of its repository policy lets principals outside the account pull images (ecr:BatchGetImage, ecr:GetDownloadUrlForLayer)']);
  });

  it('Noncompliance 2: another account may push', async () => {
    const r = await run(repositoryPolicyAccountOnly, repoTemplate(policy({ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::210987654321:root' }, Action: 'ecr:*' })));
    expect(messages(r)).toEqual([expect.stringMatching(/push or delete images \(.*ecr:PutImage/)]);
  });

  it('Noncompliance 3: open to the organization only: a condition the lab cannot decide counts as open', async () => {
    const t = repoTemplate(policy({ Effect: 'Allow', Principal: '*', Action: PULL, Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-abc123' } } }));
    expect(messages(await run(repositoryPolicyAccountOnly, t))).toEqual([expect.stringMatching(/limited only by a condition the lab cannot decide/)]);
  });
});
