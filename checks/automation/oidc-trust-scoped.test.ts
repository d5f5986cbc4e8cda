import { describe, expect, it } from 'vitest';
import { checkStack } from '../../engine/testing/offline-context';
import { deployRoleStack, REPO } from './fixtures';
import { oidcTrustScoped } from './oidc-trust-scoped';

const PARAMS = { repository: REPO, branch: 'main', environment: 'production', required: true };
const sub = (value: string | string[]) => ({ StringLike: { 'token.actions.githubusercontent.com:sub': value } });
const aud = { StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' } };

describe('automation.oidc-trust-scoped', () => {
  it('Compliance 1: aud = sts.amazonaws.com and sub = main or the production environment', async () => {
    expect((await checkStack(oidcTrustScoped, deployRoleStack(), PARAMS)).status).toBe('pass');
  });

  it('Compliance 2: only the production environment (the deploy job runs in it) is enough', async () => {
    const stack = deployRoleStack({ conditions: { StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com', 'token.actions.githubusercontent.com:sub': `repo:${REPO}:environment:production` } } });
    expect((await checkStack(oidcTrustScoped, stack, PARAMS)).status).toBe('pass');
  });

  it('Noncompliance 1: the shortcut repo:acme/* with no audience admits other repositories, pull requests, branches and any audience', async () => {
    const r = await checkStack(oidcTrustScoped, deployRoleStack({ conditions: sub('repo:acme/*') }), PARAMS);
    expect(r.status).toBe('fail');
    const text = r.findings.map((f) => f.message).join('\n');
    expect(text).toMatch(/another repository of acme/);
    expect(text).toMatch(/pull request/);
    expect(text).toMatch(/feature branch/);
    expect(text).toMatch(/default audience https:\/\/github.com\/acme/);
    expect(r.findings.every((f) => f.logicalId)).toBe(true);
  });

  it('Noncompliance 2: the right repository with any ref (repo:acme/shop:*) admits pull requests and feature branches, not other repositories', async () => {
    const r = await checkStack(oidcTrustScoped, deployRoleStack({ conditions: { ...aud, ...sub(`repo:${REPO}:*`) } }), PARAMS);
    const text = r.findings.map((f) => f.message).join('\n');
    expect(r.status).toBe('fail');
    expect(text).toMatch(/pull request/);
    expect(text).toMatch(/feature branch/);
    expect(text).not.toMatch(/another repository/);
    expect(text).not.toMatch(/audience/);
  });

  it('Noncompliance 3: a trust that refuses the deploy itself (a typo in the branch) fails too', async () => {
    const r = await checkStack(oidcTrustScoped, deployRoleStack({ conditions: { ...aud, ...sub(`repo:${REPO}:ref:refs/heads/mian`) } }), PARAMS);
    expect(r.status).toBe('fail');
    expect(r.findings.map((f) => f.message).join('\n')).toMatch(/refuses the deploy itself/);
  });

  it('Noncompliance 4: no role trusts GitHub and the lab requires one; without `required` it skips', async () => {
    expect((await checkStack(oidcTrustScoped, deployRoleStack({ none: true }), PARAMS)).status).toBe('fail');
    expect((await checkStack(oidcTrustScoped, deployRoleStack({ none: true }), { ...PARAMS, required: false })).status).toBe('skip');
  });

  it('rejects bad params', async () => {
    expect((await checkStack(oidcTrustScoped, deployRoleStack(), { repository: 'shop' })).status).toBe('error');
  });
});
