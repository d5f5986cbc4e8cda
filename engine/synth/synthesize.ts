// Runs the learner's bundled stack code inside this process with the runner's aws-cdk-lib, and
// synthesizes it. The engine owns the App; the workspace entry exports either a Stack subclass
// or a function that receives the App (and returns or creates the stack).
import Module, { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import type { CfnTemplate, SourceLocation } from '../types';
import { LabError } from '../errors';
import type { ResourceOrigin } from '../model/model';
import { runnerRequire } from './runner-modules';
import type { BundleSourceMap } from './source-map';

type Cdk = typeof import('aws-cdk-lib');
let cdkModule: Cdk | undefined;
/** aws-cdk-lib, loaded on first use (it takes most of a second, so never at start-up). */
export function cdk(): Cdk {
  return (cdkModule ??= runnerRequire('aws-cdk-lib') as Cdk);
}

export interface SynthOutput {
  template: CfnTemplate;
  origins: Map<string, ResourceOrigin>;
  assemblyDir: string;
  /** Warnings and errors CDK attached to constructs (`Annotations`). */
  annotations: { level: 'error' | 'warning'; message: string; constructPath: string }[];
}

/** Evaluates a CommonJS bundle as a module whose file name is `filename`. */
export function loadBundle(code: string, filename: string): Record<string, unknown> {
  const mod = new Module(filename) as Module & { _compile(code: string, filename: string): void };
  mod.filename = filename;
  mod.paths = [];
  (mod as unknown as { require: NodeRequire }).require = createRequire(filename);
  mod._compile(code, filename);
  return mod.exports as Record<string, unknown>;
}

export function synthesize(opts: {
  exports: Record<string, unknown>;
  workspaceDir: string;
  entry: string;
  stackName: string;
  outdir: string;
  sourceMap?: BundleSourceMap;
}): SynthOutput {
  const { App, Stack, AssetStaging } = cdk();
  // CDK caches staged assets by source path for the life of the process; in watch mode an
  // edited Dockerfile must be staged again, so start every synthesis with an empty cache.
  AssetStaging.clearAssetHashCache();
  // CDK's built-in CloudFormation validation prints to the console on every synth and would
  // drown the lab's own findings; the checks are the lab's judgement.
  const app = new App({ outdir: opts.outdir, builtinCloudFormationValidation: false, context: { 'aws:cdk:enable-path-metadata': true } });
  const stack = runUserCode(opts.workspaceDir, opts.sourceMap, () => instantiate(opts, app, Stack));
  let assembly;
  try {
    assembly = app.synth({ force: true });
  } catch (e) {
    throw userCodeError(opts.workspaceDir, e, 'E_SYNTH', opts.sourceMap);
  }
  const artifact = assembly.getStackArtifact(stack.artifactId);
  const origins = collectOrigins(stack, opts.workspaceDir, opts.sourceMap);
  const annotations = artifact.messages
    .filter((m) => m.level === 'error' || m.level === 'warning')
    .map((m) => ({ level: m.level as 'error' | 'warning', message: String(m.entry.data), constructPath: m.id }));
  return { template: artifact.template as CfnTemplate, origins, assemblyDir: assembly.directory, annotations };
}

function instantiate(
  opts: { exports: Record<string, unknown>; entry: string; stackName: string },
  app: import('aws-cdk-lib').App,
  StackClass: Cdk['Stack'],
): import('aws-cdk-lib').Stack {
  const candidates = Object.entries(opts.exports).filter(([, v]) => typeof v === 'function') as [string, Function][];
  const isStackClass = (f: Function) => f.prototype instanceof StackClass;
  const cls = candidates.find(([, f]) => isStackClass(f));
  if (cls) return new (cls[1] as new (scope: unknown, id: string) => import('aws-cdk-lib').Stack)(app, opts.stackName);
  const fn = candidates.find(([name, f]) => (name === 'default' || name === 'createStack') && !isStackClass(f));
  if (fn) {
    const returned = (fn[1] as (app: unknown, id: string) => unknown)(app, opts.stackName);
    if (returned instanceof StackClass) return returned;
    const made = app.node.children.find((c): c is import('aws-cdk-lib').Stack => c instanceof StackClass);
    if (made) return made;
  }
  throw new LabError(
    'E_NO_EXPORT',
    `${opts.entry} exports no Stack subclass and no default function that creates a stack — export your stack class (\`export class MyStack extends Stack\`)`,
  );
}

function runUserCode<T>(workspaceDir: string, sourceMap: BundleSourceMap | undefined, fn: () => T): T {
  // CDK records where each construct was created from a stack trace; resources made lazily
  // inside CDK (a grant's DefaultPolicy) sit deeper than Node's default 10 frames.
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 50;
  try {
    return fn();
  } catch (e) {
    throw userCodeError(workspaceDir, e, 'E_STACK_THREW', sourceMap);
  } finally {
    Error.stackTraceLimit = limit;
  }
}

/** A LabError naming the learner's file:line where their code threw. */
export function userCodeError(
  workspaceDir: string,
  e: unknown,
  code: 'E_STACK_THREW' | 'E_SYNTH',
  sourceMap?: BundleSourceMap,
): LabError {
  if (e instanceof LabError) return e;
  const err = e instanceof Error ? e : new Error(String(e));
  const where = firstWorkspaceFrame(err.stack ?? '', workspaceDir, sourceMap);
  const firstLine = err.message.split('\n')[0];
  const at = where ? `${where.file}:${where.line}:${where.column}: ` : '';
  const verb = code === 'E_SYNTH' ? 'synthesis failed' : 'your stack threw';
  return new LabError(code, `${at}${verb}: ${firstLine} — fix it and run \`lab check\` again`);
}

const FRAME = /\(?((?:file:\/\/)?\/[^():]+):(\d+):(\d+)\)?\s*$/;

/**
 * The first stack frame inside the workspace (not in its node_modules), relative to it. Frames in
 * the bundle are mapped back to the learner's .ts files through its source map.
 */
export function firstWorkspaceFrame(
  stack: string | string[],
  workspaceDir: string,
  sourceMap?: BundleSourceMap,
): SourceLocation | undefined {
  const lines = Array.isArray(stack) ? stack : stack.split('\n');
  for (const line of lines) {
    const m = FRAME.exec(line.trim());
    if (!m) continue;
    let loc: SourceLocation | undefined = { file: m[1].replace(/^file:\/\//, ''), line: Number(m[2]), column: Number(m[3]) };
    if (sourceMap && loc.file === sourceMap.bundleFile) loc = sourceMap.original(loc.line, loc.column);
    else if (loc.file.endsWith('.lab-stack.bundle.cjs')) continue;
    if (!loc || !loc.file.startsWith(workspaceDir + '/') || loc.file.includes('/node_modules/')) continue;
    return { ...loc, file: relative(workspaceDir, loc.file) };
  }
  return undefined;
}

/** Logical id → construct path and the learner's source line that created it. */
export function collectOrigins(
  stack: import('aws-cdk-lib').Stack,
  workspaceDir?: string,
  sourceMap?: BundleSourceMap,
): Map<string, ResourceOrigin> {
  const { CfnResource } = cdk();
  const out = new Map<string, ResourceOrigin>();
  for (const c of stack.node.findAll()) {
    if (!CfnResource.isCfnResource(c)) continue;
    const logicalId = stack.resolve(c.logicalId) as string;
    const trace = c.node.metadata.find((m) => m.type === 'aws:cdk:creationStack')?.data as string[] | undefined;
    out.set(logicalId, {
      constructPath: c.node.path,
      location: workspaceDir && trace ? firstWorkspaceFrame(trace, workspaceDir, sourceMap) : undefined,
    });
  }
  return out;
}

export function defaultOutdir(workspaceDir: string): string {
  return join(workspaceDir, '.lab', 'cdk.out');
}
