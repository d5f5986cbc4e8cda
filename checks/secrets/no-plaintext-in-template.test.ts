import { describe, expect, it } from 'vitest';
import { messages, run, secretsTemplate } from './fixtures';
import { noPlaintextInTemplate } from './no-plaintext-in-template';

describe('secrets.no-plaintext-in-template', () => {
  it('Compliance 1: a generated secret, injected, plain settings in the environment', async () => {
    expect((await run(noPlaintextInTemplate, secretsTemplate())).status).toBe('pass');
  });

  it('Compliance 2: a variable that names a secret rather than holding it, and an SSM parameter of a setting', async () => {
    const t = secretsTemplate({
      environment: [{ Name: 'DB_SECRET_ARN', Value: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:db' }],
      extra: { Setting: { Type: 'AWS::SSM::Parameter', Properties: { Type: 'String', Name: '/web/log-level', Value: 'info' } } },
    });
    expect((await run(noPlaintextInTemplate, t)).status).toBe('pass');
  });

  it('Noncompliance 1: a secret created with its value in the template', async () => {
    const r = await run(noPlaintextInTemplate, secretsTemplate({ secret: { GenerateSecretString: undefined, SecretString: '{"password":"hunter2"}' } }));
    expect(messages(r)).toEqual(['secret DbSecret is created with its value written in the template (SecretString)']);
  });

  it('Noncompliance 2: a password in the container environment, a token in a Lambda, a key in an SSM String', async () => {
    const t = secretsTemplate({
      environment: [{ Name: 'DB_PASSWORD_FALLBACK', Value: 'hunter2' }],
      extra: {
        Fn: { Type: 'AWS::Lambda::Function', Properties: { Environment: { Variables: { GITHUB_TOKEN: 'ghp_abc' } } } },
        Param: { Type: 'AWS::SSM::Parameter', Properties: { Type: 'String', Name: '/web/API_KEY', Value: 'k-123' } },
      },
    });
    expect(messages(await run(noPlaintextInTemplate, t))).toEqual([
      expect.stringMatching(/^SSM parameter Param holds what looks like a secret/),
      'container web of TaskDef gets DB_PASSWORD_FALLBACK as a plain environment variable (value hidden), written in the task definition',
      'function Fn gets GITHUB_TOKEN as a plain environment variable (value hidden)',
    ]);
  });
});
