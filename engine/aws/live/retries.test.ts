// Throttling through the real SDK client: a fake HTTP endpoint answers, so the clients' own retry
// configuration (createClients: 5 attempts, adaptive) and the paginator run as they do in an account.
import { Readable } from 'node:stream';
import { HttpResponse } from '@smithy/protocol-http';
import { describe, expect, it, vi } from 'vitest';
import { webStack } from '../../../checks/network/fixtures';
import { createClients } from '../clients';
import { serviceOf, task, taskArn } from './ecs-fixtures';
import { runningTasksPerAz } from './tasks-per-az';
import { liveContext, REGION } from './test-context';

type Reply = { status: number; body: unknown };
const throttled: Reply = { status: 400, body: { __type: 'ThrottlingException', message: 'Rate exceeded' } };

/** An ECS endpoint (JSON 1.1): replies per operation, in order; records each request's operation. */
function ecsEndpoint(replies: Record<string, Reply[]>) {
  const calls: string[] = [];
  return {
    calls,
    handler: {
      async handle(req: { body?: string; headers: Record<string, string> }) {
        const op = String(req.headers['x-amz-target'] ?? '').split('.').pop()!;
        calls.push(op);
        const next = replies[op]?.shift();
        if (!next) throw new Error(`no reply left for ${op}`);
        const body = Readable.from([Buffer.from(JSON.stringify(next.body))]);
        return { response: new HttpResponse({ statusCode: next.status, headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': 'r' }, body }) };
      },
      updateHttpClientConfig() {},
      httpHandlerConfigs: () => ({}),
    },
  };
}

/** Fake timers advanced in steps: the SDK's real backoff takes no real time. */
async function fastTimers<T>(run: () => Promise<T>): Promise<T> {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  try {
    const p = run();
    let done = false;
    p.then(
      () => (done = true),
      () => (done = true),
    );
    while (!done) await vi.advanceTimersByTimeAsync(500);
    return await p;
  } finally {
    vi.useRealTimers();
  }
}

const creds = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' };
const base = liveContext(webStack(), { minAzs: 2 });
// The SDK's JSON protocol wants dates as epoch seconds.
const json = (v: unknown) => JSON.parse(JSON.stringify(v, (_k, x) => (typeof x === 'string' && /^\d{4}-\d\d-\d\dT/.test(x) ? Date.parse(x) / 1000 : x)));

describe('live checks under throttling', () => {
  it('retries throttled calls and follows ListTasks pages, then judges', async () => {
    const ep = ecsEndpoint({
      DescribeServices: [throttled, throttled, { status: 200, body: json({ services: [serviceOf(base)], failures: [] }) }],
      ListTasks: [
        { status: 200, body: { taskArns: [taskArn(1)], nextToken: 'p2' } },
        throttled,
        { status: 200, body: { taskArns: [taskArn(2)] } },
      ],
      DescribeTasks: [{ status: 200, body: json({ tasks: [task(1, 'eu-west-1a'), task(2, 'eu-west-1b')], failures: [] }) }],
    });
    const ctx = { ...base, clients: createClients({ region: REGION }, { requestHandler: ep.handler, credentials: creds }) };
    expect(await fastTimers(() => runningTasksPerAz(ctx))).toEqual({ status: 'pass' });
    expect(ep.calls).toEqual(['DescribeServices', 'DescribeServices', 'DescribeServices', 'ListTasks', 'ListTasks', 'ListTasks', 'DescribeTasks']);
  });

  it('past the configured attempts the throttling error surfaces (the runner makes it `error` for that check)', async () => {
    const ep = ecsEndpoint({ DescribeServices: Array(5).fill(throttled) });
    const ctx = { ...base, clients: createClients({ region: REGION }, { requestHandler: ep.handler, credentials: creds }) };
    await expect(fastTimers(() => runningTasksPerAz(ctx))).rejects.toMatchObject({ name: 'ThrottlingException' });
    expect(ep.calls).toHaveLength(5);
  });
});
