import { describe, expect, it } from 'vitest';
import { labTags, parseTtl, workspaceTagValue } from './tags';

describe('parseTtl', () => {
  it('reads minutes, hours, days and bare hours; defaults to 4 h', () => {
    expect(parseTtl(undefined)).toBe(4);
    expect(parseTtl('90m')).toBe(1.5);
    expect(parseTtl('2')).toBe(2);
    expect(parseTtl('2d')).toBe(48);
  });
  it('refuses nonsense, zero and more than a week with one line', () => {
    for (const bad of ['0h', '-1h', 'soon', '8d', '4 hours']) expect(() => parseTtl(bad)).toThrow(/--ttl takes a duration up to 7 days/);
  });
});

describe('labTags', () => {
  it('names the lab, the workspace and the expiry in ISO time; a long path keeps its last 256 characters', () => {
    expect(labTags('security/iam-roles', '/w/iam-roles', new Date('2026-12-02T13:00:00Z'))).toEqual({
      'ecs-lab:lab': 'security/iam-roles',
      'ecs-lab:workspace': '/w/iam-roles',
      'ecs-lab:expires': '2026-12-02T13:00:00.000Z',
    });
    const long = '/' + 'a'.repeat(300) + '/iam-roles';
    expect(workspaceTagValue(long)).toHaveLength(256);
    expect(workspaceTagValue(long).endsWith('/iam-roles')).toBe(true);
  });
});
