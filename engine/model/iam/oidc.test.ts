import { describe, expect, it } from 'vitest';
import { assumeRoleWithWebIdentity, githubSubject, STS_AUDIENCE, type Repository } from './oidc';
import { parseDocument } from './policy';

const PROVIDER = 'arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com';
const OTHER_PROVIDER = 'arn:aws:iam::123456789012:oidc-provider/gitlab.example.com';
const SHOP: Repository = { owner: 'acme', name: 'shop', ownerId: 1234, repositoryId: 5678 };

const trust = (condition: Record<string, unknown>, extra: Record<string, unknown>[] = []) =>
  parseDocument({
    Statement: [
      { Effect: 'Allow', Principal: { Federated: PROVIDER }, Action: 'sts:AssumeRoleWithWebIdentity', Condition: condition },
      ...extra,
    ],
  });

const token = (sub: string, aud = STS_AUDIENCE) => ({ sub, aud });
const admits = (statements: ReturnType<typeof trust>, sub: string, aud = STS_AUDIENCE, provider = PROVIDER) =>
  assumeRoleWithWebIdentity(statements, provider, token(sub, aud)).allowed;

describe('githubSubject: the default sub claim of each kind of run', () => {
  it('classic form: branch ref, environment, pull request', () => {
    expect(githubSubject(SHOP, { ref: 'refs/heads/main' })).toBe('repo:acme/shop:ref:refs/heads/main');
    expect(githubSubject(SHOP, { environment: 'prod' })).toBe('repo:acme/shop:environment:prod');
    expect(githubSubject(SHOP, { pullRequest: true })).toBe('repo:acme/shop:pull_request');
  });

  it('immutable form: owner and repository carry their ids', () => {
    expect(githubSubject(SHOP, { ref: 'refs/heads/main' }, 'immutable')).toBe('repo:acme@1234/shop@5678:ref:refs/heads/main');
    expect(githubSubject(SHOP, { environment: 'prod' }, 'immutable')).toBe('repo:acme@1234/shop@5678:environment:prod');
    expect(() => githubSubject({ owner: 'acme', name: 'shop' }, { pullRequest: true }, 'immutable')).toThrow(/ownerId/);
  });
});

