// Recording a check: --no-questions never records a pass, a later failure takes a pass back, and a
// running watch never undoes hints shown from another terminal.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { requireLab } from '../catalogue/catalogue';
import { question } from '../report/test-fixtures';
import type { CheckResult } from '../types';
import { readProgress } from '../workspace/progress';
import { readState, STATE_SCHEMA, updateState, writeState, type WorkspaceState } from '../workspace/state';
import type { Workspace } from '../workspace/workspace';
import { buildReport, record } from './check-workspace';

const lab = requireLab('security/iam-roles');
let root: string;
let ws: Workspace;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'ecs-lab-record-'));
  const dir = join(root, 'iam-roles');
  const state: WorkspaceState = { schema: STATE_SCHEMA, lab: lab.id, createdAt: '2026-01-01T00:00:00.000Z', runnerVersion: '0.1.0', target: 'offline', break: null, hintsShown: 0, seed: 's' };
  writeState(dir, state);
  ws = { dir, root, lab, state: readState(dir) };
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const checks = (status: CheckResult['status']): CheckResult[] => lab.checks.map((c) => ({ id: c.id, title: c.id, severity: 'high', status, findings: [], durationMs: 1 }));
const status = () => readProgress(root).labs[lab.id];

describe('record', () => {
  it('--no-questions never records the lab as passed, even with every check green', () => {
    const report = buildReport(ws, checks('pass'), undefined, [], 1);
    expect(report.passed).toBe(false);
    record(ws, report);
    expect(status().status).toBe('started');
    expect(readState(ws.dir).lastCheck?.passed).toBe(false);
  });

  it('a pass is recorded, and a later failure (or an ungraded run) takes it back', () => {
    record(ws, buildReport(ws, checks('pass'), [question({ id: 'q' })], [], 1));
    expect(status()).toMatchObject({ status: 'passed', passedAt: expect.any(String) });
    record(ws, buildReport(ws, checks('fail'), [question({ id: 'q' })], [], 1));
    expect(status().status).toBe('started');
    expect(status().passedAt).toBeUndefined();
    record(ws, buildReport(ws, checks('pass'), [question({ id: 'q' })], [], 1));
    expect(status().status).toBe('passed');
    record(ws, buildReport(ws, checks('pass'), undefined, [], 1));
    expect(status().status).toBe('started');
  });

  it('keeps hints shown by another process since the workspace was opened (watch vs lab hint)', () => {
    expect(ws.state.hintsShown).toBe(0);
    updateState(ws.dir, () => ({ hintsShown: 2 })); // `lab hint` twice, in another terminal
    record(ws, buildReport(ws, checks('fail'), [question({ id: 'q' })], [], 1));
    const saved = JSON.parse(readFileSync(join(ws.dir, '.lab', 'state.json'), 'utf8'));
    expect(saved.hintsShown).toBe(2);
    expect(saved.seed).toBe('s');
    expect(saved.lastCheck.passed).toBe(false);
    expect(status().hintsShown).toBe(2);
    expect(ws.state.hintsShown).toBe(2);
  });

  it('grades questions after the checks: evidence sees this run’s results', () => {
    let seen: CheckResult[] | undefined;
    const report = buildReport(ws, checks('pass'), (c) => ((seen = c), [question({ id: 'q' })]), [], 1);
    expect(seen).toHaveLength(lab.checks.length);
    expect(report.passed).toBe(true);
    expect(report.summary.items).toEqual({ passed: 2, total: 2 });
  });
});
