import { CloudFormationClient, DescribeStacksCommand, ListStackResourcesCommand } from '@aws-sdk/client-cloudformation';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { afterEach, describe, expect, it } from 'vitest';
import { createClients } from '../clients';
import { mockSdk } from '../sdk-mock';
import { ACCOUNT, OTHER_ACCOUNT, tempWorkspace } from '../testing/fixtures';
import { openLiveSession, stackNameOf } from './session';

const sts = mockSdk(STSClient);
const cfn = mockSdk(CloudFormationClient);
afterEach(() => [sts, cfn].forEach((m) => m.reset()));

const REGION = 'eu-west-1';
const deployment = { stackName: 'IamRolesLabTest', account: ACCOUNT, region: REGION, status: 'deployed' as const, startedAt: '2026-12-02T08:00:00Z', expiresAt: '2026-12-02T12:00:00Z' };
const STACK_ARN = `arn:aws:cloudformation:${REGION}:${ACCOUNT}:stack/IamRolesLabTest/1`;
let targetSeen: unknown;
const clients = (target: { region: string; profile?: string }) => ((targetSeen = target), createClients(target));

describe('openLiveSession', () => {
  it('uses the recorded deployment: its stack, region and profile; checks the caller first', async () => {
    sts.on(GetCallerIdentityCommand).resolves({ Account: ACCOUNT, Arn: `arn:aws:iam::${ACCOUNT}:user/learner` });
    cfn.on(DescribeStacksCommand).resolves({ Stacks: [{ StackName: 'IamRolesLabTest', StackId: STACK_ARN, StackStatus: 'CREATE_COMPLETE', CreationTime: new Date() }] });
    cfn.on(ListStackResourcesCommand).resolves({ StackResourceSummaries: [] });
    const ws = tempWorkspace({ deployment: { ...deployment, profile: 'lab' } });
    const s = await openLiveSession(ws, { clients, env: {} });
    expect(targetSeen).toEqual({ region: REGION, profile: 'lab' });
    expect(s.stack).toMatchObject({ name: 'IamRolesLabTest', account: ACCOUNT, region: REGION });
    expect(cfn.commandCalls(DescribeStacksCommand)[0].args[0].input).toEqual({ StackName: 'IamRolesLabTest' });
    expect(stackNameOf(ws)).toBe('IamRolesLabTest');
  });

  it('an account outside the allow-list stops it before any CloudFormation call (exit 2, account named)', async () => {
    sts.on(GetCallerIdentityCommand).resolves({ Account: OTHER_ACCOUNT, Arn: `arn:aws:iam::${OTHER_ACCOUNT}:user/x` });
    const e = await openLiveSession(tempWorkspace({ deployment }), { clients, env: {} }).catch((x) => x);
    expect(e).toMatchObject({ code: 'E_AWS_ACCOUNT', exitCode: 2, message: expect.stringContaining(OTHER_ACCOUNT) });
    expect(cfn.calls()).toHaveLength(0);
  });

  it('expired credentials are one line that says how to sign in', async () => {
    const expired = new Error('The security token included in the request is expired');
    expired.name = 'ExpiredToken';
    sts.on(GetCallerIdentityCommand).rejects(expired);
    await expect(openLiveSession(tempWorkspace({ deployment }), { clients, env: {} })).rejects.toMatchObject({ code: 'E_AWS_CREDENTIALS', exitCode: 2 });
  });

  it('a workspace never deployed is refused with no call at all', async () => {
    const e = await openLiveSession(tempWorkspace(), { clients, env: { AWS_REGION: REGION } }).catch((x) => x);
    expect(e).toMatchObject({ code: 'E_NOT_DEPLOYED', exitCode: 2 });
    expect(sts.calls()).toHaveLength(0);
  });

  it('a recorded deployment whose stack is gone from the account is E_NOT_DEPLOYED', async () => {
    sts.on(GetCallerIdentityCommand).resolves({ Account: ACCOUNT });
    const gone = new Error('Stack with id IamRolesLabTest does not exist');
    gone.name = 'ValidationError';
    cfn.on(DescribeStacksCommand).rejects(gone);
    await expect(openLiveSession(tempWorkspace({ deployment }), { clients, env: {} })).rejects.toMatchObject({ code: 'E_NOT_DEPLOYED' });
  });
});
