import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LabError } from '../errors';
import { MAX_LEARNERS, namesIn, numberedLearners, parseLearners } from './learners';

const cwd = mkdtempSync(join(tmpdir(), 'ecs-lab-learners-'));
const file = (name: string, text: string) => {
  writeFileSync(join(cwd, name), text);
  return name;
};
/** The one-line message of the LabError `fn` throws. */
function errorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(LabError);
    expect((e as LabError).exitCode).toBe(2);
    expect((e as LabError).message).not.toContain('\n');
    return (e as LabError).message;
  }
  throw new Error('expected an error');
}

describe('--learners', () => {
  it('makes numbered learners from a count, padded so they sort', () => {
    expect(parseLearners('3', cwd)).toEqual(['learner-01', 'learner-02', 'learner-03']);
    expect(numberedLearners(120)[0]).toBe('learner-001');
    expect(errorOf(() => parseLearners('0', cwd))).toContain(`from 1 to ${MAX_LEARNERS}`);
    expect(errorOf(() => parseLearners(String(MAX_LEARNERS + 1), cwd))).toContain('from 1 to');
  });

  it('reads a names file: one a line, blanks and # comments skipped, CRLF too', () => {
    expect(parseLearners(file('names.txt', '# class of May\r\nana\r\n\r\n  bo.b_2  \r\n'), cwd)).toEqual(['ana', 'bo.b_2']);
  });

  it('refuses a file that cannot be read, with one line that says why', () => {
    expect(errorOf(() => parseLearners('missing.txt', cwd))).toMatch(/^--learners missing\.txt: cannot read it \(no such file\)/);
    mkdirSync(join(cwd, 'a-folder'));
    expect(errorOf(() => parseLearners('a-folder', cwd))).toContain('a folder, not a file');
  });

  it('refuses duplicate names, compared without case (they would be one folder on macOS)', () => {
    expect(errorOf(() => parseLearners(file('dup.txt', 'ana\nbob\nAna\n'), cwd))).toBe('dup.txt:3: "Ana" is already on line 1 (names are folders, compared without case) — make each name unique');
  });

  it('refuses a name that is not a safe folder name: separators, .., hidden, markup', () => {
    for (const bad of ['../escape', 'a/b', '.hidden', '<img src=x>', 'x'.repeat(65), 'a b']) {
      expect(errorOf(() => namesIn(`ok\n${bad}\n`, 'n.txt'))).toMatch(/^n\.txt:2: ".*" is not a folder name/);
    }
  });

  it('refuses a file that names nobody', () => {
    expect(errorOf(() => namesIn('# only a comment\n\n', 'empty.txt'))).toBe('empty.txt names no learner — write one name a line');
  });
});
