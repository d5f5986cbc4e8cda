// Watch mode's type check: one TypeScript 7 compiler process stays up for the session (through
// TypeScript's API, `typescript/unstable/async`, pinned with the package) and keeps the parsed
// declarations of aws-cdk-lib between saves. A save then re-checks in tens of milliseconds where
// a fresh compiler needs a second. A one-shot `lab check` uses the plain compiler (typecheck.ts).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { API, type Program, type Snapshot } from 'typescript/unstable/async';
import { withinLimit } from './typecheck-api';
import { workspaceTsFiles } from './typecheck-cache';
import { DEFAULT_TYPECHECK_LIMITS, isSyntaxCode, nativeCompiler, projectFile, type TypeCheckLimits, type TypeDiagnostic } from './typecheck';

/** TypeScript's DiagnosticCategory.Error. */
const ERROR_CATEGORY = 1;

interface Session {
  api: API;
  project: string;
  scratch: string;
  workspaceDir: string;
  entryFile: string;
  /** The workspace's TypeScript files at the last check, to tell the compiler what was created or deleted. */
  known: Set<string>;
  snapshot?: Snapshot;
}

export class TypeCheckSession {
  private session: Session | undefined;

  constructor(private readonly limits: TypeCheckLimits = DEFAULT_TYPECHECK_LIMITS) {}

  diagnostics(workspaceDir: string, entryFile: string): Promise<TypeDiagnostic[]> {
    return withinLimit(this.limits, () => this.check(workspaceDir, entryFile), () => this.close(), 'simplify the types in your stack and save again');
  }

  private async check(workspaceDir: string, entryFile: string): Promise<TypeDiagnostic[]> {
    const files = new Set(workspaceTsFiles(workspaceDir).map((f) => join(workspaceDir, f)));
    let s = this.session;
    if (s && (s.workspaceDir !== workspaceDir || s.entryFile !== entryFile)) {
      this.close();
      s = undefined;
    }
    let snapshot;
    if (!s) {
      const scratch = mkdtempSync(join(tmpdir(), 'ecs-lab-tsc-'));
      const project = join(scratch, 'tsconfig.json');
      writeFileSync(project, JSON.stringify(projectFile(entryFile)));
      const api = new API({ tsserverPath: nativeCompiler(), cwd: scratch });
      s = this.session = { api, project, scratch, workspaceDir, entryFile, known: files };
      snapshot = await api.updateSnapshot({ openProjects: [project] });
    } else {
      const known = s.known;
      snapshot = await s.api.updateSnapshot({
        fileChanges: {
          changed: [...files].filter((f) => known.has(f)),
          created: [...files].filter((f) => !known.has(f)),
          deleted: [...known].filter((f) => !files.has(f)),
        },
      });
      s.known = files;
    }
    const project = snapshot.getProject(s.project);
    if (!project) throw new Error('the TypeScript compiler lost the workspace project');
    // A snapshot holds the compiler's files until it is disposed: keep only the newest.
    const previous = s.snapshot;
    s.snapshot = snapshot;
    previous?.dispose().catch(() => undefined);
    return workspaceDiagnostics(project.program, workspaceDir);
  }

  /** Stops the compiler process and removes its project folder. */
  close(): void {
    const s = this.session;
    this.session = undefined;
    if (!s) return;
    s.api.close().catch(() => undefined);
    rmSync(s.scratch, { recursive: true, force: true });
  }
}

function readSource(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return ''; // deleted since the snapshot: the diagnostic keeps line 1
  }
}

/**
 * The errors in the workspace's own files, in order, as the one-shot compiler reports them: a file
 * with syntax errors reports only those; errors in the runner's packages are not the learner's.
 */
export async function workspaceDiagnostics(program: Program, workspaceDir: string): Promise<TypeDiagnostic[]> {
  const root = workspaceDir.endsWith(sep) ? workspaceDir : workspaceDir + sep;
  const own = (await program.getSourceFileNames()).filter((f) => f.startsWith(root) && !f.includes(`${sep}node_modules${sep}`));
  const out: TypeDiagnostic[] = [];
  for (const file of own) {
    const syntactic = (await program.getSyntacticDiagnostics(file)).filter((d) => d.category === ERROR_CATEGORY);
    const diags = syntactic.length ? syntactic : (await program.getSemanticDiagnostics(file)).filter((d) => d.category === ERROR_CATEGORY);
    if (diags.length === 0) continue;
    const text = readSource(file);
    for (const d of diags) {
      const { line, column } = lineAndColumn(text, d.pos);
      out.push({
        file: relative(workspaceDir, d.fileName ?? file),
        line,
        column,
        message: flatten(d),
        code: d.code,
        kind: isSyntaxCode(d.code) ? 'syntax' : 'type',
      });
    }
  }
  return out;
}

/** 1-based line and column of a character offset. */
export function lineAndColumn(text: string, pos: number): { line: number; column: number } {
  const before = text.slice(0, Math.max(0, pos));
  const line = before.split('\n').length;
  return { line, column: pos - (before.lastIndexOf('\n') + 1) + 1 };
}

/** A message with its chain, on one line (as the one-shot compiler's output is read). */
function flatten(d: { text: string; messageChain?: readonly { text: string; messageChain?: readonly unknown[] }[] }): string {
  const parts = [d.text];
  const walk = (chain: readonly { text: string; messageChain?: readonly unknown[] }[] | undefined) => {
    for (const c of chain ?? []) {
      parts.push(c.text);
      walk(c.messageChain as typeof chain);
    }
  };
  walk(d.messageChain);
  return parts.join(' ');
}
