// Type-checks the learner's workspace the way their editor does and reports errors at
// file:line:col. The check runs TypeScript 7's native compiler (`tsc` of typescript@7, a Go
// binary) as a child process: it needs about a second where the JavaScript compiler needed five,
// and it runs beside the bundler and the synthesis instead of holding up this process.
//
// The compiler reads the workspace (it never runs it): the project file is the runner's own,
// written to a scratch folder, so a tsconfig.json in the workspace decides nothing.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join, relative, resolve, sep } from 'node:path';
import { LabError } from '../errors';
import { WORKSPACE_COMPILER_OPTIONS } from './compiler-options';
import { runnerNodeModules, runnerRequire } from './runner-modules';
import { readCachedDiagnostics, typecheckKey, writeCachedDiagnostics } from './typecheck-cache';

export interface TypeDiagnostic {
  file: string;
  line: number;
  column: number;
  message: string;
  code: number;
  kind: 'syntax' | 'type';
}

export interface TypeCheckLimits {
  /** Wall-clock limit for one type check. */
  timeoutMs: number;
  /** A soft heap limit for the compiler (Go's GOMEMLIMIT), in MiB. */
  memoryMb: number;
}

export const DEFAULT_TYPECHECK_LIMITS: TypeCheckLimits = { timeoutMs: 60_000, memoryMb: 1024 };

/** What the compiler may print before it is cut off: far more than any workspace's errors. */
const MAX_OUTPUT_BYTES = 4 * 1024 * 1024;

/**
 * The compiler checks files on several threads. With two cores or fewer, the synthesis child and
 * the checks need the other core: one thread costs less CPU in all (measured on 2 cores: about
 * 0.4 s of CPU less per check, and a shorter check).
 */
function threading(): string[] {
  return availableParallelism() <= 2 ? ['--singleThreaded'] : [];
}

/** The native compiler of the installed typescript package (`@typescript/typescript-<platform>-<arch>`). */
export function nativeCompiler(): string {
  const platformPackage = `@typescript/typescript-${process.platform}-${process.arch}`;
  try {
    const pkg = runnerRequire.resolve(`${platformPackage}/package.json`);
    return join(pkg, '..', 'lib', process.platform === 'win32' ? 'tsc.exe' : 'tsc');
  } catch {
    throw new LabError('E_INSTALL', `TypeScript's compiler for ${process.platform}-${process.arch} (${platformPackage}) is not installed — reinstall ecs-lab (npm ci) on a supported platform`);
  }
}

/** The runner's project file for one entry: the workspace's compiler options, the runner's packages. */
export function projectFile(entryFile: string): object {
  const nm = runnerNodeModules();
  return {
    compilerOptions: {
      ...WORKSPACE_COMPILER_OPTIONS,
      // Resolve the shared packages and Node's types from the runner, wherever the workspace is.
      paths: {
        'aws-cdk-lib': [join(nm, 'aws-cdk-lib')],
        'aws-cdk-lib/*': [join(nm, 'aws-cdk-lib', '*')],
        constructs: [join(nm, 'constructs')],
      },
      typeRoots: [join(nm, '@types')],
    },
    files: [entryFile],
  };
}

// `file(line,col): error TS1234: message`, the compiler's plain (--pretty false) form; a message
// chain continues on indented lines.
const DIAGNOSTIC_LINE = /^(.+)\((\d+),(\d+)\): error TS(\d+): (.*)$/;

/**
 * The errors in the workspace's own files, in order. A file with syntax errors reports only those
 * (what follows a syntax error is noise). Errors outside the workspace (the runner's packages)
 * are not the learner's to fix and are left out.
 */
export function parseCompilerOutput(output: string, cwd: string, workspaceDir: string): TypeDiagnostic[] {
  const all: TypeDiagnostic[] = [];
  for (const line of output.split(/\r?\n/)) {
    const m = DIAGNOSTIC_LINE.exec(line);
    if (m) {
      const code = Number(m[4]);
      all.push({ file: resolve(cwd, m[1]), line: Number(m[2]), column: Number(m[3]), message: m[5].trim(), code, kind: isSyntaxCode(code) ? 'syntax' : 'type' });
    } else if (/^\s+\S/.test(line) && all.length) {
      all[all.length - 1].message += ` ${line.trim()}`;
    }
  }
  const root = workspaceDir.endsWith(sep) ? workspaceDir : workspaceDir + sep;
  const own = all.filter((d) => d.file.startsWith(root) && !d.file.includes(`${sep}node_modules${sep}`));
  const syntaxFiles = new Set(own.filter((d) => d.kind === 'syntax').map((d) => d.file));
  return own.filter((d) => !syntaxFiles.has(d.file) || d.kind === 'syntax').map((d) => ({ ...d, file: relative(workspaceDir, d.file) }));
}

/** TypeScript numbers its scanner and parser messages 1000–1999. */
export function isSyntaxCode(code: number): boolean {
  return code >= 1000 && code < 2000;
}

