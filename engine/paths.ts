// Where the runner itself lives on disk, whether it runs from source (tests) or from dist/.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function findPackageRoot(start: string): string {
  let dir = start;
  for (;;) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && JSON.parse(readFileSync(pkg, 'utf8')).name === 'ecs-lab') return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`ecs-lab package root not found above ${start}`);
    dir = parent;
  }
}

/** The ecs-lab package folder (holds labs/, node_modules/ or sits inside one). */
export const PACKAGE_ROOT = findPackageRoot(dirname(fileURLToPath(import.meta.url)));
export const LABS_DIR = join(PACKAGE_ROOT, 'labs');
/** Shared CDK building blocks; a lab's `library` folders are copied from here into its workspaces. */
export const STACKS_DIR = join(PACKAGE_ROOT, 'stacks');

/** The version of the runner, recorded in workspaces. */
export const RUNNER_VERSION: string = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')).version;
