import { expect, it } from 'vitest';
import type { LabManifest } from '../../types';
import { pathMenu } from './menu';

const lab = (id: string, title: string) => ({ id, title, minutes: 30 }) as LabManifest;
const labs = [lab('foundation/a', 'Images'), lab('infrastructure/b', 'Networks'), lab('security/c', 'Roles'), lab('security/d', 'TLS')];

it('offers to resume the lab in progress started last, suggests the next unfinished lab, and marks every lab', () => {
  const options = pathMenu(labs, {
    statuses: { 'foundation/a': 'passed', 'infrastructure/b': 'started', 'security/c': 'started' },
    startedAt: { 'infrastructure/b': '2026-01-01T00:00:00Z', 'security/c': '2026-01-02T00:00:00Z' },
  });
  expect(options.slice(0, 2)).toEqual([
    { value: 'start:security/c', label: 'Resume security/c — Roles', hint: 'in progress' },
    { value: 'start:security/d', label: 'Or start the next lab: security/d — TLS', hint: 'suggested' },
  ]);
  expect(options.slice(2, 6).map((o) => o.label)).toEqual(['✓ foundation/a — Images', '▸ infrastructure/b — Networks', '▸ security/c — Roles', '· security/d — TLS']);
  expect(options.at(-1)?.value).toBe('list');
});

it('with nothing started, suggests the first lab', () => {
  expect(pathMenu(labs, { statuses: {}, startedAt: {} })[0]).toEqual({ value: 'start:foundation/a', label: 'Start the next lab: foundation/a — Images', hint: 'suggested' });
});
