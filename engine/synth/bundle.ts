// Turns the learner's TypeScript entry (and whatever local files it imports) into one CommonJS
// module with an inline source map, so errors and construct traces point at their .ts lines.
// aws-cdk-lib and constructs stay external and resolve to the runner's copies.
import { build, type Message, type Plugin } from 'esbuild';
import { realpathSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { relative, sep } from 'node:path';
import { LabError } from '../errors';
import { WORKSPACE_COMPILER_OPTIONS } from './compiler-options';
import { isSharedPackage, resolveShared } from './runner-modules';

export interface Bundle {
  code: string;
  /** Workspace files the bundle was built from (absolute), for watch mode. */
  inputs: string[];
}

const OUTSIDE = 'only aws-cdk-lib, constructs, Node built-ins and files in the workspace can be imported';

/**
 * What the bundle may contain: the workspace's own files (not its node_modules), with aws-cdk-lib,
 * constructs and Node built-ins left external. Nothing else on the grader's disk gets in, whatever
 * an import path or a link in the workspace says.
 */
function confinedTo(workspaceDir: string, emptyModules: readonly string[]): Plugin {
  const roots = [workspaceDir, safeRealpath(workspaceDir)];
  const inWorkspace = (p: string) => roots.some((r) => p.startsWith(r + sep)) && !p.split(sep).includes('node_modules');
  return {
    name: 'ecs-lab-confined',
    setup(b) {
      b.onLoad({ filter: /.*/, namespace: EMPTY_NAMESPACE }, () => ({ contents: '', loader: 'js' }));
      b.onResolve({ filter: /.*/ }, async (args) => {
        if (args.kind === 'entry-point' || args.pluginData === 'confined') return undefined;
        if (emptyModules.includes(args.path)) return { path: args.path, namespace: EMPTY_NAMESPACE };
        if (isSharedPackage(args.path)) {
          try {
            return { path: resolveShared(args.path), external: true };
          } catch {
            return { errors: [{ text: `'${args.path}' is not part of aws-cdk-lib` }] };
          }
        }
        if (isBuiltin(args.path)) return { path: args.path, external: true };
        const r = await b.resolve(args.path, { kind: args.kind, importer: args.importer, resolveDir: args.resolveDir, pluginData: 'confined' });
        if (r.errors.length) return { errors: r.errors };
        if (r.external || !inWorkspace(r.path)) return { errors: [{ text: `Could not resolve "${args.path}" (${OUTSIDE})` }] };
        return { path: r.path, namespace: r.namespace };
      });
    },
  };
}

function safeRealpath(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    return p;
  }
}

const EMPTY_NAMESPACE = 'ecs-lab-empty';

export interface BundleOptions {
  /** Imports that bundle as empty modules (side-effect-only imports that change nothing synthesized). */
  emptyModules?: readonly string[];
}

export async function bundleEntry(workspaceDir: string, entryFile: string, options: BundleOptions = {}): Promise<Bundle> {
  try {
    const result = await build({
      entryPoints: [entryFile],
      absWorkingDir: workspaceDir,
      bundle: true,
      write: false,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      sourcemap: 'inline',
      sourcesContent: false,
      metafile: true,
      logLevel: 'silent',
      plugins: [confinedTo(workspaceDir, options.emptyModules ?? [])],
      // The workspace's own tsconfig.json is not read: it could map imports anywhere on disk.
      tsconfigRaw: { compilerOptions: { target: WORKSPACE_COMPILER_OPTIONS.target, strict: WORKSPACE_COMPILER_OPTIONS.strict } },
      // Node built-ins are external on the node platform; anything else must be a local file.
    });
    const inputs = Object.keys(result.metafile!.inputs).filter((p) => !p.startsWith(`${EMPTY_NAMESPACE}:`)).map((p) => resolvePath(workspaceDir, p));
    return { code: result.outputFiles[0].text, inputs };
  } catch (e) {
    const errors: Message[] = (e as { errors?: Message[] }).errors ?? [];
    if (errors.length === 0) throw e;
    const lines = errors.map((m) => formatMessage(workspaceDir, m));
    const first = errors[0];
    const unresolved = /Could not resolve "([^"]+)"/.exec(first.text);
    const remedy = unresolved ? OUTSIDE : 'fix it and run `lab check` again';
    throw new LabError('E_SYNTAX', `${lines[0]} — ${remedy}`, lines.slice(1));
  }
}

function resolvePath(dir: string, p: string): string {
  return p.startsWith('/') ? p : `${dir}/${p}`;
}

function formatMessage(workspaceDir: string, m: Message): string {
  const loc = m.location;
  if (!loc) return m.text;
  const file = relative(workspaceDir, resolvePath(workspaceDir, loc.file));
  return `${file}:${loc.line}:${loc.column + 1}: ${m.text}`;
}
