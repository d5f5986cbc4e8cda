// `lab grade`'s type check: one TypeScript 7 compiler (through its API, as watch mode's session)
// checks every submission of a class, each as a project of its own. The projects share the
// compiler's parsed files, so aws-cdk-lib's declarations are read once for the class instead of
// once per learner (about 0.2 s a submission instead of 1.5 s), while every submission is still
// its own program: nothing one learner declares (a global, a module augmentation) can reach the
// type check of another.
//
// The compiler only reads the submissions; it never runs them. One check at a time: a check that
// exceeds its limit restarts the compiler and fails that submission alone.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { API, type Snapshot } from 'typescript/unstable/async';
import { DEFAULT_TYPECHECK_LIMITS, nativeCompiler, projectFile, type DiagnosticsSource, type TypeCheckLimits, type TypeDiagnostic } from './typecheck';
import { withinLimit } from './typecheck-api';
import { workspaceTsFiles } from './typecheck-cache';
import { workspaceDiagnostics } from './typecheck-session';

interface Compiler {
  api: API;
  scratch: string;
  /**
   * The first project's snapshot, never disposed: it keeps aws-cdk-lib's parsed declarations alive
   * for the projects that follow (each of those is disposed after its check).
   */
  anchor?: Snapshot;
  /** Files of submissions the compiler has read. */
  seen: Set<string>;
}

export class TypeCheckServer implements DiagnosticsSource {
  private compiler: Compiler | undefined;
  /** Checks run one after another (a snapshot at a time); this is the last one queued. */
  private queue: Promise<unknown> = Promise.resolve();
  private projects = 0;

  constructor(private readonly limits: TypeCheckLimits = DEFAULT_TYPECHECK_LIMITS) {}

  diagnostics(workspaceDir: string, entryFile: string): Promise<TypeDiagnostic[]> {
    const run = this.queue.then(() =>
      withinLimit(this.limits, () => this.check(workspaceDir, entryFile), () => this.close(), 'simplify the types in the stack (deeply recursive generics?)'),
    );
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async check(workspaceDir: string, entryFile: string): Promise<TypeDiagnostic[]> {
    const c = (this.compiler ??= this.start());
    const project = join(c.scratch, `submission-${++this.projects}.json`);
    writeFileSync(project, JSON.stringify(projectFile(entryFile)));
    // The compiler keeps every file it read: a folder checked before (its files may have changed
    // since) is re-read. Every workspace's TypeScript files are named, those seen before as changed.
    const files = workspaceTsFiles(workspaceDir).map((f) => join(workspaceDir, f));
    const changed = files.filter((f) => c.seen.has(f));
    const created = files.filter((f) => !c.seen.has(f));
    for (const f of created) c.seen.add(f);
    const snapshot = await c.api.updateSnapshot({ openProjects: [project], fileChanges: { changed, created } });
    try {
      const opened = snapshot.getProject(project);
      if (!opened) throw new Error('the TypeScript compiler did not open the submission');
      return await workspaceDiagnostics(opened.program, workspaceDir);
    } finally {
      if (!c.anchor) {
        c.anchor = snapshot;
      } else {
        const closed = await c.api.updateSnapshot({ closeProjects: [project] });
        await snapshot.dispose();
        await closed.dispose();
      }
      rmSync(project, { force: true });
    }
  }

  private start(): Compiler {
    const scratch = mkdtempSync(join(tmpdir(), 'ecs-lab-tsc-'));
    return { api: new API({ tsserverPath: nativeCompiler(), cwd: scratch }), scratch, seen: new Set() };
  }

  /** Stops the compiler and removes its project folder. */
  close(): void {
    const c = this.compiler;
    this.compiler = undefined;
    if (!c) return;
    c.api.close().catch(() => undefined);
    rmSync(c.scratch, { recursive: true, force: true });
  }
}
