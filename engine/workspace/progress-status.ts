// The one thing `lab list` needs from progress.json: each lab's status. Read without zod, which
// would add ~40 ms to a command whose whole budget is 150 ms; anything unexpected reads as
// "not started", exactly as a missing file does.
import { readFileSync, statSync } from 'node:fs';
import { LIMITS } from '../limits';
import { join } from 'node:path';

export type LabStatus = 'not-started' | 'started' | 'passed';

export function readLabStatuses(root: string): Record<string, LabStatus> {
  let raw: unknown;
  try {
    const file = join(root, 'progress.json');
    if (statSync(file).size > LIMITS.progressBytes) throw new Error('too large');
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return {};
  }
  const labs = (raw as { labs?: unknown })?.labs;
  if (!labs || typeof labs !== 'object') return {};
  const out: Record<string, LabStatus> = {};
  for (const [id, entry] of Object.entries(labs as Record<string, unknown>)) {
    const status = (entry as { status?: unknown })?.status;
    if (status === 'started' || status === 'passed') out[id] = status;
  }
  return out;
}
