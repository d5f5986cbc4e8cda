// Progress across labs, stored by lab id in <root>/progress.json (root = the folder holding the
// workspaces, ./ecs-labs by default). Ids, not positions: reordering labs never breaks it.
import { existsSync, readFileSync, renameSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { LIMITS } from '../limits';
import { join } from 'node:path';
import { z } from 'zod';

export const PROGRESS_SCHEMA = 'ecs-lab/progress@1';

const LabProgressSchema = z.object({
  status: z.enum(['started', 'passed']),
  startedAt: z.string(),
  passedAt: z.string().optional(),
  best: z.object({ points: z.number(), maxPoints: z.number() }).optional(),
  hintsShown: z.number().int().min(0).default(0),
  /** Workspace folder, relative to the root. */
  dir: z.string(),
});

const ProgressSchema = z.object({
  schema: z.literal(PROGRESS_SCHEMA),
  labs: z.record(z.string(), LabProgressSchema),
});

export type LabProgress = z.infer<typeof LabProgressSchema>;
export type Progress = z.infer<typeof ProgressSchema>;

export function progressPath(root: string): string {
  return join(root, 'progress.json');
}

/**
 * Progress is a convenience index: when it is missing or unreadable the runner starts a fresh
 * one rather than refusing to work (each workspace's own state stays authoritative).
 */
export function readProgress(root: string): Progress {
  const file = progressPath(root);
  if (!existsSync(file)) return { schema: PROGRESS_SCHEMA, labs: {} };
  try {
    if (statSync(file).size > LIMITS.progressBytes) return { schema: PROGRESS_SCHEMA, labs: {} };
    const parsed = ProgressSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    return parsed.success ? parsed.data : { schema: PROGRESS_SCHEMA, labs: {} };
  } catch {
    return { schema: PROGRESS_SCHEMA, labs: {} };
  }
}

export function updateProgress(root: string, labId: string, update: (current: LabProgress | undefined) => LabProgress): Progress {
  const progress = readProgress(root);
  progress.labs[labId] = update(progress.labs[labId]);
  mkdirSync(root, { recursive: true });
  const file = progressPath(root);
  const tmp = `${file}.tmp-${process.pid}`;
  writeFileSync(tmp, JSON.stringify(progress, null, 2) + '\n');
  renameSync(tmp, file);
  return progress;
}
