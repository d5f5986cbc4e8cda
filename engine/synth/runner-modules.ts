// The learner's stack must use the runner's own aws-cdk-lib and constructs: the engine owns the
// App, and CDK's `instanceof`-style checks only hold within one copy of the library. These
// helpers find the runner's copies wherever the workspace sits on disk.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { PACKAGE_ROOT } from '../paths';

const runnerRequire = createRequire(join(PACKAGE_ROOT, 'package.json'));

/** Packages a workspace may import; they resolve to the runner's copies. */
export const SHARED_PACKAGES = ['aws-cdk-lib', 'constructs'] as const;

export function isSharedPackage(specifier: string): boolean {
  return SHARED_PACKAGES.some((p) => specifier === p || specifier.startsWith(`${p}/`));
}

/** Absolute path of a shared module, e.g. `aws-cdk-lib/aws-ecs` → `/…/node_modules/aws-cdk-lib/aws-ecs/index.js`. */
export function resolveShared(specifier: string): string {
  return runnerRequire.resolve(specifier);
}

/** The node_modules folder that holds the runner's dependencies. */
export function runnerNodeModules(): string {
  return dirname(dirname(runnerRequire.resolve('constructs/package.json')));
}

export { runnerRequire };
