// What one submission may cost when `lab grade` grades it (workers.ts enforces it), and what its
// grading comes to.
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../paths';
import type { LabReport } from '../report/types';

export const LAB_BIN = join(PACKAGE_ROOT, 'bin', 'lab.mjs');

export interface GradeLimits {
  /** Wall clock for the whole grading of one submission: type check, bundle, synthesis, checks. */
  timeoutMs: number;
  /** V8 heap of the grading worker (the app's own synthesis child keeps `lab check`'s limit). */
  memoryMb: number;
}

/** `lab check`'s own synthesis limit (engine/synth/isolated.ts DEFAULT_LIMITS) and a heap ample for its checks. */
export const DEFAULT_GRADE_LIMITS: GradeLimits = { timeoutMs: 60_000, memoryMb: 1024 };

/**
 * The synthesis inside gets the whole limit; the worker is killed this much later, so a slow app
 * gets `lab check`'s own one-line timeout message and a grading stuck anywhere else is still ended.
 */
export const KILL_GRACE_MS = 5_000;

/** A submission's grading: the report `lab check` would print, or why there is none. */
export type Graded = { kind: 'report'; report: LabReport } | { kind: 'error'; message: string };
export type Outcome = Graded & { durationMs: number };
