import { describe, expect, it } from 'vitest';
import { StackModel } from '../model/model';
import { defineCheck, type CfnTemplate } from '../types';
import { runCheck, runChecks } from './run-checks';

const template: CfnTemplate = { Resources: { Bucket: { Type: 'AWS::S3::Bucket' } } };
const base = { template, model: new StackModel(template) };

const passes = defineCheck({ id: 't.passes', title: 'passes', severity: 'low', why: 'x', refs: {}, offline: () => ({ status: 'pass' }) });
const throws = defineCheck({
  id: 't.throws',
  title: 'throws',
  severity: 'low',
  why: 'x',
  refs: {},
  offline: () => {
    throw new Error('kaboom');
  },
});
const silentFail = defineCheck({ id: 't.silent', title: 'silent', severity: 'low', why: 'x', refs: {}, offline: () => ({ status: 'fail', findings: [] }) });
const strictParams = defineCheck<{ bucket: string }>({
  id: 't.params',
  title: 'params',
  severity: 'low',
  why: 'x',
  refs: {},
  params: (raw) => {
    if (typeof raw.bucket !== 'string') throw new Error('params.bucket must be a construct id');
    return { bucket: raw.bucket };
  },
  offline: ({ params, model }) =>
    model.findByPath(params.bucket).length ? { status: 'pass' } : { status: 'fail', findings: [model.finding(undefined, `no bucket ${params.bucket}`)] },
});

describe('runCheck', () => {
  it('a check that throws is an error for itself alone', async () => {
    const r = await runCheck(throws, base);
    expect(r.status).toBe('error');
    expect(r.findings[0].message).toBe('check t.throws crashed: kaboom');
  });

  it('a failure without findings is reported as a bug in the check', async () => {
    expect((await runCheck(silentFail, base)).status).toBe('error');
  });

  it('bad parameters from a lab are an error, good ones reach the check', async () => {
    expect((await runCheck(strictParams, base, {})).findings[0].message).toMatch(/params.bucket must be a construct id/);
    expect((await runCheck(strictParams, base, { bucket: 'Other' })).status).toBe('fail');
  });
});

describe('runChecks', () => {
  it('keeps running after a check throws, and flags unknown ids', async () => {
    const results = await runChecks([{ id: 'ecs.service-behind-listener' }, { id: 'no.such-check' }], base);
    expect(results.map((r) => [r.id, r.status])).toEqual([
      ['ecs.service-behind-listener', 'fail'],
      ['no.such-check', 'error'],
    ]);
  });
});
