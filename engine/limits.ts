// How much the grader reads of any file a workspace or the learner's app controls. A submission
// cannot make the grader parse gigabytes (or hang on them): a larger file is an input error.
import { readFileSync, statSync } from 'node:fs';
import { LabError } from './errors';

export const LIMITS = {
  /** .lab/state.json, progress.json. */
  stateBytes: 64 * 1024,
  progressBytes: 1024 * 1024,
  /** One TypeScript file of the workspace, and all of them together. */
  sourceFileBytes: 1024 * 1024,
  sourceTotalBytes: 8 * 1024 * 1024,
  /** A Dockerfile or .dockerignore staged by the app. */
  dockerTextBytes: 256 * 1024,
} as const;

/** Reads a UTF-8 file of at most `maxBytes`; a larger one is an E_TOO_LARGE error naming `shown`. */
export function readCapped(file: string, maxBytes: number, shown: string, remedy: string): string {
  const size = statSync(file).size;
  if (size > maxBytes) {
    throw new LabError('E_TOO_LARGE', `${shown} is ${formatBytes(size)}, more than the ${formatBytes(maxBytes)} ecs-lab reads — ${remedy}`);
  }
  return readFileSync(file, 'utf8');
}

export function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / 1024 / 1024).toFixed(1)} MB`;
  if (n >= 1024) return `${Math.round(n / 1024)} KB`;
  return `${n} bytes`;
}
