// Bundles the engine into dist/ (run by `npm ci` through `prepare`, and by the test setup).
// Dependencies stay external; commands are split into chunks that load on demand, so `lab list`
// never loads TypeScript, esbuild or aws-cdk-lib.
import { build } from 'esbuild';
import { existsSync, lstatSync, rmSync, symlinkSync, unlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
rmSync(join(root, 'dist'), { recursive: true, force: true });
await build({
  absWorkingDir: root,
  entryPoints: ['engine/cli/bin.ts'],
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // Dependencies stay external, except @actions/workflow-parser: it imports its JSON schema
  // without an import attribute, which Node refuses, so esbuild bundles it (and its JSON).
  plugins: [externalExcept(['@actions/workflow-parser'])],
  sourcemap: true,
  logLevel: 'warning',
});

/** Every bare import is external except the packages named (and their own files). */
function externalExcept(bundled) {
  return {
    name: 'external-except',
    setup(b) {
      b.onResolve({ filter: /^[^./]/ }, (args) => {
        if (args.kind === 'entry-point') return undefined;
        const inside = bundled.some((p) => args.path === p || args.path.startsWith(`${p}/`));
        return inside ? undefined : { path: args.path, external: true };
      });
    },
  };
}

// `npx lab` must find this runner inside a workspace too: a workspace's node_modules links here,
// and npm does not put a package's own bin in its node_modules/.bin. Without this link, npx
// would fetch the unrelated registry package called "lab".
const binDir = join(root, 'node_modules', '.bin');
const link = join(binDir, 'lab');
if (existsSync(binDir)) {
  try {
    if (lstatSync(link).isSymbolicLink()) unlinkSync(link);
  } catch {
    // no link yet
  }
  if (!existsSync(link)) symlinkSync(join('..', '..', 'bin', 'lab.mjs'), link);
}
