// The offline "deploy": type-check and bundle the learner's workspace here, synthesize it in an
// isolated child process (isolated.ts), then read every stack of the assembly it left and derive
// the model checks read. One WorkspaceSynthesizer per workspace keeps the TypeScript program warm
// and, in watch mode, a child already loading aws-cdk-lib for the next save.
import { existsSync, lstatSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { LabError } from '../errors';
import { mergeStacks, type StackInfo } from '../model/app-template';
import { conditionScenarios, type ConditionScenario } from '../model/conditions';
import { StackModel, type ResourceOrigin } from '../model/model';
import type { CfnTemplate } from '../types';
import { readAssembly, readUntrustedJson, type AppAssembly } from './assembly';
import { bundleEntry } from './bundle';
import { ChildThrew, DEFAULT_LIMITS, SynthChild, type ChildResult, type IsolationLimits } from './isolated';
import { BundleSourceMap } from './source-map';
import { firstWorkspaceFrame, userCodeError } from './synthesize';
import { TypeChecker, typeErrorOf } from './typecheck';
import { TypeCheckSession } from './typecheck-session';

export interface SynthResult {
  /** Every stack of the app folded into one template (the lab's stack keeps its ids), as deployed. */
  template: CfnTemplate;
  /** The model of the first (usually only) deployed scenario. */
  model: StackModel;
  /** One deployed template and model per combination of Conditions that cannot be decided offline. */
  scenarios: { scenario: ConditionScenario; model: StackModel }[];
  /** The cloud assembly; valid until `dispose()`. */
  assemblyDir: string;
  stacks: StackInfo[];
  /** Workspace files the stack was built from. */
  inputs: string[];
  warnings: string[];
  /** What the app printed while it was synthesized (shown to the learner, never judged). */
  appOutput: string;
  timings: { typecheckMs: number; bundleMs: number; synthMs: number; modelMs: number };
  /** Removes the assembly's scratch folder. */
  dispose(): void;
}

export interface SynthesizerOptions {
  limits?: Partial<IsolationLimits>;
  /** Start the next child as soon as one finishes (watch mode): a save then skips loading aws-cdk-lib. */
  keepWarm?: boolean;
  /**
   * `lab audit`: the entry is a CDK app as it is, building its own App; `context` is what the CDK
   * CLI would hand it (cdk.json's and cdk.context.json's). Not type-checked: the app was written
   * against its own compiler settings and packages, and only what it synthesizes is judged.
   */
  ownApp?: { context: Record<string, unknown> };
}

/**
 * Imports an app may make for their side effects alone, which change nothing it synthesizes: they
 * bundle as empty modules instead of being refused (`cdk init` puts the first in every app).
 */
const SIDE_EFFECT_ONLY_IMPORTS = ['source-map-support/register'];

let processChecker: TypeChecker | undefined;
/** One checker per process (it holds only its limits). */
function sharedTypeChecker(): TypeChecker {
  return (processChecker ??= new TypeChecker());
}

export class WorkspaceSynthesizer {
  private readonly limits: IsolationLimits;
  private warm: SynthChild | undefined;
  private closed = false;

  constructor(
    private readonly workspaceDir: string,
    private readonly entry: string,
    private readonly stackName: string,
    private readonly options: SynthesizerOptions = {},
    // Watch mode keeps one compiler up for the session; a one-shot check runs it once.
    private readonly checker: TypeChecker = options.keepWarm ? new TypeChecker(undefined, new TypeCheckSession()) : sharedTypeChecker(),
  ) {
    this.limits = { ...DEFAULT_LIMITS, ...options.limits };
  }

  /** Synthesizes the app; resolves once the type check has passed too (a type error is thrown). */
  async run(): Promise<SynthResult> {
    const result = await this.runEarly();
    try {
      await result.typeChecked;
    } catch (e) {
      result.dispose();
      throw e;
    }
    return result;
  }

  /**
   * The same, resolving as soon as the app is synthesized, which is usually before the compiler
   * is done: the checks can run meanwhile. `typeChecked` rejects with the type error, which must
   * still win over whatever was made of the app, so the caller awaits it before any verdict.
   */
  async runEarly(): Promise<SynthResult & { typeChecked: Promise<void> }> {
    const entryFile = join(this.workspaceDir, this.entry);
    if (!existsSync(entryFile) || !lstatSync(entryFile).isFile()) {
      throw new LabError('E_ENTRY_MISSING', `${this.entry} is missing from the workspace — restore it with \`lab reset\` (your answers.md is kept)`);
    }
    // The child loads aws-cdk-lib while this process type-checks and bundles.
    const child = this.warm ?? new SynthChild(this.workspaceDir, this.limits);
    this.warm = undefined;
    let result: ChildResult | undefined;
    // The compiler (a native child process) type-checks while this process bundles and the
    // child synthesizes; a type error still wins over whatever the synthesis made of the code.
    const ownApp = this.options.ownApp;
    const typeErrors = ownApp ? Promise.resolve([]) : this.checker.check(this.workspaceDir, entryFile);
    typeErrors.catch(() => undefined); // observed below
    try {
      const t0 = performance.now();
      let bundle;
      try {
        bundle = await bundleEntry(this.workspaceDir, entryFile, ownApp ? { emptyModules: SIDE_EFFECT_ONLY_IMPORTS } : {});
      } catch (e) {
        // TypeScript names a syntax error better than the bundler: its diagnostics come first.
        typeErrorOf(this.workspaceDir, await typeErrors);
        throw e;
      }
      const t1 = performance.now();
      const sourceMap = new BundleSourceMap(entryFile, bundle.code, this.workspaceDir);
      // The app synthesizes in the child while this process type-checks: a type error still
      // wins (the child's work is thrown away), but a clean app is not kept waiting for it.
      const running = child.run({
        workspaceDir: this.workspaceDir,
        entry: this.entry,
        entryFile,
        stackName: this.stackName,
        bundleCode: bundle.code,
        ...(ownApp ? { mode: 'app' as const, context: ownApp.context } : {}),
      });
      running.catch(() => undefined); // observed below
      const typeChecked = typeErrors.then((diags) => typeErrorOf(this.workspaceDir, diags));
      typeChecked.catch(() => undefined); // observed by the caller, or below when the app failed
      try {
        result = await running;
      } catch (e) {
        // The app failed, but a type error, when there is one, is what the learner should see.
        await typeChecked;
        if (e instanceof ChildThrew) throw thrownError(this.workspaceDir, e, sourceMap);
        throw e;
      }
      const t2 = performance.now();
      const assembly = readAssembly(result.assemblyDir);
      const errors = assembly.annotations.filter((a) => a.level === 'error');
      if (errors.length) {
        await typeChecked;
        throw new LabError('E_SYNTH', `synthesis failed: ${errors[0].constructPath}: ${errors[0].message} — fix it and run \`lab check\` again`);
      }
      let out;
      try {
        out = buildModel(assembly, readChildNotes(result), this.stackName, this.workspaceDir, sourceMap);
      } catch (e) {
        await typeChecked;
        throw e;
      }
      const t3 = performance.now();
      const done = result;
      const checkedAt = typeChecked.then(() => {
        timings.typecheckMs = performance.now() - t1;
      });
      const timings = { typecheckMs: 0, bundleMs: t1 - t0, synthMs: t2 - t1, modelMs: t3 - t2 };
      checkedAt.catch(() => undefined);
      return {
        ...out,
        typeChecked: checkedAt,
        assemblyDir: result.assemblyDir,
        inputs: bundle.inputs,
        warnings: assembly.annotations.filter((a) => a.level === 'warning').map((a) => `${a.constructPath}: ${a.message}`),
        appOutput: result.output,
        // The type check overlaps bundling, synthesis and (with runEarly) the checks: typecheckMs
        // is how long after the bundle it was done, synthMs how long the app took after the bundle.
        timings,
        dispose: () => done.dispose(),
      };
    } catch (e) {
      child.dispose();
      result?.dispose();
      throw e;
    } finally {
      if (this.options.keepWarm && !this.closed) this.warm = new SynthChild(this.workspaceDir, this.limits);
    }
  }

  /** Stops a child kept warm for the next run. */
  close(): void {
    this.closed = true;
    if (this.checker !== processChecker) this.checker.close();
    this.warm?.dispose();
    this.warm = undefined;
  }
}

/** The app's own error, at the learner's file:line. */
function thrownError(workspaceDir: string, e: ChildThrew, sourceMap: BundleSourceMap): LabError {
  if (e.thrown.code === 'E_NO_EXPORT') return new LabError('E_NO_EXPORT', e.thrown.message);
  const denied = e.thrown.errno === 'ERR_ACCESS_DENIED';
  const message = denied
    ? `tried to reach ${e.thrown.resource ? String(e.thrown.resource).slice(0, 200) : 'something'} outside what a stack may touch (it may read the workspace and write nothing)`
    : e.thrown.message;
  const err = new Error(message);
  err.stack = e.thrown.stack || `Error: ${e.thrown.message}`;
  return userCodeError(workspaceDir, err, e.thrown.code === 'E_SYNTH' ? 'E_SYNTH' : 'E_STACK_THREW', sourceMap);
}

// The child's notes: which stack the entry made, and where each resource was created. Written by
// the app's process, so they only ever decorate (file:line); they decide nothing.
const ChildNotes = z.object({
  primary: z.string().max(1000).optional(),
  origins: z
    .array(z.object({ template: z.string().max(1000), logicalId: z.string().max(1000), path: z.string().max(4000), trace: z.array(z.string().max(2000)).max(100) }))
    .max(100_000),
});
type ChildNotes = z.infer<typeof ChildNotes>;

function readChildNotes(result: ChildResult): ChildNotes {
  try {
    const parsed = ChildNotes.safeParse(readUntrustedJson(join(result.resultFile, '..'), result.resultFile));
    return parsed.success ? parsed.data : { origins: [] };
  } catch {
    return { origins: [] };
  }
}

/** Every stack folded into one model, each resource marked with its stack and, when known, its source line. */
export function buildModel(
  assembly: AppAssembly,
  notes: ChildNotes,
  stackName: string,
  workspaceDir: string,
  sourceMap?: BundleSourceMap,
): { template: CfnTemplate; model: StackModel; scenarios: { scenario: ConditionScenario; model: StackModel }[]; stacks: StackInfo[] } {
  if (assembly.stacks.length === 0) {
    throw new LabError('E_NO_EXPORT', 'your app made no stack — export your stack class (`export class MyStack extends Stack`) or create one in your default function');
  }
  const top = assembly.stacks.filter((s) => !s.parent);
  const primary = top.find((s) => s.artifactId === notes.primary) ?? top.find((s) => s.artifactId === stackName) ?? top[0] ?? assembly.stacks[0];
  const merged = mergeStacks(assembly.stacks, primary.name);
  const stackByTemplate = new Map(assembly.stacks.map((s) => [s.templatePath, s.name]));
  const origins = new Map<string, ResourceOrigin>();
  for (const o of notes.origins) {
    const stack = stackByTemplate.get(o.template);
    if (!stack) continue;
    const id = merged.mergedId(stack, o.logicalId);
    if (!merged.template.Resources?.[id]) continue;
    origins.set(id, { constructPath: o.path, location: firstWorkspaceFrame(o.trace, workspaceDir, sourceMap) });
  }
  const shape = { stackOf: merged.stackOf, stacks: merged.stacks };
  const scenarios = conditionScenarios(merged.template).map((scenario) => ({ scenario, model: new StackModel(scenario.template, origins, undefined, shape) }));
  return { template: scenarios[0].scenario.template, model: scenarios[0].model, scenarios, stacks: merged.stacks };
}
