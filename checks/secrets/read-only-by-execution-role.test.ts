import { describe, expect, it } from 'vitest';
import { messages, run, secretArn, secretsTemplate } from './fixtures';
import { readOnlyByExecutionRole } from './read-only-by-execution-role';

const READ = 'secretsmanager:GetSecretValue';

describe('secrets.read-only-by-execution-role', () => {
  it('Compliance 1: only the execution role (and the rotation function) reads it', async () => {
    expect((await run(readOnlyByExecutionRole, secretsTemplate())).status).toBe('pass');
  });

  it('Compliance 2: a resource policy that only denies, or names the execution role', async () => {
    const t = secretsTemplate({
      resourcePolicy: [
        { Effect: 'Deny', Principal: '*', Action: 'secretsmanager:DeleteSecret', Resource: '*' },
        { Effect: 'Allow', Principal: { AWS: { 'Fn::GetAtt': ['ExecutionRole', 'Arn'] } }, Action: READ, Resource: '*' },
      ],
    });
    expect((await run(readOnlyByExecutionRole, t)).status).toBe('pass');
  });

  it('Noncompliance 1: the task role was granted the read as well', async () => {
    const r = await run(readOnlyByExecutionRole, secretsTemplate({ task: [{ Effect: 'Allow', Action: READ, Resource: secretArn }] }));
    expect(messages(r)).toEqual(['role TaskRole can read secret DbSecret (injected as DB_PASSWORD) (statement #1 of inline policy app of role TaskRole), but only the execution role needs it']);
  });

  it('Noncompliance 2: a resource policy with Principal "*" widens the read to every role, in and outside the account', async () => {
    const r = await run(readOnlyByExecutionRole, secretsTemplate({ resourcePolicy: [{ Sid: 'Reporting', Effect: 'Allow', Principal: '*', Action: READ, Resource: '*' }] }));
    expect(messages(r)).toEqual([
      expect.stringMatching(/^role TaskRole can read .* \(statement #1 \(Sid Reporting\) of resource policy of secret DbSecret\)/),
      'statement #1 (Sid Reporting) of the resource policy of secret DbSecret lets any role of the account read it, whatever their IAM policies say',
      'statement #1 (Sid Reporting) of the resource policy of secret DbSecret lets principals of other accounts read it, whatever their IAM policies say',
    ]);
    expect(r.findings[1].logicalId).toBe('SecretPolicy');
  });

  it('Noncompliance 3: an execution role that reads every secret, or none', async () => {
    const every = await run(readOnlyByExecutionRole, secretsTemplate({ execution: [{ Effect: 'Allow', Action: READ, Resource: '*' }] }));
    expect(messages(every)).toEqual([expect.stringMatching(/can read more than .*: also any other secret of the account/)]);
    const none = await run(readOnlyByExecutionRole, secretsTemplate({ execution: [] }));
    expect(messages(none)).toEqual([expect.stringMatching(/cannot read secret DbSecret .*: its tasks would stop/)]);
  });
});
