import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RUNNER_VERSION } from '../../paths';
import { STATE_SCHEMA } from '../../workspace/state';
import { startedAt, timeSpentMs } from './time-spent';

function folder(state?: unknown): string {
  const dir = mkdtempSync(join(tmpdir(), 'ecs-lab-time-spent-'));
  if (state !== undefined) {
    mkdirSync(join(dir, '.lab'));
    writeFileSync(join(dir, '.lab', 'state.json'), typeof state === 'string' ? state : JSON.stringify(state));
  }
  return dir;
}

describe('time spent', () => {
  it('reads the start from the workspace state, and nothing from a folder without a valid one', () => {
    const state = { schema: STATE_SCHEMA, lab: 'security/iam-roles', createdAt: '2026-11-30T09:00:00.000Z', runnerVersion: RUNNER_VERSION, break: null };
    expect(startedAt(folder(state))?.toISOString()).toBe('2026-11-30T09:00:00.000Z');
    expect(startedAt(folder())).toBeUndefined();
    expect(startedAt(folder('{not json'))).toBeUndefined();
    expect(startedAt(folder({ ...state, createdAt: 'yesterday' }))).toBeUndefined();
  });

  it('is the time from start to last change, unknown when either is missing or the clock runs backwards', () => {
    const start = new Date('2026-11-30T09:00:00Z');
    expect(timeSpentMs(start, new Date('2026-11-30T10:30:00Z'))).toBe(90 * 60_000);
    expect(timeSpentMs(start, undefined)).toBeUndefined();
    expect(timeSpentMs(undefined, start)).toBeUndefined();
    expect(timeSpentMs(start, new Date('2026-11-29T09:00:00Z'))).toBeUndefined();
  });
});
