// Remembers the type check of a workspace, keyed by everything its result depends on: the
// TypeScript files of the workspace, the compiler options and the versions of TypeScript,
// aws-cdk-lib and the runner. A `lab check` with no TypeScript change (CI re-runs, `lab check`
// right after `lab start`, a Dockerfile edit in watch mode) then skips the slowest step; any
// change to a .ts file checks again. The cache lives in the runner's own cache folder, never in
// the workspace: a workspace (or the learner's app) cannot forge a clean type check.
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, relative } from 'node:path';
import { LabError } from '../errors';
import { formatBytes, LIMITS } from '../limits';
import { RUNNER_VERSION } from '../paths';
import { NON_SOURCE_DIRS } from '../workspace/names';
import { WORKSPACE_COMPILER_OPTIONS } from './compiler-options';
import { runnerRequire } from './runner-modules';
import type { TypeDiagnostic } from './typecheck';

/** The workspace's TypeScript files, relative to it, sorted (outside node_modules, .lab and the like). */
export function workspaceTsFiles(workspaceDir: string): string[] {
  return tsFiles(workspaceDir, workspaceDir);
}

function tsFiles(dir: string, root: string, out: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (NON_SOURCE_DIRS.has(entry.name)) continue;
    const p = join(dir, entry.name);
    if (entry.isDirectory()) tsFiles(p, root, out);
    else if (/\.(ts|tsx|mts|cts)$/.test(entry.name)) out.push(relative(root, p));
  }
  return out.sort();
}

const versions = () =>
  ['typescript', 'aws-cdk-lib', 'constructs', '@types/node'].map((p) => `${p}@${(runnerRequire(`${p}/package.json`) as { version: string }).version}`);

export function typecheckKey(workspaceDir: string, entryFile: string): string {
  const hash = createHash('sha256');
  const entry = relative(workspaceDir, entryFile);
  hash.update(JSON.stringify({ runner: RUNNER_VERSION, versions: versions(), options: WORKSPACE_COMPILER_OPTIONS, entry }));
  let total = 0;
  for (const file of tsFiles(workspaceDir, workspaceDir)) {
    const text = readFileSync(join(workspaceDir, file));
    total += text.length;
    if (text.length > LIMITS.sourceFileBytes || total > LIMITS.sourceTotalBytes) {
      const what = text.length > LIMITS.sourceFileBytes ? `${file} is ${formatBytes(text.length)}` : `the workspace's TypeScript files add up to more than ${formatBytes(LIMITS.sourceTotalBytes)}`;
      throw new LabError('E_TOO_LARGE', `${what}, more than ecs-lab reads — a stack's code fits in far less; remove generated or copied files`);
    }
    hash.update(`\0${file}\0`).update(text);
  }
  return hash.digest('hex');
}

/** `$ECS_LAB_CACHE_DIR`, else `$XDG_CACHE_HOME/ecs-lab`, else `~/.cache/ecs-lab`. */
export function cacheRoot(): string {
  if (process.env.ECS_LAB_CACHE_DIR) return process.env.ECS_LAB_CACHE_DIR;
  return join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'ecs-lab');
}

function cacheFile(workspaceDir: string): string {
  let real = workspaceDir;
  try {
    real = realpathSync(workspaceDir);
  } catch {
    // a workspace that vanished: the key below still differs from any other
  }
  return join(cacheRoot(), 'typecheck', `${createHash('sha256').update(real).digest('hex').slice(0, 32)}.json`);
}

export function readCachedDiagnostics(workspaceDir: string, key: string): TypeDiagnostic[] | undefined {
  try {
    const cached = JSON.parse(readFileSync(cacheFile(workspaceDir), 'utf8')) as { key?: string; diagnostics?: TypeDiagnostic[] };
    return cached.key === key && Array.isArray(cached.diagnostics) ? cached.diagnostics : undefined;
  } catch {
    return undefined; // no cache, or an unreadable one: check again
  }
}

export function writeCachedDiagnostics(workspaceDir: string, key: string, diagnostics: TypeDiagnostic[]): void {
  try {
    const file = cacheFile(workspaceDir);
    mkdirSync(join(file, '..'), { recursive: true });
    writeFileSync(file, JSON.stringify({ key, diagnostics }));
  } catch {
    // A cache that cannot be written only costs speed.
  }
}
