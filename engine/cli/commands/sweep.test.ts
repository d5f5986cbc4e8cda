import { CloudFormationClient, DeleteStackCommand, DescribeStackEventsCommand, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { GetResourcesCommand, ResourceGroupsTaggingAPIClient } from '@aws-sdk/client-resource-groups-tagging-api';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TAG_EXPIRES, TAG_LAB, TAG_WORKSPACE } from '../../aws/deploy/tags';
import { mockSdk, type SdkStub } from '../../aws/sdk-mock';
import { ACCOUNT, captureIo, tempWorkspace } from '../../aws/testing/fixtures';
import { sweep } from './sweep';

const REGION = 'eu-west-1';
const NOW = new Date('2026-12-02T09:00:00.000Z');
const arn = (n: string) => `arn:aws:cloudformation:${REGION}:${ACCOUNT}:stack/${n}/1`;
let stubs: SdkStub[];
let cfn: SdkStub;
let deleted: Set<string>;

beforeEach(() => {
  deleted = new Set();
  const sts = mockSdk(STSClient);
  const tagging = mockSdk(ResourceGroupsTaggingAPIClient);
  cfn = mockSdk(CloudFormationClient);
  stubs = [sts, tagging, cfn];
  sts.on(GetCallerIdentityCommand).resolves({ Account: ACCOUNT, Arn: 'arn:aws:iam::111111111111:user/learner' });
  tagging.on(GetResourcesCommand).resolves({ ResourceTagMappingList: [{ ResourceARN: arn('Expired') }, { ResourceARN: arn('Fresh') }], PaginationToken: '' });
  const live = (name: string, expires: string, workspace: string) => ({
    Stacks: [
      {
        StackId: arn(name),
        StackName: name,
        StackStatus: deleted.has(name) ? 'DELETE_COMPLETE' : 'CREATE_COMPLETE',
        CreationTime: NOW,
        Tags: [
          { Key: TAG_LAB, Value: 'security/iam-roles' },
          { Key: TAG_EXPIRES, Value: expires },
          { Key: TAG_WORKSPACE, Value: workspace },
        ],
      },
    ],
  });
  cfn.on(DescribeStacksCommand, { StackName: arn('Expired') }).callsFake(async () => live('Expired', '2026-12-02T08:00:00.000Z', '/gone'));
  cfn.on(DescribeStacksCommand, { StackName: arn('Fresh') }).callsFake(async () => live('Fresh', '2026-12-02T12:00:00.000Z', ownerDir));
  cfn.on(DescribeStackEventsCommand).resolves({ StackEvents: [] });
  cfn.on(DeleteStackCommand).callsFake(async (input: { StackName: string }) => (deleted.add(input.StackName.split('/')[1]), {}));
});
afterEach(() => stubs.forEach((s) => s.restore()));

let ownerDir = '';

describe('lab sweep', () => {
  it('lists every lab stack with why, and with --yes destroys only the expired or orphaned one', async () => {
    const owner = tempWorkspace({ deployment: { stackName: 'Fresh', account: ACCOUNT, region: REGION, status: 'deployed', startedAt: 's', expiresAt: 'e' } });
    ownerDir = owner.dir;
    const io = captureIo({ yes: true });
    io.cwd = owner.dir;
    process.env.ECS_LAB_ACCOUNTS = ACCOUNT;
    try {
      expect(await sweep(io, { region: REGION }, { sleep: async () => undefined, now: NOW })).toBe(0);
    } finally {
      delete process.env.ECS_LAB_ACCOUNTS;
    }
    expect(io.lines[0]).toBe(`Lab stacks in ${ACCOUNT} / ${REGION}: 2, 1 to sweep`);
    expect(io.lines[1]).toMatch(/✗ Expired .* — expired 2026-12-02T08:00:00.000Z; orphaned/);
    expect(io.lines[2]).toMatch(/✓ Fresh .* — live until 2026-12-02T12:00:00.000Z/);
    expect(cfn.commandCalls(DeleteStackCommand).map((c) => c.args[0].input.StackName)).toEqual([arn('Expired')]);
  });

  it('without a terminal and without --yes it destroys nothing', async () => {
    const owner = tempWorkspace();
    ownerDir = owner.dir;
    const io = captureIo();
    io.cwd = owner.dir;
    process.env.ECS_LAB_ACCOUNTS = ACCOUNT;
    try {
      await expect(sweep(io, { region: REGION }, { sleep: async () => undefined, now: NOW })).rejects.toMatchObject({ code: 'E_NO_TTY' });
    } finally {
      delete process.env.ECS_LAB_ACCOUNTS;
    }
    expect(cfn.commandCalls(DeleteStackCommand)).toHaveLength(0);
  });
});
