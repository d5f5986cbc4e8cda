import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readLabStatuses } from './progress-status';
import { updateProgress } from './progress';

describe('readLabStatuses', () => {
  it('reads what updateProgress wrote', () => {
    const root = mkdtempSync(join(tmpdir(), 'ecs-lab-progress-'));
    updateProgress(root, 'security/iam-roles', () => ({ status: 'passed', startedAt: 'x', hintsShown: 0, dir: 'iam-roles' }));
    updateProgress(root, 'foundation/container-image', () => ({ status: 'started', startedAt: 'x', hintsShown: 1, dir: 'container-image' }));
    expect(readLabStatuses(root)).toEqual({ 'security/iam-roles': 'passed', 'foundation/container-image': 'started' });
  });

  it('treats a missing, corrupt or strange file as no progress', () => {
    const root = mkdtempSync(join(tmpdir(), 'ecs-lab-progress-'));
    expect(readLabStatuses(root)).toEqual({});
    writeFileSync(join(root, 'progress.json'), '{ nope');
    expect(readLabStatuses(root)).toEqual({});
    writeFileSync(join(root, 'progress.json'), JSON.stringify({ labs: { a: { status: 'weird' }, b: null, c: { status: 'started' } } }));
    expect(readLabStatuses(root)).toEqual({ c: 'started' });
  });
});
