import { describe, expect, it } from 'vitest';
import { messages, run, secretsTemplate } from './fixtures';
import { intervalDays, rotationEnabled } from './rotation-enabled';

describe('secrets.rotation-enabled', () => {
  it('Compliance 1: a Lambda rotates the injected secret every 30 days', async () => {
    expect((await run(rotationEnabled, secretsTemplate())).status).toBe('pass');
  });

  it('Compliance 2: AutomaticallyAfterDays within the lab\'s limit, or a cron schedule', async () => {
    expect((await run(rotationEnabled, secretsTemplate({ rotation: { RotationRules: { AutomaticallyAfterDays: 7 } } }), { maxDays: 30 })).status).toBe('pass');
    expect((await run(rotationEnabled, secretsTemplate({ rotation: { RotationRules: { ScheduleExpression: 'cron(0 4 1 * ? *)' } } }))).status).toBe('pass');
  });

  it('Noncompliance 1: no rotation schedule, naming the secret and the variable', async () => {
    const r = await run(rotationEnabled, secretsTemplate({ rotation: null }));
    expect(messages(r)).toEqual(['secret DbSecret (injected as DB_PASSWORD) has no rotation schedule, so its value never changes']);
    expect(r.findings[0].logicalId).toBe('DbSecret');
  });

  it('Noncompliance 2: rotating less often than the limit, or with no function', async () => {
    expect(messages(await run(rotationEnabled, secretsTemplate({ rotation: { RotationRules: { ScheduleExpression: 'rate(120 days)' } } })))).toEqual([expect.stringMatching(/rotates every 120 days, less often than every 90 days/)]);
    expect(messages(await run(rotationEnabled, secretsTemplate({ rotation: { RotationLambdaARN: undefined } })))).toEqual([expect.stringMatching(/names no rotation function/)]);
  });

  it('skips a stack that injects no secret, and reads rate expressions in hours', async () => {
    const t = secretsTemplate();
    (t.Resources!.TaskDef.Properties!.ContainerDefinitions[0] as any).Secrets = [];
    expect((await run(rotationEnabled, t)).status).toBe('skip');
    expect(intervalDays({ ScheduleExpression: 'rate(48 hours)' })).toBe(2);
  });
});
