// .lab/drift.json: what a drift break changed in the account, with the values it replaced, so
// `lab reset` can put them back. Written after every change (a break stopped half-way is still
// undoable) and shrunk after every undo (an undo stopped half-way resumes where it stopped).
//
// The record sits in the workspace, which the learner controls, and `lab reset` acts on it with
// the learner's AWS credentials: it is sealed (engine/workspace/seal.ts) so a hand-written record
// cannot make `lab reset` attach a policy or revoke a rule ecs-lab never touched.
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { LabError } from '../../errors';
import { canSeal, sealText, textSealMatches } from '../../workspace/seal';

export const DRIFT_SCHEMA = 'ecs-lab/drift@1';

export const DriftChangeSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('open-ingress'), construct: z.string(), groupId: z.string(), cidr: z.string(), port: z.number().int(), ruleIds: z.array(z.string()) }),
  z.object({ kind: z.literal('desired-count'), construct: z.string(), cluster: z.string(), service: z.string(), previous: z.number().int().min(0), count: z.number().int().min(0) }),
  z.object({ kind: z.literal('detach-policy'), construct: z.string(), roleName: z.string(), policyArn: z.string() }),
]);

export type DriftChange = z.infer<typeof DriftChangeSchema>;

export const DriftRecordSchema = z.object({
  schema: z.literal(DRIFT_SCHEMA),
  breakId: z.string(),
  stackName: z.string(),
  account: z.string(),
  region: z.string(),
  appliedAt: z.string(),
  /** In the order they were made; undone in reverse. */
  changes: z.array(DriftChangeSchema),
  /** HMAC of the record without this field, keyed by the runner's secret (absent only where no key can be kept). */
  seal: z.string().max(200).optional(),
});

export type DriftRecord = z.infer<typeof DriftRecordSchema>;

export function driftPath(workspaceDir: string): string {
  return join(workspaceDir, '.lab', 'drift.json');
}

export function readDriftRecord(workspaceDir: string): DriftRecord | undefined {
  const file = driftPath(workspaceDir);
  if (!existsSync(file)) return undefined;
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    throw new LabError('E_DRIFT', `${file} is not valid JSON — it records a drift break's changes; fix or delete it (then undo the change in the account by hand)`);
  }
  const parsed = DriftRecordSchema.safeParse(raw);
  if (!parsed.success) throw new LabError('E_DRIFT', `${file} is not a drift record this version of ecs-lab can read — undo the change in the account by hand, then delete it`);
  const { seal, ...record } = parsed.data;
  if (canSeal() && !textSealMatches('drift', JSON.stringify(record), seal)) {
    throw new LabError('E_DRIFT', `${file} was not written by ecs-lab on this machine (its seal does not match), so nothing in it is undone — undo the change in the account by hand, then delete it`);
  }
  return record;
}

/** Written atomically (temp file, then rename), so a Ctrl-C never leaves half a record. */
export function writeDriftRecord(workspaceDir: string, record: DriftRecord): void {
  const file = driftPath(workspaceDir);
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.tmp`;
  const { seal: _old, ...unsealed } = record;
  const seal = sealText('drift', JSON.stringify(unsealed));
  writeFileSync(tmp, JSON.stringify(seal ? { ...unsealed, seal } : unsealed, null, 2) + '\n');
  renameSync(tmp, file);
}

export function removeDriftRecord(workspaceDir: string): void {
  rmSync(driftPath(workspaceDir), { force: true });
}
