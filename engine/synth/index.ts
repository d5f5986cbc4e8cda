// The offline "deploy": type-check, bundle, run and synthesize the learner's workspace, then
// derive the model checks read. One WorkspaceSynthesizer per process keeps the TypeScript
// program and aws-cdk-lib warm, which is what makes `lab check --watch` fast.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { LabError } from '../errors';
import { StackModel } from '../model/model';
import type { CfnTemplate } from '../types';
import { bundleEntry } from './bundle';
import { defaultOutdir, loadBundle, synthesize, userCodeError } from './synthesize';
import { BundleSourceMap } from './source-map';
import { TypeChecker } from './typecheck';

export interface SynthResult {
  template: CfnTemplate;
  model: StackModel;
  assemblyDir: string;
  /** Workspace files the stack was built from. */
  inputs: string[];
  warnings: string[];
  timings: { typecheckMs: number; bundleMs: number; synthMs: number };
}

let processChecker: TypeChecker | undefined;
/** One checker per process: parsed declarations of aws-cdk-lib are shared by every workspace. */
function sharedTypeChecker(): TypeChecker {
  return (processChecker ??= new TypeChecker());
}

export class WorkspaceSynthesizer {
  constructor(
    private readonly workspaceDir: string,
    private readonly entry: string,
    private readonly stackName: string,
    private readonly checker: TypeChecker = sharedTypeChecker(),
  ) {}

  async run(): Promise<SynthResult> {
    const entryFile = join(this.workspaceDir, this.entry);
    if (!existsSync(entryFile)) {
      throw new LabError('E_ENTRY_MISSING', `${this.entry} is missing from the workspace — restore it with \`lab reset\` (your answers.md is kept)`);
    }
    const t0 = performance.now();
    this.checker.assertClean(this.workspaceDir, entryFile);
    const t1 = performance.now();
    const bundle = await bundleEntry(this.workspaceDir, entryFile);
    const t2 = performance.now();
    // The bundle is evaluated (never written) under a name beside the entry, so `__dirname` means
    // what the learner expects; its source map leads frames back to the .ts files.
    const bundleFile = join(dirname(entryFile), '.lab-stack.bundle.cjs');
    const sourceMap = new BundleSourceMap(bundleFile, bundle.code, this.workspaceDir);
    // Relative paths in the learner's code (assets) resolve against the workspace, as with `cdk synth`.
    const cwd = process.cwd();
    process.chdir(this.workspaceDir);
    let out: ReturnType<typeof synthesize>;
    try {
      let exports: Record<string, unknown>;
      try {
        exports = loadBundle(bundle.code, bundleFile);
      } catch (e) {
        throw userCodeError(this.workspaceDir, e, 'E_STACK_THREW', sourceMap);
      }
      out = synthesize({
        exports,
        workspaceDir: this.workspaceDir,
        entry: this.entry,
        stackName: this.stackName,
        outdir: defaultOutdir(this.workspaceDir),
        sourceMap,
      });
    } finally {
      process.chdir(cwd);
    }
    const errors = out.annotations.filter((a) => a.level === 'error');
    if (errors.length) {
      throw new LabError('E_SYNTH', `synthesis failed: ${errors[0].constructPath}: ${errors[0].message} — fix it and run \`lab check\` again`);
    }
    const t3 = performance.now();
    return {
      template: out.template,
      model: new StackModel(out.template, out.origins),
      assemblyDir: out.assemblyDir,
      inputs: bundle.inputs,
      warnings: out.annotations.filter((a) => a.level === 'warning').map((a) => `${a.constructPath}: ${a.message}`),
      timings: { typecheckMs: t1 - t0, bundleMs: t2 - t1, synthMs: t3 - t2 },
    };
  }
}
