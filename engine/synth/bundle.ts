// Turns the learner's TypeScript entry (and whatever local files it imports) into one CommonJS
// module with an inline source map, so errors and construct traces point at their .ts lines.
// aws-cdk-lib and constructs stay external and resolve to the runner's copies.
import { build, type Message, type Plugin } from 'esbuild';
import { relative } from 'node:path';
import { LabError } from '../errors';
import { isSharedPackage, resolveShared } from './runner-modules';

export interface Bundle {
  code: string;
  /** Workspace files the bundle was built from (absolute), for watch mode. */
  inputs: string[];
}

const sharedPackages: Plugin = {
  name: 'ecs-lab-shared-packages',
  setup(b) {
    b.onResolve({ filter: /^(aws-cdk-lib|constructs)(\/.*)?$/ }, (args) => {
      if (!isSharedPackage(args.path)) return undefined;
      try {
        return { path: resolveShared(args.path), external: true };
      } catch {
        return { errors: [{ text: `'${args.path}' is not part of aws-cdk-lib ${'' /* keeps message short */}` }] };
      }
    });
  },
};

export async function bundleEntry(workspaceDir: string, entryFile: string): Promise<Bundle> {
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
      plugins: [sharedPackages],
      // Node built-ins are external on the node platform; anything else must be a local file.
    });
    const inputs = Object.keys(result.metafile!.inputs).map((p) => resolvePath(workspaceDir, p));
    return { code: result.outputFiles[0].text, inputs };
  } catch (e) {
    const errors: Message[] = (e as { errors?: Message[] }).errors ?? [];
    if (errors.length === 0) throw e;
    const lines = errors.map((m) => formatMessage(workspaceDir, m));
    const first = errors[0];
    const unresolved = /Could not resolve "([^"]+)"/.exec(first.text);
    const remedy = unresolved
      ? `only aws-cdk-lib, constructs, Node built-ins and files in the workspace can be imported`
      : 'fix it and run `lab check` again';
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
