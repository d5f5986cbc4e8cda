// Suppressions: a team accepts a finding on purpose and says why. Each needs a check id and a
// reason (a suppression without one is a usage error); it may narrow to one resource (a logical
// id or a construct path). A suppressed finding stays in every report, marked with its reason.
import { extname } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { LabError } from '../errors';
import { readCapped } from '../limits';
import type { ReportedCheck } from '../report/types';
import { closestName } from '../suggest';
import type { Finding } from '../types';

export interface Suppression {
  /** The check id (`iam.no-admin-or-wildcard-actions`). */
  id: string;
  reason: string;
  /** Only findings about this resource: its logical id or (part of) its construct path. */
  resource?: string;
  /** Where it came from: `--suppress` or the file's name. */
  source: string;
}

export interface SuppressedFinding extends Finding {
  /** The suppression's reason. */
  suppressedBecause: string;
}

/** A check as an audit reports it: the findings still open, and the ones suppressed, with why. */
export interface AuditCheck extends ReportedCheck {
  suppressed?: SuppressedFinding[];
}

const MAX_FILE_BYTES = 256 * 1024;
/** A reason is a sentence, not an essay. */
const MAX_REASON = 500;

/** `--suppress <check-id>:<reason>`. */
export function parseSuppressFlag(value: string): Suppression {
  const colon = value.indexOf(':');
  const id = (colon < 0 ? value : value.slice(0, colon)).trim();
  const reason = colon < 0 ? '' : value.slice(colon + 1).trim();
  if (!id || !reason) {
    throw new LabError('E_USAGE', `--suppress needs a check id and a reason, "<check-id>:<reason>", not "${value.slice(0, 80)}" — e.g. --suppress "network.multi-az:single-AZ dev stack"`);
  }
  return checked({ id, reason, source: '--suppress' }, '--suppress');
}

/** A JSON or YAML list of {id, reason, resource?} (or `{ suppressions: [...] }`). */
export function readSuppressionsFile(file: string, shown: string): Suppression[] {
  const text = readCapped(file, MAX_FILE_BYTES, shown, 'a suppressions file is a short list');
  return parseSuppressions(text, shown, extname(file).toLowerCase() === '.json');
}

export function parseSuppressions(text: string, shown: string, json = false): Suppression[] {
  let value: unknown;
  try {
    value = json ? JSON.parse(text) : parseYaml(text, { maxAliasCount: 0 });
  } catch (e) {
    throw new LabError('E_USAGE', `${shown} cannot be read: ${(e as Error).message.split('\n')[0]}`);
  }
  const list = isObject(value) && Array.isArray(value.suppressions) ? value.suppressions : value;
  if (!Array.isArray(list)) throw new LabError('E_USAGE', `${shown} must be a list of {id, reason, resource?}`);
  return list.map((entry, i) => {
    const where = `${shown} entry ${i + 1}`;
    if (!isObject(entry)) throw new LabError('E_USAGE', `${where} must be a mapping {id, reason, resource?}`);
    const extra = Object.keys(entry).filter((k) => !['id', 'reason', 'resource'].includes(k));
    if (extra.length) throw new LabError('E_USAGE', `${where} has unknown key(s) ${extra.join(', ')}; it takes id, reason and resource`);
    const { id, reason, resource } = entry;
    if (typeof id !== 'string' || !id.trim()) throw new LabError('E_USAGE', `${where} needs an id: the check id to suppress`);
    if (typeof reason !== 'string' || !reason.trim()) throw new LabError('E_USAGE', `${where} (${id}) needs a reason: say why the finding is accepted`);
    if (resource !== undefined && (typeof resource !== 'string' || !resource.trim())) throw new LabError('E_USAGE', `${where} (${id}): resource must be a logical id or construct path`);
    return checked({ id: id.trim(), reason: reason.trim(), ...(typeof resource === 'string' ? { resource: resource.trim() } : {}), source: shown }, where);
  });
}

function checked(s: Suppression, where: string): Suppression {
  if (s.reason.length > MAX_REASON) throw new LabError('E_USAGE', `${where}: the reason for ${s.id} is longer than ${MAX_REASON} characters`);
  return s;
}

/** Every suppression names a check that exists: a typo would otherwise suppress nothing, quietly. */
export function assertKnownIds(suppressions: Suppression[], knownIds: string[]): void {
  for (const s of suppressions) {
    if (knownIds.includes(s.id)) continue;
    const near = closestName(s.id, knownIds, { floor: 2, divisor: 4 });
    throw new LabError('E_USAGE', `${s.source}: no check has the id "${s.id}"${near ? ` — did you mean ${near}?` : ''}`);
  }
}

/** Whether a suppression covers a finding: every finding of its check, or those about its resource. */
export function covers(s: Suppression, checkId: string, f: Finding): boolean {
  if (s.id !== checkId) return false;
  if (s.resource === undefined) return true;
  if (f.logicalId === s.resource) return true;
  const want = s.resource.split('/').filter(Boolean);
  const segs = f.constructPath?.split('/') ?? [];
  for (let i = 0; i + want.length <= segs.length; i++) if (want.every((w, j) => segs[i + j] === w)) return true;
  return false;
}

/**
 * Marks the failing checks' findings each suppression covers. A check whose every finding is
 * suppressed is reported as skipped ("suppressed: <reason>") and no longer counts against
 * --fail-on; its findings stay listed under `suppressed`. Returns the suppressions that matched nothing.
 */
export function applySuppressions(checks: ReportedCheck[], suppressions: Suppression[]): { checks: AuditCheck[]; unused: Suppression[] } {
  const used = new Set<Suppression>();
  const out = checks.map((check): AuditCheck => {
    if (check.status !== 'fail') return check;
    const open: Finding[] = [];
    const suppressed: SuppressedFinding[] = [];
    for (const f of check.findings) {
      const s = suppressions.find((x) => covers(x, check.id, f));
      if (!s) {
        open.push(f);
        continue;
      }
      used.add(s);
      suppressed.push({ ...f, suppressedBecause: s.reason });
    }
    if (suppressed.length === 0) return check;
    if (open.length > 0) return { ...check, findings: open, suppressed };
    const reasons = [...new Set(suppressed.map((f) => f.suppressedBecause))];
    return { ...check, status: 'skip', findings: [{ message: `suppressed: ${reasons.join('; ')}` }], suppressed };
  });
  return { checks: out, unused: suppressions.filter((s) => !used.has(s)) };
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
