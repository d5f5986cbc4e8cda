// Names of things on disk, in a module with no imports so the fast commands can use them.
export const DEFAULT_ROOT = 'ecs-labs';
export const ANSWERS_FILE = 'answers.md';
