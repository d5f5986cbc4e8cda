// The submissions named on the command line: folders (a workspace, or a learner's repository)
// and globs over them. Globs are expanded here so a quoted pattern works in CI as in a shell.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';

export interface Target {
  /** As shown in the class report: relative to the working directory when inside it. */
  path: string;
  /** Absolute. */
  dir: string;
}

/** Patterns with *, ? or [ in a segment; `**` is any depth of folders. */
export const isGlob = (arg: string) => /[*?[]/.test(arg);

/** Expands every argument; a glob that matches nothing is a problem, not an error of the run. */
export function expandTargets(args: string[], cwd: string): { targets: Target[]; problems: string[] } {
  const targets: Target[] = [];
  const problems: string[] = [];
  const seen = new Set<string>();
  const add = (dir: string) => {
    if (seen.has(dir)) return;
    seen.add(dir);
    targets.push({ dir, path: shown(dir, cwd) });
  };
  for (const arg of args) {
    if (!isGlob(arg)) {
      add(resolve(cwd, arg));
      continue;
    }
    const matches = globDirs(arg, cwd);
    if (matches.length === 0) problems.push(`${arg}: matches no folder`);
    for (const m of matches) add(m);
  }
  return { targets, problems };
}

function shown(dir: string, cwd: string): string {
  const rel = relative(cwd, dir);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel.split(sep).join('/') : dir;
}

/** Folders matching a pattern, sorted; files never match (a submission is a folder). */
export function globDirs(pattern: string, cwd: string): string[] {
  const absolute = isAbsolute(pattern);
  const segments = pattern.split('/').filter((s, i) => s !== '' || (i === 0 && absolute));
  let current = [absolute ? '/' : cwd];
  for (const seg of absolute ? segments.slice(1) : segments) {
    const next: string[] = [];
    for (const base of current) {
      if (seg === '**') next.push(base, ...subfolders(base));
      else if (!isGlob(seg)) {
        const p = join(base, seg);
        if (existsSync(p)) next.push(p);
      } else {
        const re = segmentRegExp(seg);
        for (const name of listDirs(base)) if (re.test(name)) next.push(join(base, name));
      }
    }
    current = [...new Set(next)];
  }
  return current.filter(isDir).sort();
}

/** One path segment's pattern as a regular expression (no backtracking: * never spans a slash). */
export function segmentRegExp(seg: string): RegExp {
  let src = '';
  for (let i = 0; i < seg.length; i++) {
    const c = seg[i];
    if (c === '*') src += '[^/]*';
    else if (c === '?') src += '[^/]';
    else if (c === '[') {
      const end = seg.indexOf(']', i + 1);
      if (end === -1) src += '\\[';
      else {
        src += `[${seg.slice(i + 1, end).replace(/^!/, '^').replace(/\\/g, '\\\\')}]`;
        i = end;
      }
    } else src += c.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  // Hidden folders match only a pattern that names the dot, as in a shell.
  return new RegExp(`^${seg.startsWith('.') ? '' : '(?!\\.)'}${src}$`);
}

/** node_modules, .git and the like are never submissions. */
const SKIPPED = new Set(['node_modules', '.git', 'cdk.out', '.lab']);

function listDirs(base: string): string[] {
  try {
    return readdirSync(base, { withFileTypes: true })
      .filter((e) => e.isDirectory() && !SKIPPED.has(e.name))
      .map((e) => e.name);
  } catch {
    return [];
  }
}

/** Every folder below `base` (for `**`), at most 6 levels and 10,000 folders deep. */
function subfolders(base: string, depth = 0, acc: string[] = []): string[] {
  if (depth >= 6 || acc.length > 10_000) return acc;
  for (const name of listDirs(base)) {
    if (name.startsWith('.')) continue;
    const p = join(base, name);
    acc.push(p);
    subfolders(p, depth + 1, acc);
  }
  return acc;
}

function isDir(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/**
 * Why `dir` is not a submission of a lab whose entry is `entry`, or undefined when it looks like
 * one: it holds the entry or a workspace state. (`lab check --lab` then decides everything else.)
 */
export function notASubmission(dir: string, entry: string): string | undefined {
  if (!existsSync(dir)) return 'no such folder';
  if (!isDir(dir)) return 'not a folder (a submission is a workspace or a repository folder)';
  if (existsSync(join(dir, entry)) || existsSync(join(dir, '.lab', 'state.json'))) return undefined;
  return `not a workspace: no ${entry} and no .lab/state.json`;
}

/** When the learner last changed the submission: the newest file time, outside the runner's folders. */
export function lastChanged(dir: string, limit = 5_000): Date | undefined {
  let newest = 0;
  let seen = 0;
  const walk = (d: string, depth: number) => {
    let entries;
    try {
      entries = readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      if (seen++ > limit || SKIPPED.has(e.name)) continue;
      const p = join(d, e.name);
      if (e.isDirectory()) {
        if (depth < 8) walk(p, depth + 1);
      } else if (e.isFile()) newest = Math.max(newest, statSync(p).mtimeMs);
    }
  };
  walk(dir, 0);
  return newest ? new Date(newest) : undefined;
}