/** The offending line with a caret under the column, as `tsc --pretty` shows it. */
export function codeFrame(source: string, line: number, column: number): string[] {
  const text = source.split(/\r?\n/)[line - 1];
  if (text === undefined) return [];
  const shown = text.replace(/\t/g, '  ').slice(0, 200);
  const caretAt = text.slice(0, Math.max(0, column - 1)).replace(/\t/g, '  ').length;
  const gutter = String(line);
  return [`${gutter} | ${shown}`, `${' '.repeat(gutter.length)} | ${' '.repeat(Math.min(caretAt, 200))}^`];
}

/** Where the diagnostics come from: a fresh compiler per check, or watch mode's long-lived one. */
export interface DiagnosticsSource {
  diagnostics(workspaceDir: string, entryFile: string): Promise<TypeDiagnostic[]>;
  close(): void;
}

export class TypeChecker {
  constructor(
    private readonly limits: TypeCheckLimits = DEFAULT_TYPECHECK_LIMITS,
    /** Watch mode's session (typecheck-session.ts); without one, each check runs the compiler once. */
    private readonly session?: DiagnosticsSource,
  ) {}

  /** All errors in the workspace's own files, in order. */
  diagnostics(workspaceDir: string, entryFile: string): Promise<TypeDiagnostic[]> {
    return this.session ? this.session.diagnostics(workspaceDir, entryFile) : this.compileOnce(workspaceDir, entryFile);
  }

  /** Stops watch mode's compiler. */
  close(): void {
    this.session?.close();
  }

  private async compileOnce(workspaceDir: string, entryFile: string): Promise<TypeDiagnostic[]> {
    const scratch = mkdtempSync(join(tmpdir(), 'ecs-lab-tsc-'));
    try {
      writeFileSync(join(scratch, 'tsconfig.json'), JSON.stringify(projectFile(entryFile)));
      const output = await this.compileProject(scratch);
      return parseCompilerOutput(output, scratch, workspaceDir);
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  }

  /**
   * The errors of the workspace, from the cache when exactly these files were checked before
   * (see typecheck-cache.ts).
   */
  async check(workspaceDir: string, entryFile: string): Promise<TypeDiagnostic[]> {
    const key = typecheckKey(workspaceDir, entryFile);
    const cached = readCachedDiagnostics(workspaceDir, key);
    if (cached) return cached;
    const diags = await this.diagnostics(workspaceDir, entryFile);
    writeCachedDiagnostics(workspaceDir, key, diags);
    return diags;
  }

  /** Throws a LabError naming the first error (with its code frame; the others as details) when there is any. */
  async assertClean(workspaceDir: string, entryFile: string): Promise<void> {
    typeErrorOf(workspaceDir, await this.check(workspaceDir, entryFile));
  }

  /** Runs the compiler on the project file in `projectDir`; resolves to its plain output. */
  compileProject(projectDir: string): Promise<string> {
    return new Promise((resolveOutput, reject) => {
      const child = spawn(nativeCompiler(), ['-p', join(projectDir, 'tsconfig.json'), '--pretty', 'false', '--noEmit', ...threading()], {
        cwd: projectDir,
        // The compiler needs nothing of the grader's environment (CI tokens included).
        env: { GOMEMLIMIT: `${this.limits.memoryMb}MiB`, PATH: process.env.PATH ?? '' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      const take = (chunk: Buffer) => {
        if (output.length < MAX_OUTPUT_BYTES) output += chunk.toString('utf8');
      };
      child.stdout.on('data', take);
      child.stderr.on('data', take);
      const timer = setTimeout(() => child.kill('SIGKILL'), this.limits.timeoutMs);
      child.on('error', (e) => {
        clearTimeout(timer);
        reject(e);
      });
      child.on('close', (code, signal) => {
        clearTimeout(timer);
        if (signal) {
          reject(new LabError('E_TIMEOUT', `the type check did not finish within ${Math.round(this.limits.timeoutMs / 1000)} s — simplify the types in your stack (deeply recursive generics?) and run \`lab check\` again`));
        } else if (code === 0 || output.split(/\r?\n/).some((l) => DIAGNOSTIC_LINE.test(l))) {
          resolveOutput(output);
        } else {
          // No diagnostic and a failed exit: the compiler itself could not run (a runner bug).
          reject(new Error(`the TypeScript compiler failed (exit ${code}): ${output.slice(0, 2000)}`));
        }
      });
    });
  }
}

/** Throws the type or syntax error the learner sees, when there is one. */
export function typeErrorOf(workspaceDir: string, diags: TypeDiagnostic[]): void {
  if (diags.length === 0) return;
  const fmt = (d: TypeDiagnostic) => `${d.file}:${d.line}:${d.column}: TS${d.code}: ${d.message}`;
  const first = diags[0];
  let frame: string[] = [];
  try {
    frame = codeFrame(readFileSync(join(workspaceDir, first.file), 'utf8'), first.line, first.column);
  } catch {
    // a file that vanished since: the location alone still says where
  }
  const more = diags.length > 1 ? ` (and ${diags.length - 1} more)` : '';
  throw new LabError(first.kind === 'syntax' ? 'E_SYNTAX' : 'E_TYPE', `${fmt(first)}${more} — fix it and run \`lab check\` again`, [...frame, ...diags.slice(1).map(fmt)]);
}
