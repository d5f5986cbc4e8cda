import { App, Stack } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import { describe, expect, it } from 'vitest';
import { checkStack } from '../../engine/testing/offline-context';
import { storesStack } from './fixtures';
import { logRetention } from './log-retention';

describe('compliance.log-retention', () => {
  it('Compliance 1: a year', async () => {
    expect((await checkStack(logRetention, storesStack())).status).toBe('pass');
  });

  it('Compliance 2: never expires', async () => {
    expect((await checkStack(logRetention, storesStack({ retention: logs.RetentionDays.INFINITE }))).status).toBe('pass');
  });

  it('Noncompliance 1: a week, naming the log group', async () => {
    const r = await checkStack(logRetention, storesStack({ retention: logs.RetentionDays.ONE_WEEK }));
    expect(r.status).toBe('fail');
    expect(r.findings.map((f) => f.message)).toEqual(['log group AppLogs keeps its events 7 days; the evidence period is 365']);
    expect(r.findings[0].constructPath).toBe('Test/AppLogs/Resource');
  });

  it('Noncompliance 2: a year is short of a lab that asks for two', async () => {
    const r = await checkStack(logRetention, storesStack(), { minimumDays: 731 });
    expect(r.findings.map((f) => f.message)).toEqual(['log group AppLogs keeps its events 365 days; the evidence period is 731']);
  });

  it('Noncompliance 3: a log group whose retention CDK sets through its LogRetention custom resource', async () => {
    const stack = new Stack(new App(), 'Test');
    new logs.LogRetention(stack, 'AppLogsRetention', { logGroupName: '/ecs/app', retention: logs.RetentionDays.ONE_MONTH });
    const r = await checkStack(logRetention, stack);
    expect(r.findings.map((f) => f.message)).toEqual(['log group /ecs/app (retention set by AppLogsRetention) keeps its events 30 days; the evidence period is 365']);
  });

  it('rejects a minimum that is not a whole number of days', async () => {
    expect((await checkStack(logRetention, storesStack(), { minimumDays: 'a year' })).status).toBe('error');
  });
});