describe('assumeRoleWithWebIdentity: GitHub tokens against a trust policy', () => {
  const scoped = trust({
    StringEquals: { 'token.actions.githubusercontent.com:aud': STS_AUDIENCE },
    StringLike: { 'token.actions.githubusercontent.com:sub': ['repo:acme/shop:ref:refs/heads/main', 'repo:acme/shop:environment:prod'] },
  });

  it('classic sub: main admitted; a feature branch, another repository, a pull request refused', () => {
    expect(admits(scoped, githubSubject(SHOP, { ref: 'refs/heads/main' }))).toBe(true);
    expect(admits(scoped, githubSubject(SHOP, { ref: 'refs/heads/feature/x' }))).toBe(false);
    expect(admits(scoped, 'repo:acme/other:ref:refs/heads/main')).toBe(false);
    expect(admits(scoped, githubSubject(SHOP, { pullRequest: true }))).toBe(false);
  });

  it('environment sub: prod admitted, staging refused', () => {
    expect(admits(scoped, githubSubject(SHOP, { environment: 'prod' }))).toBe(true);
    expect(admits(scoped, githubSubject(SHOP, { environment: 'staging' }))).toBe(false);
  });

  it('the audience: a token minted for another audience is refused when aud is checked, admitted when it is not', () => {
    expect(admits(scoped, githubSubject(SHOP, { ref: 'refs/heads/main' }), 'https://github.com/acme')).toBe(false);
    const noAudience = trust({ StringLike: { 'token.actions.githubusercontent.com:sub': 'repo:acme/shop:ref:refs/heads/main' } });
    expect(admits(noAudience, githubSubject(SHOP, { ref: 'refs/heads/main' }), 'https://github.com/acme')).toBe(true);
  });

  it('the shortcut `repo:acme/*` admits every repository of the org, its forks’ pull requests and every branch', () => {
    const orgWide = trust({ StringLike: { 'token.actions.githubusercontent.com:sub': 'repo:acme/*' } });
    expect(admits(orgWide, 'repo:acme/other:ref:refs/heads/main')).toBe(true);
    expect(admits(orgWide, githubSubject(SHOP, { pullRequest: true }))).toBe(true);
    expect(admits(orgWide, githubSubject(SHOP, { ref: 'refs/heads/feature/x' }))).toBe(true);
    expect(admits(orgWide, 'repo:evil/shop:ref:refs/heads/main')).toBe(false);
  });

  it('immutable sub: a classic-form condition does not match it; an id-form condition does, and not after the name is recycled', () => {
    const main = githubSubject(SHOP, { ref: 'refs/heads/main' }, 'immutable');
    expect(admits(scoped, main)).toBe(false);
    const byId = trust({
      StringEquals: { 'token.actions.githubusercontent.com:aud': STS_AUDIENCE, 'token.actions.githubusercontent.com:sub': 'repo:acme@1234/shop@5678:ref:refs/heads/main' },
    });
    expect(admits(byId, main)).toBe(true);
    // Someone registers the deleted `acme` name: the same names, new ids.
    expect(admits(byId, githubSubject({ ...SHOP, ownerId: 9999, repositoryId: 7777 }, { ref: 'refs/heads/main' }, 'immutable'))).toBe(false);
  });

  it('no sub condition at all admits any GitHub workflow anywhere; another provider is never admitted', () => {
    const anyone = trust({ StringEquals: { 'token.actions.githubusercontent.com:aud': STS_AUDIENCE } });
    expect(admits(anyone, 'repo:stranger/repo:ref:refs/heads/main')).toBe(true);
    expect(admits(scoped, githubSubject(SHOP, { ref: 'refs/heads/main' }), STS_AUDIENCE, OTHER_PROVIDER)).toBe(false);
  });

  it('an explicit Deny wins over the Allow', () => {
    const withDeny = trust({ StringLike: { 'token.actions.githubusercontent.com:sub': 'repo:acme/*' } }, [
      { Effect: 'Deny', Principal: { Federated: PROVIDER }, Action: 'sts:AssumeRoleWithWebIdentity', Condition: { StringLike: { 'token.actions.githubusercontent.com:sub': '*:pull_request' } } },
    ]);
    const d = assumeRoleWithWebIdentity(withDeny, PROVIDER, token(githubSubject(SHOP, { pullRequest: true })));
    expect(d).toMatchObject({ allowed: false, decidedBy: { index: 1, label: 'statement #2' } });
    expect(admits(withDeny, githubSubject(SHOP, { ref: 'refs/heads/main' }))).toBe(true);
  });

  it('a condition on a key the token does not carry is unknown: permissive takes the Allow, strict does not, and says so', () => {
    const ip = trust({ StringEquals: { 'token.actions.githubusercontent.com:aud': STS_AUDIENCE }, IpAddress: { 'aws:SourceIp': '192.0.2.0/24' } });
    const sub = githubSubject(SHOP, { ref: 'refs/heads/main' });
    const permissive = assumeRoleWithWebIdentity(ip, PROVIDER, token(sub));
    expect(permissive.allowed).toBe(true);
    expect(permissive.assumptions[0]).toMatch(/statement #1 taken to apply/);
    expect(assumeRoleWithWebIdentity(ip, PROVIDER, token(sub), { unknown: 'strict' }).allowed).toBe(false);
  });

  it('a statement for another action (sts:AssumeRole) does not admit a web identity', () => {
    const wrong = parseDocument({ Statement: [{ Effect: 'Allow', Principal: { Federated: PROVIDER }, Action: 'sts:AssumeRole' }] });
    expect(admits(wrong, githubSubject(SHOP, { ref: 'refs/heads/main' }))).toBe(false);
  });
});
