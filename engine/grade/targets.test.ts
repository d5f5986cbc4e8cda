import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadGradingConfig } from './config';
import { expandTargets, lastChanged, notASubmission, segmentRegExp } from './targets';

const root = mkdtempSync(join(tmpdir(), 'ecs-lab-targets-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
for (const d of ['class/ada', 'class/bob', 'class/.hidden', 'class/node_modules', 'other/cy', 'deep/a/b/ws']) mkdirSync(join(root, d), { recursive: true });
writeFileSync(join(root, 'class/ada/stack.ts'), '');
writeFileSync(join(root, 'class/notes.txt'), '');
mkdirSync(join(root, 'class/bob/.lab'));
writeFileSync(join(root, 'class/bob/.lab/state.json'), '{}');

describe('submissions on the command line', () => {
  it('expands globs to folders, sorted, without hidden ones, node_modules or files, each once', () => {
    const { targets, problems } = expandTargets(['class/*', 'class/ada', 'deep/**/ws', 'nothing-*'], root);
    expect(targets.map((t) => t.path)).toEqual(['class/ada', 'class/bob', 'deep/a/b/ws']);
    expect(targets[0].dir).toBe(join(root, 'class/ada'));
    expect(problems).toEqual(['nothing-*: matches no folder']);
  });

  it('a plain path is kept as given, even when missing (grading then says why)', () => {
    expect(expandTargets(['missing', join(root, 'other/cy')], root).targets.map((t) => t.path)).toEqual(['missing', 'other/cy']);
  });

  it('says why a folder is not a submission', () => {
    expect(notASubmission(join(root, 'class/ada'), 'stack.ts')).toBeUndefined();
    expect(notASubmission(join(root, 'class/bob'), 'stack.ts')).toBeUndefined();
    expect(notASubmission(join(root, 'other/cy'), 'stack.ts')).toBe('not a workspace: no stack.ts and no .lab/state.json');
    expect(notASubmission(join(root, 'class/notes.txt'), 'stack.ts')).toMatch(/^not a folder/);
    expect(notASubmission(join(root, 'nope'), 'stack.ts')).toBe('no such folder');
  });

  it('glob segments match as a shell does', () => {
    expect(segmentRegExp('l?-*').test('l1-ada')).toBe(true);
    expect(segmentRegExp('[ab]*').test('cy')).toBe(false);
    expect(segmentRegExp('*.json').test('a.json')).toBe(true);
    expect(segmentRegExp('*').test('.git')).toBe(false);
  });

  it('the last change is the newest file outside the runner’s folders', () => {
    const ws = join(root, 'class/ada');
    mkdirSync(join(ws, 'cdk.out'), { recursive: true });
    writeFileSync(join(ws, 'cdk.out/x.json'), '');
    utimesSync(join(ws, 'stack.ts'), new Date('2026-01-01T00:00:00Z'), new Date('2026-01-01T00:00:00Z'));
    utimesSync(join(ws, 'cdk.out/x.json'), new Date('2026-06-01T00:00:00Z'), new Date('2026-06-01T00:00:00Z'));
    expect(lastChanged(ws)?.toISOString()).toBe('2026-01-01T00:00:00.000Z');
  });
});

describe('grading.json on disk', () => {
  it('is optional by default, a problem when named and missing, and a problem when unreadable', () => {
    expect(loadGradingConfig(join(root, 'grading.json'), 'grading.json', false)).toEqual({ config: {} });
    expect(loadGradingConfig(join(root, 'g.json'), 'g.json', true).problem).toBe('g.json: not found — graded without it');
    mkdirSync(join(root, 'dir.json'));
    expect(loadGradingConfig(join(root, 'dir.json'), 'dir.json', true).problem).toMatch(/^dir\.json: cannot be read \(EISDIR.*\) — graded without it$/);
  });
});
