import { describe, expect, it } from 'vitest';
import { configTemplate, messages, run } from './fixtures';
import { sourceOf, valuesFromReferences } from './values-from-references';

const PARAMS = { values: { DB_HOST: 'ssm' } };

describe('config.values-from-references', () => {
  it('Compliance 1: DB_HOST comes from an SSM parameter by reference', async () => {
    expect((await run(valuesFromReferences, configTemplate(), PARAMS)).status).toBe('pass');
  });

  it('Compliance 2: a Secrets Manager value where the lab asks for one', async () => {
    const t = configTemplate({ secrets: [{ Name: 'API_KEY', ValueFrom: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:api-AbCdEf' }] });
    expect((await run(valuesFromReferences, t, { values: { API_KEY: 'secretsmanager' } })).status).toBe('pass');
  });

  it('Noncompliance 1: the value written into the environment instead', async () => {
    const t = configTemplate({ secrets: [], environment: [{ Name: 'DB_HOST', Value: 'prod-db.internal' }] });
    expect(messages(await run(valuesFromReferences, t, PARAMS))).toEqual([
      'container web of TaskDef gets DB_HOST as a plain value written in the task definition, not from an SSM parameter',
      'no container the stack runs gets DB_HOST by reference (secrets/valueFrom) from an SSM parameter',
    ]);
  });

  it('Noncompliance 2: referenced, but from the wrong service', async () => {
    const t = configTemplate({ secrets: [{ Name: 'DB_HOST', ValueFrom: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf' }] });
    expect(messages(await run(valuesFromReferences, t, PARAMS))).toEqual([expect.stringMatching(/which is not an SSM parameter/)]);
  });

  it('reads what a valueFrom names, and rejects parameters it does not know', async () => {
    expect(sourceOf('arn:aws:ssm:us-east-1:123456789012:parameter/web/db')).toBe('ssm');
    expect(sourceOf('/web/db')).toBe('ssm');
    expect(sourceOf('arn:aws:s3:::bucket/key')).toBe('other');
    expect((await run(valuesFromReferences, configTemplate(), { values: { DB_HOST: 'vault' } })).status).toBe('error');
  });
});
