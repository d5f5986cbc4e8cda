// .lab/state.json: what the runner knows about one workspace. Validated on every read, so a
// corrupt or foreign file is a clear one-line error instead of a crash later on.
import { existsSync, mkdirSync, readFileSync, writeFileSync, renameSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { z } from 'zod';
import { findLab } from '../catalogue/catalogue';
import { LabError } from '../errors';
import { LIMITS, readCapped } from '../limits';
import { sealOf } from './seal';

export const STATE_SCHEMA = 'ecs-lab/workspace@1';

export const WorkspaceStateSchema = z.object({
  schema: z.literal(STATE_SCHEMA),
  lab: z.string().regex(/^[a-z]+\/[a-z0-9-]+$/),
  createdAt: z.string(),
  runnerVersion: z.string(),
  target: z.enum(['offline', 'aws']).default('offline'),
  break: z.object({ id: z.string(), appliedAt: z.string() }).nullable(),
  hintsShown: z.number().int().min(0).max(3).default(0),
  /** HMAC of lab and createdAt with this machine's runner key (see seal.ts). */
  seal: z.string().max(200).optional(),
  /** Seeds the draw of key-question items (engine/questions/draw.ts); absent in older workspaces. */
  seed: z.string().min(1).max(200).optional(),
  /** Retries (fresh draws) per key question id, from `lab quiz`. */
  attempts: z.record(z.string(), z.number().int().min(0)).optional(),
  /**
   * The first replay of each resilience check after the break (check id → numbers): the "before"
   * of the report's before → after. Display only: it never decides a verdict.
   */
  faultsAtBreak: z
    .record(
      z.string(),
      z.object({ availability: z.number().min(0).max(1), worstErrorRate: z.number().min(0).max(1), recoverySeconds: z.number().nonnegative().nullable() }),
    )
    .optional(),
  /**
   * The aws target's deployment of this workspace (`lab deploy`): written before the deploy starts
   * ('deploying'), so `lab destroy` finds the stack even after a Ctrl-C; cleared by `lab destroy`.
   */
  deployment: z
    .object({
      stackName: z.string().min(1).max(128),
      account: z.string().regex(/^\d{12}$/),
      region: z.string().min(1).max(40),
      profile: z.string().max(200).optional(),
      status: z.enum(['deploying', 'deployed']),
      startedAt: z.string(),
      deployedAt: z.string().optional(),
      /** The `ecs-lab:expires` tag: when `lab sweep` may remove it. */
      expiresAt: z.string(),
    })
    .optional(),
  lastCheck: z
    .object({
      at: z.string(),
      passed: z.boolean(),
      points: z.number(),
      maxPoints: z.number(),
      failing: z.array(z.string()),
    })
    .optional(),
});

export type WorkspaceState = z.infer<typeof WorkspaceStateSchema>;

export function statePath(workspaceDir: string): string {
  return join(workspaceDir, '.lab', 'state.json');
}

export function hasState(workspaceDir: string): boolean {
  return existsSync(statePath(workspaceDir));
}

/** Reads and validates the state; a corrupt or foreign file is an E_STATE error with a remedy. */
export function readState(workspaceDir: string, cwd = process.cwd()): WorkspaceState {
  const file = statePath(workspaceDir);
  const shown = relative(cwd, file) || file;
  // The folder is named for the lab's slug, so the remedy can name the lab to rebuild.
  const lab = findLab(basename(workspaceDir))?.id ?? '<lab>';
  const where = relative(cwd, workspaceDir);
  const remedy = `run \`lab reset ${lab} --yes\`${where ? ` inside ${where}` : ''} to rebuild it (your answers.md is kept)`;
  let raw: unknown;
  try {
    raw = JSON.parse(readCapped(file, LIMITS.stateBytes, shown, remedy));
  } catch (e) {
    if (e instanceof LabError) throw e;
    const why = e instanceof SyntaxError ? 'not valid JSON' : (e as Error).message;
    throw new LabError('E_STATE', `${shown} is corrupt (${why}) — ${remedy}`);
  }
  const parsed = WorkspaceStateSchema.safeParse(raw);
  if (!parsed.success) {
    const foreign = (raw as { schema?: unknown })?.schema !== STATE_SCHEMA;
    const issue = parsed.error.issues[0];
    const why = foreign ? 'it was not written by this version of ecs-lab' : `${issue.path.join('.') || 'root'}: ${issue.message}`;
    throw new LabError('E_STATE', `${shown} is not a valid ecs-lab workspace state (${why}) — ${remedy}`);
  }
  return parsed.data;
}

/**
 * Writes atomically. The seal is written as it is: only `lab start` and `lab reset`, which decide
 * the lab, make a new one (`sealedState`), so no other command can bless a hand-edited state.
 */
export function sealedState(state: Omit<WorkspaceState, 'seal'>): WorkspaceState {
  return { ...state, seal: sealOf(state) };
}

/** Writes atomically (temp file + rename), so an interrupted write never leaves half a file. */
export function writeState(workspaceDir: string, state: WorkspaceState): void {
  const file = statePath(workspaceDir);
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.tmp-${process.pid}`;
  writeFileSync(tmp, JSON.stringify(state, null, 2) + '\n');
  renameSync(tmp, file);
}

/**
 * Re-reads the state and writes back only what `change` sets, so two processes (a running
 * `lab check --watch` and a `lab hint` in another terminal) never undo each other's fields.
 */
export function updateState(workspaceDir: string, change: (current: WorkspaceState) => Partial<WorkspaceState>): WorkspaceState {
  const current = readState(workspaceDir);
  const next = { ...current, ...change(current) };
  writeState(workspaceDir, next);
  return next;
}
