// Type-checks the learner's workspace with the TypeScript compiler API, the way their editor
// does, and reports errors at file:line:col. One TypeChecker lives as long as the process: in
// watch mode it keeps parsed library declarations (aws-cdk-lib's are large) between runs.
import ts from 'typescript';
import { join, relative } from 'node:path';
import { LabError } from '../errors';
import { WORKSPACE_COMPILER_OPTIONS } from './compiler-options';
import { runnerNodeModules } from './runner-modules';
import { readCachedDiagnostics, typecheckKey, writeCachedDiagnostics } from './typecheck-cache';

function compilerOptions(): ts.CompilerOptions {
  const nm = runnerNodeModules();
  const { options, errors } = ts.convertCompilerOptionsFromJson(WORKSPACE_COMPILER_OPTIONS, '/');
  if (errors.length) throw new Error(ts.flattenDiagnosticMessageText(errors[0].messageText, '\n'));
  return {
    ...options,
    // Resolve the shared packages and Node's types from the runner, wherever the workspace is.
    paths: {
      'aws-cdk-lib': [join(nm, 'aws-cdk-lib')],
      'aws-cdk-lib/*': [join(nm, 'aws-cdk-lib', '*')],
      constructs: [join(nm, 'constructs')],
    },
    typeRoots: [join(nm, '@types')],
  };
}

export interface TypeDiagnostic {
  file: string;
  line: number;
  column: number;
  message: string;
  code: number;
  kind: 'syntax' | 'type';
}

export class TypeChecker {
  private readonly options = compilerOptions();
  private readonly host: ts.CompilerHost;
  private readonly libCache = new Map<string, ts.SourceFile>();
  private program: ts.Program | undefined;

  constructor() {
    const host = ts.createCompilerHost(this.options);
    const getSourceFile = host.getSourceFile.bind(host);
    // Declarations outside the workspace never change during a session: parse them once.
    host.getSourceFile = (fileName, languageVersion, onError, shouldCreate) => {
      const cacheable = fileName.includes('/node_modules/') || /\/lib\.[^/]*\.d\.ts$/.test(fileName);
      if (!cacheable) return getSourceFile(fileName, languageVersion, onError, shouldCreate);
      let sf = this.libCache.get(fileName);
      if (!sf) {
        sf = getSourceFile(fileName, languageVersion, onError, shouldCreate);
        if (sf) this.libCache.set(fileName, sf);
      }
      return sf;
    };
    this.host = host;
  }

  /** All errors in the workspace's own files, in order. */
  diagnostics(workspaceDir: string, entryFile: string): TypeDiagnostic[] {
    this.program = ts.createProgram([entryFile], this.options, this.host, this.program);
    const own = this.program
      .getSourceFiles()
      .filter((sf) => !sf.fileName.includes('/node_modules/') && sf.fileName.startsWith(workspaceDir));
    const out: TypeDiagnostic[] = [];
    for (const sf of own) {
      const syntactic = this.program.getSyntacticDiagnostics(sf);
      const diags = syntactic.length ? syntactic : this.program.getSemanticDiagnostics(sf);
      for (const d of diags) {
        if (d.category !== ts.DiagnosticCategory.Error) continue;
        const pos = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start) : undefined;
        out.push({
          file: relative(workspaceDir, d.file?.fileName ?? sf.fileName),
          line: (pos?.line ?? 0) + 1,
          column: (pos?.character ?? 0) + 1,
          message: ts.flattenDiagnosticMessageText(d.messageText, ' '),
          code: d.code,
          kind: syntactic.length ? 'syntax' : 'type',
        });
      }
    }
    return out;
  }

  /**
   * Throws a LabError naming the first error (the others as details) when there is any. A result
   * cached for exactly these files is reused (see typecheck-cache.ts).
   */
  assertClean(workspaceDir: string, entryFile: string): void {
    const key = typecheckKey(workspaceDir, entryFile);
    let diags = readCachedDiagnostics(workspaceDir, key);
    if (!diags) {
      diags = this.diagnostics(workspaceDir, entryFile);
      writeCachedDiagnostics(workspaceDir, key, diags);
    }
    if (diags.length === 0) return;
    const fmt = (d: TypeDiagnostic) => `${d.file}:${d.line}:${d.column}: TS${d.code}: ${d.message}`;
    const more = diags.length > 1 ? ` (and ${diags.length - 1} more)` : '';
    throw new LabError(diags[0].kind === 'syntax' ? 'E_SYNTAX' : 'E_TYPE', `${fmt(diags[0])}${more} — fix it and run \`lab check\` again`, diags.slice(1).map(fmt));
  }
}
