import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LABS_DIR } from '../paths';
import { drawLab } from './draw';
import { labDraw, readWorkspaceAnswers, writeWorkspaceAnswers } from './lab-answers';

const LAB = 'security/iam-roles';
const dir = join(LABS_DIR, LAB);
const state = { lab: LAB, createdAt: '2026-01-01T00:00:00.000Z', seed: 'ws-seed', attempts: { 'iam-role-separation': 2 } };

describe('labDraw', () => {
  it('draws from the workspace seed and its retry counters', () => {
    const { questions, draw } = labDraw(dir, state);
    expect(draw.fingerprint).toBe(drawLab(questions, LAB, 'ws-seed', state.attempts).fingerprint);
    expect(draw.fingerprint).not.toBe(drawLab(questions, LAB, 'ws-seed').fingerprint);
  });

  it('an instructor’s --seed draws from that seed alone, whatever the workspace’s state', () => {
    const { questions, draw } = labDraw(dir, state, 'exam-repo');
    expect(draw.fingerprint).toBe(drawLab(questions, LAB, 'exam-repo').fingerprint);
    expect(labDraw(dir, { ...state, seed: 'other', attempts: {} }, 'exam-repo').draw.fingerprint).toBe(draw.fingerprint);
  });
});

describe('workspace answers.md', () => {
  const ws = mkdtempSync(join(tmpdir(), 'ecs-lab-answers-'));
  afterAll(() => rmSync(ws, { recursive: true, force: true }));

  it('writes the template with check titles for evidence items, and reads it back as unanswered', () => {
    const { draw } = labDraw(dir, state, 'evidence-0');
    writeWorkspaceAnswers(ws, draw, 'IAM roles');
    const text = readFileSync(join(ws, 'answers.md'), 'utf8');
    expect(text.startsWith(`<!-- ecs-lab answers · ${LAB} · seed evidence-0 · draw ${draw.fingerprint}`)).toBe(true);
    expect(readWorkspaceAnswers(ws, draw)).toMatchObject({ items: {}, problems: [] });
  });

  it('an empty answers.md is an error with a remedy; a missing one is undefined', () => {
    const { draw } = labDraw(dir, state);
    writeFileSync(join(ws, 'answers.md'), '  \n');
    expect(() => readWorkspaceAnswers(ws, draw)).toThrow(/answers\.md is empty — delete it and `lab check` writes a fresh template/);
    expect(readWorkspaceAnswers(mkdtempSync(join(tmpdir(), 'ecs-lab-none-')), draw)).toBeUndefined();
  });
});
