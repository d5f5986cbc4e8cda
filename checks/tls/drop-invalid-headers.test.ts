import { describe, expect, it } from 'vitest';
import { checkStack } from '../../engine/testing/offline-context';
import { attribute, dropInvalidHeaders } from './drop-invalid-headers';
import { tlsStack } from './fixtures';

describe('tls.drop-invalid-headers', () => {
  it('Compliance 1: dropInvalidHeaderFields is on', async () => {
    expect((await checkStack(dropInvalidHeaders, tlsStack())).status).toBe('pass');
  });

  it('Noncompliance 1: left at the default, naming the load balancer', async () => {
    const r = await checkStack(dropInvalidHeaders, tlsStack({ dropInvalidHeaderFields: false }));
    expect(r.status).toBe('fail');
    expect(r.findings.map((f) => f.message)).toEqual(['load balancer Alb passes on headers with invalid names (routing.http.drop_invalid_header_fields.enabled is not true)']);
    expect(r.findings[0].constructPath).toBe('Test/Alb/Resource');
  });

  it('skips a stack without an internet-facing load balancer', async () => {
    expect((await checkStack(dropInvalidHeaders, tlsStack({ internal: true }))).status).toBe('skip');
  });

  it('reads an attribute whatever the case of its value', () => {
    expect(attribute([{ Key: 'routing.http.drop_invalid_header_fields.enabled', Value: 'True' }], 'routing.http.drop_invalid_header_fields.enabled')).toBe('true');
    expect(attribute([{ Key: 'other', Value: 'true' }], 'routing.http.drop_invalid_header_fields.enabled')).toBeUndefined();
  });
});
