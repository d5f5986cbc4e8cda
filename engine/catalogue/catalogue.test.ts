import { describe, expect, it } from 'vitest';
import { LAYERS } from '../types';
import { findLab, listLabs, resolveStartTarget, unknownName } from './catalogue';

describe('catalogue', () => {
  it('sorts by layer, then order', () => {
    const keys = listLabs().map((l) => [LAYERS.indexOf(l.layer), l.order]);
    const sorted = [...keys].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    expect(keys).toEqual(sorted);
    expect(new Set(listLabs().map((l) => l.layer)).size).toBeGreaterThan(1);
  });

  it('finds a lab by id or slug', () => {
    expect(findLab('security/iam-roles')?.id).toBe('security/iam-roles');
    expect(findLab('iam-roles')?.id).toBe('security/iam-roles');
    expect(findLab('iam')).toBeUndefined();
  });

  it('a layer starts its first lab not yet passed, or its first when all are passed', () => {
    expect(resolveStartTarget('security', () => false).id).toBe('security/iam-roles');
    expect(resolveStartTarget('security', () => true).id).toBe('security/iam-roles');
    expect(resolveStartTarget('operations', () => false).id).toBe('operations/ecs-exec');
    expect(resolveStartTarget('challenge', () => false).id).toBe('challenge/zero-downtime');
  });

  it('suggests the closest layer or lab only when it is close', () => {
    expect(unknownName('Securty').message).toMatch(/did you mean `security`\?/);
    expect(unknownName('infrastructure/security-group').message).toMatch(/did you mean `infrastructure\/security-groups`\?/);
    expect(unknownName('kubernetes').message).not.toMatch(/did you mean/);
  });
});
