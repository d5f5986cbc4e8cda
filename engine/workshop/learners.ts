// `lab workshop init --learners <n|names.txt>`: who the workshop is for. A number makes numbered
// learners; a file names them, one a line. Every name becomes a folder, so it must be a safe one,
// and two names that one file system could confuse (Ana, ana) are one name too many.
import { readFileSync, statSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { LabError } from '../errors';

/** More learners than one workshop folder should hold; a bigger class is several workshops. */
export const MAX_LEARNERS = 500;
/** A names file is a list of names: anything larger is not one. */
const MAX_NAMES_BYTES = 64 * 1024;
/** A folder name on every file system: starts with a letter or digit, no separators, no `..`. */
const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** `learner-01` … `learner-NN`, padded so they sort in order. */
export function numberedLearners(n: number): string[] {
  const width = Math.max(2, String(n).length);
  return Array.from({ length: n }, (_, i) => `learner-${String(i + 1).padStart(width, '0')}`);
}

/** The names in a names file's text: one a line, blank lines and `#` comments skipped. */
export function namesIn(text: string, shown: string): string[] {
  const names: string[] = [];
  const seen = new Map<string, number>();
  text.split(/\r?\n/).forEach((raw, i) => {
    const name = raw.trim();
    if (name === '' || name.startsWith('#')) return;
    const line = i + 1;
    if (!NAME.test(name)) {
      throw new LabError('E_USAGE', `${shown}:${line}: "${name.slice(0, 80)}" is not a folder name — use letters, digits, dot, dash and underscore (at most 64, starting with a letter or digit)`);
    }
    const first = seen.get(name.toLowerCase());
    if (first !== undefined) throw new LabError('E_USAGE', `${shown}:${line}: "${name}" is already on line ${first} (names are folders, compared without case) — make each name unique`);
    seen.set(name.toLowerCase(), line);
    names.push(name);
  });
  if (names.length === 0) throw new LabError('E_USAGE', `${shown} names no learner — write one name a line`);
  if (names.length > MAX_LEARNERS) throw new LabError('E_USAGE', `${shown} names ${names.length} learners, more than ${MAX_LEARNERS} — split the class into several workshops`);
  return names;
}

/** `--learners`: a count, or a file of names (relative to `cwd`). */
export function parseLearners(arg: string, cwd: string): string[] {
  if (/^\d+$/.test(arg)) {
    const n = Number(arg);
    if (n < 1 || n > MAX_LEARNERS) throw new LabError('E_USAGE', `--learners takes a count from 1 to ${MAX_LEARNERS} or a file of names, not ${arg}`);
    return numberedLearners(n);
  }
  const file = resolve(cwd, arg);
  const shown = relative(cwd, file) || arg;
  let text: string;
  try {
    if (statSync(file).size > MAX_NAMES_BYTES) throw new LabError('E_USAGE', `${shown} is larger than 64 KB — is it a list of names?`);
    text = readFileSync(file, 'utf8');
  } catch (e) {
    if (e instanceof LabError) throw e;
    const why = (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as NodeJS.ErrnoException).code === 'EISDIR' ? 'a folder, not a file' : ((e as Error).message.split('\n')[0] ?? 'unreadable');
    throw new LabError('E_USAGE', `--learners ${shown}: cannot read it (${why}) — give a count, e.g. --learners 12, or a file with one name a line`);
  }
  return namesIn(text, shown);
}
