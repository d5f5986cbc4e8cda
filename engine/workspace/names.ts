// Names of things on disk, in a module with no imports so the fast commands can use them.
export const DEFAULT_ROOT = 'ecs-labs';
export const ANSWERS_FILE = 'answers.md';

/** Folders in a workspace that hold no learner source: the runner's, tools', and git's. */
export const NON_SOURCE_DIRS: ReadonlySet<string> = new Set(['.lab', 'node_modules', 'cdk.out', '.git']);
