// Parameters every resilience check takes — the load the service carries, when the fault starts,
// which service, and what counts as surviving — validated into readable Errors so a lab manifest
// with a typo fails loudly instead of replaying something else.
import type { LoadProfile } from '../../engine/faults/types';

export interface ResilienceParams {
  load: LoadProfile;
  /** Second of the replay at which the fault begins (default 30). */
  startsAtSecond: number;
  /** Construct id (or path fragment) of the ECS service; default the only one. */
  service?: string;
  /** Share of requests that must be served over the replay, 0–1 (default 0.999). */
  minAvailability: number;
  /** Seconds from the fault's start by which errors must have stopped for good (no limit when absent). */
  maxRecoverySeconds?: number;
}

export const COMMON_PARAMS = ['load', 'startsAtSecond', 'service', 'minAvailability', 'maxRecoverySeconds'];
export const DEFAULT_STARTS_AT_SECOND = 30;
export const DEFAULT_MIN_AVAILABILITY = 0.999;
/** A replay longer than a day says more about the lab than about the service. */
const MAX_REPLAY_SECONDS = 86_400;

const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

export function parseLoad(checkId: string, raw: unknown): LoadProfile {
  const fail = (what: string) => new Error(`${checkId}: load ${what}`);
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
    throw fail('is required: { phases: [{ atSecond: 0, rps }], cpuMsPerRequest, durationSeconds }');
  }
  const l = raw as Record<string, unknown>;
  if (!Array.isArray(l.phases) || l.phases.length === 0) throw fail('.phases must be a non-empty list of { atSecond, rps }');
  const phases = l.phases.map((p: any, i: number) => {
    if (!p || !isNum(p.atSecond) || p.atSecond < 0 || !isNum(p.rps) || p.rps < 0) {
      throw fail(`.phases[${i}] must be { atSecond: a number ≥ 0, rps: a number ≥ 0 }, got ${JSON.stringify(p)}`);
    }
    return { atSecond: p.atSecond, rps: p.rps };
  });
  if (phases[0].atSecond !== 0) throw fail('.phases must start at atSecond 0');
  for (let i = 1; i < phases.length; i++) {
    if (phases[i].atSecond <= phases[i - 1].atSecond) throw fail('.phases must be sorted by atSecond, each later than the one before');
  }
  if (!isNum(l.cpuMsPerRequest) || l.cpuMsPerRequest <= 0) throw fail(`.cpuMsPerRequest must be a number above 0 (vCPU-ms one request costs), got ${JSON.stringify(l.cpuMsPerRequest)}`);
  if (!isNum(l.durationSeconds) || l.durationSeconds <= 0 || l.durationSeconds > MAX_REPLAY_SECONDS) {
    throw fail(`.durationSeconds must be a number from 1 to ${MAX_REPLAY_SECONDS}, got ${JSON.stringify(l.durationSeconds)}`);
  }
  return { phases, cpuMsPerRequest: l.cpuMsPerRequest, durationSeconds: l.durationSeconds };
}

export function parseCommon(checkId: string, raw: Record<string, unknown>, known: string[] = []): ResilienceParams {
  const extra = Object.keys(raw).filter((k) => !COMMON_PARAMS.includes(k) && !known.includes(k));
  if (extra.length) throw new Error(`${checkId} does not take the parameter(s) ${extra.join(', ')}; it takes ${[...COMMON_PARAMS, ...known].join(', ')}`);
  const load = parseLoad(checkId, raw.load);
  const startsAtSecond = raw.startsAtSecond ?? DEFAULT_STARTS_AT_SECOND;
  if (!isNum(startsAtSecond) || startsAtSecond < 0 || startsAtSecond >= load.durationSeconds) {
    throw new Error(`${checkId}: startsAtSecond must be a number from 0 to below load.durationSeconds (${load.durationSeconds}), got ${JSON.stringify(raw.startsAtSecond)}`);
  }
  const service = raw.service;
  if (service !== undefined && (typeof service !== 'string' || service.trim() === '')) {
    throw new Error(`${checkId}: service must be the construct id of the ECS service (a non-empty string), got ${JSON.stringify(service)}`);
  }
  const minAvailability = raw.minAvailability ?? DEFAULT_MIN_AVAILABILITY;
  if (!isNum(minAvailability) || minAvailability <= 0 || minAvailability > 1) {
    throw new Error(`${checkId}: minAvailability must be a share above 0 and at most 1 (0.999 = 99.9 %), got ${JSON.stringify(raw.minAvailability)}`);
  }
  const maxRecoverySeconds = raw.maxRecoverySeconds;
  if (maxRecoverySeconds !== undefined && (!isNum(maxRecoverySeconds) || maxRecoverySeconds < 0)) {
    throw new Error(`${checkId}: maxRecoverySeconds must be a number of seconds ≥ 0, got ${JSON.stringify(maxRecoverySeconds)}`);
  }
  return { load, startsAtSecond, ...(service !== undefined ? { service: service as string } : {}), minAvailability, ...(maxRecoverySeconds !== undefined ? { maxRecoverySeconds } : {}) };
}

/** A positive number of seconds parameter with a default. */
export function secondsParam(checkId: string, raw: Record<string, unknown>, name: string, fallback: number): number {
  const v = raw[name] ?? fallback;
  if (!isNum(v) || v <= 0) throw new Error(`${checkId}: ${name} must be a number of seconds above 0, got ${JSON.stringify(raw[name])}`);
  return v;
}
