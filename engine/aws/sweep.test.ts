import { Readable } from 'node:stream';
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { HttpResponse } from '@smithy/protocol-http';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createClients } from './clients';
import { TAG_EXPIRES, TAG_LAB, TAG_WORKSPACE } from './deploy/tags';
import { mockSdk, type SdkStub } from './sdk-mock';
import { findLabStackArns, findLabStacks, sweepReasons } from './sweep';
import { ACCOUNT, tempWorkspace } from './testing/fixtures';

const REGION = 'eu-west-1';
const NOW = new Date('2026-12-02T09:00:00.000Z');
const arn = (name: string) => `arn:aws:cloudformation:${REGION}:${ACCOUNT}:stack/${name}/0000`;

/** A fake HTTP endpoint for the tagging API (JSON 1.1): the real client, its retries and parsing run. */
function taggingEndpoint(responses: Array<{ status: number; body: unknown }>) {
  const requests: unknown[] = [];
  return {
    requests,
    handler: {
      async handle(req: { body?: string; headers: Record<string, string> }) {
        requests.push(JSON.parse(req.body ?? '{}'));
        const next = responses.shift();
        if (!next) throw new Error('no more responses');
        const body = Readable.from([Buffer.from(JSON.stringify(next.body))]);
        return { response: new HttpResponse({ statusCode: next.status, headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': 'r' }, body }) };
      },
      updateHttpClientConfig() {},
      httpHandlerConfigs: () => ({}),
    },
  };
}

/** Runs with fake timers advanced in steps, so the SDK's real retry backoff takes no real time. */
async function fastTimers<T>(run: () => Promise<T>): Promise<T> {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  try {
    const p = run();
    let done = false;
    p.then(() => (done = true), () => (done = true));
    while (!done) await vi.advanceTimersByTimeAsync(500);
    return await p;
  } finally {
    vi.useRealTimers();
  }
}

const creds = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' };
const throttled = { status: 400, body: { __type: 'ThrottlingException', message: 'Rate exceeded' } };

describe('findLabStackArns', () => {
  it('retries throttling with the clients the runner makes, then follows every page to the empty token', async () => {
    const ep = taggingEndpoint([
      throttled,
      throttled,
      { status: 200, body: { PaginationToken: 'page-2', ResourceTagMappingList: [{ ResourceARN: arn('A') }] } },
      { status: 200, body: { PaginationToken: '', ResourceTagMappingList: [{ ResourceARN: arn('B') }, { ResourceARN: arn('C') }] } },
    ]);
    const { tagging } = createClients({ region: REGION }, { requestHandler: ep.handler, credentials: creds });
    expect(await fastTimers(() => findLabStackArns(tagging))).toEqual([arn('A'), arn('B'), arn('C')]);
    expect(ep.requests).toHaveLength(4);
    expect(ep.requests[3]).toMatchObject({ PaginationToken: 'page-2', TagFilters: [{ Key: TAG_LAB }], ResourceTypeFilters: ['cloudformation:stack'] });
  });

  it('gives up after the configured attempts and surfaces the throttling error', async () => {
    const ep = taggingEndpoint([throttled, throttled, throttled, throttled, throttled]);
    const { tagging } = createClients({ region: REGION }, { requestHandler: ep.handler, credentials: creds });
    await expect(fastTimers(() => findLabStackArns(tagging))).rejects.toMatchObject({ name: 'ThrottlingException' });
    expect(ep.requests).toHaveLength(5);
  });
});

describe('sweepReasons', () => {
  it('expired, untagged expiry and orphaned are each a reason; a live owned stack has none', () => {
    expect(sweepReasons({ [TAG_EXPIRES]: '2026-12-02T08:59:59.000Z' }, true, NOW)).toEqual(['expired 2026-12-02T08:59:59.000Z']);
    expect(sweepReasons({ [TAG_EXPIRES]: '2026-12-02T13:00:00.000Z' }, true, NOW)).toEqual([]);
    expect(sweepReasons({}, true, NOW)).toEqual(['no valid ecs-lab:expires tag']);
    expect(sweepReasons({ [TAG_EXPIRES]: '2026-12-02T13:00:00.000Z', [TAG_WORKSPACE]: '/gone' }, false, NOW)).toEqual([
      'orphaned: no workspace at /gone records it on this machine',
    ]);
  });
});

describe('findLabStacks', () => {
  let cfn: SdkStub;
  afterEach(() => cfn.restore());

  it('confirms each tagged stack with CloudFormation: skips deleted ones, keeps the owner\'s live stack clean', async () => {
    const ws = tempWorkspace({
      deployment: { stackName: 'Owned', account: ACCOUNT, region: REGION, status: 'deployed', startedAt: NOW.toISOString(), expiresAt: '2026-12-02T13:00:00.000Z' },
    });
    cfn = mockSdk(CloudFormationClient);
    const stack = (name: string, status: string, tags: Record<string, string>) => ({
      Stacks: [{ StackId: arn(name), StackName: name, StackStatus: status, CreationTime: NOW, Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })) }],
    });
    cfn.on(DescribeStacksCommand, { StackName: arn('Owned') }).resolves(stack('Owned', 'CREATE_COMPLETE', { [TAG_LAB]: 'security/iam-roles', [TAG_WORKSPACE]: ws.dir, [TAG_EXPIRES]: '2026-12-02T13:00:00.000Z' }));
    cfn.on(DescribeStacksCommand, { StackName: arn('Old') }).resolves(stack('Old', 'UPDATE_ROLLBACK_FAILED', { [TAG_LAB]: 'x/y', [TAG_WORKSPACE]: '/nowhere', [TAG_EXPIRES]: '2026-12-01T00:00:00.000Z' }));
    cfn.on(DescribeStacksCommand, { StackName: arn('Gone') }).resolves(stack('Gone', 'DELETE_COMPLETE', { [TAG_LAB]: 'x/y' }));
    const tagging = { send: async () => ({ ResourceTagMappingList: [arn('Owned'), arn('Old'), arn('Gone')].map((ResourceARN) => ({ ResourceARN })), PaginationToken: '' }) };
    const found = await findLabStacks({ tagging: tagging as never, cloudformation: new CloudFormationClient({ region: REGION }) }, { account: ACCOUNT, region: REGION }, NOW);
    expect(found.map((s) => [s.name, s.status, s.reasons])).toEqual([
      ['Owned', 'CREATE_COMPLETE', []],
      ['Old', 'UPDATE_ROLLBACK_FAILED', ['expired 2026-12-01T00:00:00.000Z', 'orphaned: no workspace at /nowhere records it on this machine']],
    ]);
  });
});
