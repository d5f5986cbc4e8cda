// A seal on the workspace state: an HMAC of the fields that decide what is graded (the lab and when
// the workspace was made), keyed by a secret that lives in the runner's own folder, never in the
// workspace. `lab start` and every write of the runner seal the state; a state edited by hand to
// name another lab no longer matches. A grader that names the lab (`--lab`) needs no seal.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** `$ECS_LAB_HOME`, else `$XDG_CONFIG_HOME/ecs-lab`, else `~/.config/ecs-lab`. */
export function configRoot(): string {
  if (process.env.ECS_LAB_HOME) return process.env.ECS_LAB_HOME;
  return join(process.env.XDG_CONFIG_HOME || join(homedir(), '.config'), 'ecs-lab');
}

let key: Buffer | undefined;
function sealKey(): Buffer | undefined {
  if (key) return key;
  const file = join(configRoot(), 'state-key');
  try {
    key = readFileSync(file);
    if (key.length >= 32) return key;
  } catch {
    // first use on this machine
  }
  try {
    mkdirSync(configRoot(), { recursive: true, mode: 0o700 });
    const fresh = randomBytes(32);
    writeFileSync(file, fresh, { mode: 0o600, flag: 'wx' });
    chmodSync(file, 0o600);
    key = fresh;
  } catch {
    try {
      key = readFileSync(file); // another process made it first
    } catch {
      key = undefined; // no writable home: states stay unsealed, and grading needs --lab
    }
  }
  return key;
}

export interface SealedFields {
  lab: string;
  createdAt: string;
}

/**
 * A seal on any text the runner writes into a workspace and later acts on (`purpose` keeps one
 * kind of record from passing for another). Undefined when this machine has no key.
 */
export function sealText(purpose: string, text: string): string | undefined {
  const k = sealKey();
  return k ? createHmac('sha256', k).update(`ecs-lab/${purpose}\n${text}`).digest('hex') : undefined;
}

/** True when `seal` is the seal of `text` for `purpose` on this machine. */
export function textSealMatches(purpose: string, text: string, seal: string | undefined): boolean {
  const want = sealText(purpose, text);
  if (!want || !seal || seal.length !== want.length) return false;
  return timingSafeEqual(Buffer.from(seal), Buffer.from(want));
}

/** Whether this machine can seal at all (a writable runner folder). */
export function canSeal(): boolean {
  return sealKey() !== undefined;
}

export function sealOf(fields: SealedFields): string | undefined {
  const k = sealKey();
  return k ? createHmac('sha256', k).update(`ecs-lab/state\n${fields.lab}\n${fields.createdAt}`).digest('hex') : undefined;
}

export function sealMatches(fields: SealedFields, seal: string | undefined): boolean {
  const want = sealOf(fields);
  if (!want || !seal || seal.length !== want.length) return false;
  return timingSafeEqual(Buffer.from(seal), Buffer.from(want));
}
