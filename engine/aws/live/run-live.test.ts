import { CloudFormationClient, DescribeStackDriftDetectionStatusCommand, DetectStackDriftCommand } from '@aws-sdk/client-cloudformation';
import { App, Stack } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { afterEach, describe, expect, it } from 'vitest';
import type { CheckResult, LiveVerdict } from '../../types';
import { defineCheck } from '../../types';
import { mockSdk } from '../sdk-mock';
import { combine, judgeLive, LIVE_PREFIX, runLive } from './run-live';
import { deployedStack, liveContext } from './test-context';

const cfn = mockSdk(CloudFormationClient);
afterEach(() => cfn.reset());

const offline = (status: CheckResult['status'], message = 'offline finding'): CheckResult => ({
  id: 'x.y',
  title: 'X',
  severity: 'high',
  status,
  findings: status === 'pass' ? [] : [{ message }],
  durationMs: 1,
});
const live = (status: LiveVerdict['status'], message = 'live finding'): LiveVerdict => ({ status, findings: status === 'pass' ? [] : [{ message }], durationMs: 2 });

describe('combine: one verdict from offline and live', () => {
  it('both pass → pass, judged by both', () => {
    expect(combine(offline('pass'), live('pass'))).toMatchObject({ status: 'pass', judgedBy: 'both', findings: [] });
  });

  it('offline passes, live fails (a drift) → fail with the live findings marked', () => {
    const r = combine(offline('pass'), live('fail', 'accepts tcp 8080 from 0.0.0.0/0'));
    expect(r).toMatchObject({ status: 'fail', judgedBy: 'both', findings: [{ message: `${LIVE_PREFIX}accepts tcp 8080 from 0.0.0.0/0` }] });
    // The live side's own verdict keeps its unmarked findings.
    expect(r.live!.findings[0].message).toBe('accepts tcp 8080 from 0.0.0.0/0');
  });

  it('both fail → the findings of both sides', () => {
    expect(combine(offline('fail'), live('fail')).findings.map((f) => f.message)).toEqual(['offline finding', `${LIVE_PREFIX}live finding`]);
  });

  it('fail beats error; error beats pass', () => {
    expect(combine(offline('fail'), live('error')).status).toBe('fail');
    expect(combine(offline('pass'), live('error')).status).toBe('error');
  });

  it('a side that skips leaves the verdict to the other', () => {
    expect(combine(offline('skip', 'needs the aws target'), live('fail'))).toMatchObject({ status: 'fail', judgedBy: 'live' });
    expect(combine(offline('fail'), live('skip', 'not deployed'))).toMatchObject({ status: 'fail', judgedBy: 'offline', findings: [{ message: 'offline finding' }] });
    expect(combine(offline('skip'), live('skip'))).toMatchObject({ status: 'skip', judgedBy: 'both' });
  });
});

describe('runLive', () => {
  const stack = new Stack(new App(), 'Test');
  new s3.Bucket(stack, 'Assets');
  const ctx = liveContext(stack, {});
  const base = { clients: ctx.clients, stack: deployedStack(ctx.template), model: ctx.model, template: ctx.template, sleep: ctx.sleep };

  it('an SDK error (throttled past its retries) is `error` for this check alone, naming the error', async () => {
    const check = defineCheck({
      id: 't.throws',
      title: 'T',
      severity: 'low',
      why: '',
      refs: {},
      offline: () => ({ status: 'pass' }),
      live: () => {
        const e = new Error('Rate exceeded');
        e.name = 'ThrottlingException';
        throw e;
      },
    });
    expect(await runLive(check, base, {})).toMatchObject({ status: 'error', findings: [{ message: 'live check t.throws could not read the account: ThrottlingException: Rate exceeded' }] });
  });

  it('passes the check\'s parsed params and the deployed stack to live(ctx)', async () => {
    let seen: unknown;
    const check = defineCheck<{ n: number }>({
      id: 't.params',
      title: 'T',
      severity: 'low',
      why: '',
      refs: {},
      params: (raw) => ({ n: Number(raw.n ?? 2) }),
      offline: () => ({ status: 'pass' }),
      live: (c) => {
        seen = { n: c.params.n, stack: c.stackName, account: c.account, bucket: [...c.resources.values()].find((r) => r.type === 'AWS::S3::Bucket')?.physicalId };
        return { status: 'fail', findings: [] };
      },
    });
    // A failure without findings is a bug in the check, reported as such.
    expect((await runLive(check, base, { n: 3 })).status).toBe('error');
    expect(seen).toEqual({ n: 3, stack: 'LiveLab', account: '111122223333', bucket: expect.stringMatching(/^livelab-assets/) });
  });

  it('judgeLive: checks without live stay offline; app.no-drift is added on the aws target', async () => {
    cfn.on(DetectStackDriftCommand).resolves({ StackDriftDetectionId: 'd' });
    cfn.on(DescribeStackDriftDetectionStatusCommand).resolves({ StackDriftDetectionId: 'd', DetectionStatus: 'DETECTION_COMPLETE', StackDriftStatus: 'IN_SYNC' });
    const off: CheckResult = { ...offline('pass'), id: 'app.verifiable-offline' };
    const results = await judgeLive([{ id: 'app.verifiable-offline' }], [off], base);
    expect(results.map((r) => [r.id, r.status, r.judgedBy])).toEqual([
      ['app.verifiable-offline', 'pass', 'offline'],
      ['app.no-drift', 'pass', 'live'],
    ]);
  });
});
