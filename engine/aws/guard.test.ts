import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LabError } from '../errors';
import { allowedAccounts, assertAccountAllowed, CONFIG_FILE, resolveTarget } from './guard';

function workspace(rootConfig?: unknown, wsConfig?: unknown): string {
  const root = mkdtempSync(join(tmpdir(), 'guard-'));
  const ws = join(root, 'iam-roles');
  mkdirSync(ws);
  if (rootConfig !== undefined) writeFileSync(join(root, CONFIG_FILE), JSON.stringify(rootConfig));
  if (wsConfig !== undefined) writeFileSync(join(ws, CONFIG_FILE), typeof wsConfig === 'string' ? wsConfig : JSON.stringify(wsConfig));
  return ws;
}

function thrown(f: () => unknown): LabError {
  try {
    f();
  } catch (e) {
    if (e instanceof LabError) return e;
    throw e;
  }
  throw new Error('did not throw');
}

describe('assertAccountAllowed', () => {
  it('allows an account from the root config or ECS_LAB_ACCOUNTS, and the workspace config wins over the root', () => {
    const ws = workspace({ accounts: ['111111111111'] });
    expect(() => assertAccountAllowed('111111111111', ws, {})).not.toThrow();
    expect(() => assertAccountAllowed('222222222222', ws, { ECS_LAB_ACCOUNTS: '333333333333, 222222222222' })).not.toThrow();
    const own = workspace({ accounts: ['111111111111'] }, { accounts: ['444444444444'] });
    expect(allowedAccounts(own, {})).toEqual(['444444444444']);
  });

  it('refuses an account outside the list with exit 2, naming it', () => {
    const e = thrown(() => assertAccountAllowed('999999999999', workspace({ accounts: ['111111111111'] }), {}));
    expect(e.code).toBe('E_AWS_ACCOUNT');
    expect(e.exitCode).toBe(2);
    expect(e.message).toContain('999999999999');
    expect(e.message).toContain('111111111111');
  });

  it('refuses everything when no list exists at all', () => {
    const e = thrown(() => assertAccountAllowed('111111111111', workspace(), {}));
    expect(e.message).toMatch(/allow-list \(the list is empty\)/);
  });

  it('refuses a malformed config or env id instead of ignoring it', () => {
    expect(thrown(() => assertAccountAllowed('111111111111', workspace(undefined, '{nope'), {})).code).toBe('E_AWS_CONFIG');
    expect(thrown(() => assertAccountAllowed('111111111111', workspace({ accounts: ['12'] }), {})).message).toMatch(/12 digits/);
    expect(thrown(() => assertAccountAllowed('111111111111', workspace(), { ECS_LAB_ACCOUNTS: 'prod' })).message).toMatch(/"prod"/);
  });
});

describe('resolveTarget', () => {
  const none = async () => undefined;
  it('takes the flags first, then the environment, then the config, then the profile', async () => {
    const env = { AWS_REGION: 'eu-west-1', AWS_PROFILE: 'lab' };
    expect(await resolveTarget({ region: 'us-east-1', profile: 'p', env, regionOfProfile: none })).toEqual({ region: 'us-east-1', profile: 'p' });
    expect(await resolveTarget({ env, regionOfProfile: none })).toEqual({ region: 'eu-west-1', profile: 'lab' });
    const ws = workspace({ accounts: [], region: 'eu-central-1', profile: 'cfg' });
    expect(await resolveTarget({ workspaceDir: ws, env: {}, regionOfProfile: none })).toEqual({ region: 'eu-central-1', profile: 'cfg' });
    const seen: unknown[] = [];
    const fromProfile = async (p: string | undefined) => (seen.push(p), 'ap-southeast-2');
    expect(await resolveTarget({ profile: 'sso', env: {}, regionOfProfile: fromProfile })).toEqual({ region: 'ap-southeast-2', profile: 'sso' });
    expect(seen).toEqual(['sso']);
  });

  it('refuses no region, a partition the labs do not support, and a name that is not a region', async () => {
    await expect(resolveTarget({ env: {}, regionOfProfile: none })).rejects.toThrow(/no AWS region is set — pass --region/);
    await expect(resolveTarget({ region: 'cn-north-1', env: {} })).rejects.toThrow(/China and GovCloud/);
    await expect(resolveTarget({ region: 'mars-1', env: {} })).rejects.toMatchObject({ code: 'E_AWS_REGION', exitCode: 2 });
  });
});

describe('assertCallerAllowed', () => {
  it('returns the caller of an allowed account, refuses another, and turns expired credentials into a one-line error', async () => {
    const { mockSdk } = await import('./sdk-mock');
    const { STSClient, GetCallerIdentityCommand } = await import('@aws-sdk/client-sts');
    const { assertCallerAllowed } = await import('./guard');
    const sts = mockSdk(STSClient);
    const client = new STSClient({ region: 'eu-west-1' });
    const ws = workspace({ accounts: ['111111111111'] });
    sts.on(GetCallerIdentityCommand).resolves({ Account: '111111111111', Arn: 'arn:aws:iam::111111111111:user/learner', UserId: 'AID' });
    expect(await assertCallerAllowed(client, ws, undefined, {})).toEqual({ account: '111111111111', arn: 'arn:aws:iam::111111111111:user/learner' });
    sts.on(GetCallerIdentityCommand).resolves({ Account: '999999999999', Arn: 'arn:aws:iam::999999999999:root' });
    await expect(assertCallerAllowed(client, ws, undefined, {})).rejects.toMatchObject({ code: 'E_AWS_ACCOUNT', message: expect.stringContaining('999999999999') });
    sts.on(GetCallerIdentityCommand).rejects(Object.assign(new Error('The security token included in the request is expired'), { name: 'ExpiredToken' }));
    await expect(assertCallerAllowed(client, ws, 'sandbox', {})).rejects.toMatchObject({ code: 'E_AWS_CREDENTIALS', message: expect.stringMatching(/expired\) — run `aws sso login --profile sandbox`/) });
    sts.restore();
  });
});
