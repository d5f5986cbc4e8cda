// Simulated requests ("probes") and the findings they turn into. A check states what a role must
// be able to do (`mustAllow`: surely, or under a condition the lab cannot decide) and computes what
// it can do beyond its need (`grantsBeyondNeed`: every request of the catalogue, see
// engine/model/iam/grants.ts, decided in permissive mode and reported as "allowed under a
// condition" when that is all that allows it).
import type { StackModel } from '../../engine/model/model';
import {
  candidateRequests,
  roleRequestContext,
  simulate,
  statementLabel,
  type AccessLevel,
  type Assumption,
  type GrantRequest,
  type IdentityPolicy,
  type MatchedStatement,
  type RoleDecision,
  type RoleView,
} from '../../engine/model/iam';
import type { Finding } from '../../engine/types';

export interface Probe {
  action: string;
  /** The action's access levels, when known: messages list writes before reads. */
  levels?: AccessLevel[];
  resource: string;
  /** What the resource is, for messages: `objects of bucket Assets`. */
  what: string;
}


function assumptionNote(assumptions: Assumption<IdentityPolicy>[]): string {
  if (!assumptions.length) return '';
  const reasons = [...new Set(assumptions.flatMap((a) => a.reasons))];
  return ` (allowed under a condition the lab cannot decide offline: ${reasons.join('; ')})`;
}

/** Writes and permission changes first, then tagging, then reads: the ones that show the risk. */
const rank = (p: Probe) =>
  p.levels?.includes('Tagging') ? 1 : p.levels?.some((l) => l === 'Write' || l === 'Permissions management') ? 0 : 2;

/** Among those, the shortest names first: the ones a learner recognises (PutObject before PutObjectLegalHold). */
function listActions(probes: Probe[], max = 4): string {
  // One entry per action, ranked once (a wide grant lists thousands of probes).
  const byAction = new Map<string, number>();
  for (const p of probes) if (!byAction.has(p.action)) byAction.set(p.action, rank(p));
  const unique = [...byAction].sort(([a, ra], [b, rb]) => ra - rb || a.length - b.length || a.localeCompare(b)).map(([a]) => a);
  const shown = unique.slice(0, max).join(', ');
  return unique.length > max ? `${shown} and ${unique.length - max} more` : shown;
}

/** Why a role cannot make a request it should be able to make. */
function whyDenied(d: RoleDecision): string {
  if (d.deniedByBoundary && d.decidedBy) return `its permissions boundary (${d.decidedBy.policy.name}) does not allow it`;
  if (d.effect === 'explicit-deny' && d.decidedBy) return `${statementLabel(d.decidedBy.index, d.decidedBy.statement)} of ${d.decidedBy.policy.name} denies it`;
  if (d.deniedByKeyPolicy) return `its policies allow it, but the ${d.deniedByKeyPolicy.name} neither names the role nor lets the account's IAM policies grant it (no Allow to the account root)`;
  return 'no statement in its policies allows it';
}

/**
 * One finding per probe the role cannot do. A probe allowed only under a condition the lab cannot
 * decide offline (aws:SourceVpce, a tag) is a correct, narrower grant, not a failure: it is judged
 * "allowed under a condition". Only a request no statement could allow, or an explicit Deny that
 * surely applies, fails.
 */
export function mustAllow(model: StackModel, role: RoleView, label: string, probes: Probe[], hint: string): Finding[] {
  const findings: Finding[] = [];
  for (const p of probes) {
    const request = { ...p, context: roleRequestContext(model, role) };
    if (simulate(role, request, { unknown: 'strict' }).allowed) continue;
    const d = simulate(role, request, { unknown: 'permissive' });
    if (d.allowed) continue;
    const at = d.decidedBy?.policy.logicalId ?? d.deniedByKeyPolicy?.logicalId ?? role.logicalId;
    findings.push(model.finding(at, `${label} cannot ${p.action} on ${p.what}: ${whyDenied(d)}`, hint));
  }
  return findings;
}

/**
 * Findings for the probes a role CAN make (permissive: an undecidable Allow counts): one per
 * statement that allows them, so every message points at a statement to change, and removing one
 * of two statements that both allow a write still leaves the other reported.
 */
export function mustDeny(model: StackModel, role: RoleView, label: string, probes: Probe[], hint: string): Finding[] {
  const groups = new Map<string, { by: MatchedStatement<IdentityPolicy>; probes: Probe[]; assumptions: Assumption<IdentityPolicy>[] }>();
  const context = roleRequestContext(model, role);
  const permissive = { unknown: 'permissive' } as const;
  const decided = permissiveDecisions(role);
  for (const p of probes) {
    let d = decided.get(p);
    if (!d) decided.set(p, (d = simulate(role, { action: p.action, resource: p.resource, context }, permissive)));
    if (!d.allowed) continue;
    const service = p.action.slice(0, p.action.indexOf(':')).toLowerCase();
    for (const by of d.matched) {
      // One finding per statement and service: a grant of a whole catalogue stays readable.
      const key = `${by.policy.name}#${by.index}|${service}`;
      const g = groups.get(key) ?? { by, probes: [], assumptions: [] };
      g.probes.push(p);
      // Only the guesses behind this statement: its own undecidable condition, or a Deny set aside.
      for (const a of d.assumptions) if (a.assumed === 'does not apply' || (a.policy === by.policy && a.index === by.index)) g.assumptions.push(a);
      groups.set(key, g);
    }
  }
  return [...groups.values()].map(({ by, probes: ps, assumptions }) => {
    const message =
      `${label} can ${listActions(ps)}${levelsNote(ps)} on ${listTargets(ps)}: ` +
      `allowed by ${statementLabel(by.index, by.statement)} of ${by.policy.name}${assumptionNote(assumptions)}`;
    return model.finding(by.policy.logicalId, message, hint);
  });
}

/**
 * A role's permissive decisions by probe, kept while the role's model lives: the task role's and
 * the execution role's least-privilege checks ask the same questions (the same request objects,
 * see grants.ts) of a role that is both.
 * (The context of a role's requests is fixed by its model, see roleRequestContext.)
 */
const decisionsByRole = new WeakMap<RoleView, WeakMap<Probe, RoleDecision>>();

function permissiveDecisions(role: RoleView): WeakMap<Probe, RoleDecision> {
  let m = decisionsByRole.get(role);
  if (!m) decisionsByRole.set(role, (m = new WeakMap()));
  return m;
}

/** The resources, those of the stack first (`objects of bucket Assets, any other object (outside this stack)`). */
function listTargets(probes: Probe[], max = 3): string {
  const whats = [...new Set(probes.map((p) => p.what))].sort((a, b) => Number(a.startsWith('any other')) - Number(b.startsWith('any other')));
  const shown = whats.slice(0, max).join(', ');
  return whats.length > max ? `${shown} and ${whats.length - max} more` : shown;
}

const LEVEL_ORDER: AccessLevel[] = ['Permissions management', 'Write', 'Tagging', 'Read', 'List'];

/** ` (write, tagging)`: the catalogue's access levels of the actions listed, riskiest first. */
function levelsNote(probes: Probe[]): string {
  const levels = new Set<AccessLevel>();
  for (const p of probes) for (const l of p.levels ?? []) levels.add(l);
  const shown = LEVEL_ORDER.filter((l) => levels.has(l)).map((l) => l.toLowerCase());
  return shown.length ? ` (${shown.join(', ')})` : '';
}

/**
 * The grants a role has beyond what it needs: every request of the catalogue (see grants.ts) the
 * role can make and `needed` does not accept, one finding per allowing statement and service,
 * with the access levels; `hint` picks advice by service.
 */
export async function grantsBeyondNeed(
  model: StackModel,
  role: RoleView,
  label: string,
  needed: (r: GrantRequest) => boolean,
  hint: (service: string) => string,
): Promise<Finding[]> {
  const extra = (await candidateRequests(model, role)).filter((r) => !needed(r));
  const byService = new Map<string, Probe[]>();
  for (const r of extra) {
    const list = byService.get(r.service);
    if (list) list.push(r);
    else byService.set(r.service, [r]);
  }
  const findings = [...byService].flatMap(([service, probes]) => mustDeny(model, role, label, probes, hint(service)).map((f) => ({ service, f })));
  return foldWideStatements(model, label, findings, hint(''));
}

/** More services than this granted by one statement are folded into one finding (AdministratorAccess reaches ~450). */
const MAX_SERVICES_PER_STATEMENT = 12;
/** Services kept apart even then: those of the resources ECS apps hold, and identity itself. */
const KEPT_SERVICES = new Set(['iam', 'sts', 's3', 'secretsmanager', 'ssm', 'kms', 'ecr', 'logs', 'ecs', 'ec2', 'dynamodb', 'sqs', 'sns', 'lambda']);

function foldWideStatements(model: StackModel, label: string, findings: { service: string; f: Finding }[], hint: string): Finding[] {
  const byStatement = new Map<string, { service: string; f: Finding }[]>();
  for (const x of findings) {
    const key = `${x.f.constructPath}|${x.f.message.slice(x.f.message.indexOf(': allowed by '))}`;
    const list = byStatement.get(key);
    if (list) list.push(x);
    else byStatement.set(key, [x]);
  }
  return [...byStatement.values()].flatMap((group) => {
    if (group.length <= MAX_SERVICES_PER_STATEMENT) return group.map((x) => x.f);
    const kept = group.filter((x) => KEPT_SERVICES.has(x.service));
    const folded = group.filter((x) => !KEPT_SERVICES.has(x.service)).map((x) => x.service);
    const first = group[0].f;
    const suffix = first.message.slice(first.message.indexOf(': allowed by '));
    const names = `${folded.slice(0, 5).join(', ')} and ${folded.length - 5} more`;
    return [...kept.map((x) => x.f), { ...first, message: `${label} can also act in ${folded.length} other services (${names})${suffix}`, hint }];
  });
}

/** Policies whose content the lab cannot read make any "cannot" unprovable. */
export function unknownPolicyFindings(model: StackModel, role: RoleView, label: string): Finding[] {
  return role.unknown
    .filter((u) => u.attachedAs === 'identity')
    .map((u) =>
      model.finding(
        role.logicalId,
        `${label} has ${u.reason} (${u.arn}), so the lab cannot prove what it does not allow`,
        'Replace it with statements defined in the stack (for example a grant such as bucket.grantRead(role)).',
      ),
    );
}

// ------------------------------------------------------------------ probe sets

const probeObject = (bucketArn: string) => `${bucketArn}/ecs-lab-probe/object.txt`;

export function objectReadProbe(bucketArn: string, what: string): Probe {
  return { action: 's3:GetObject', resource: probeObject(bucketArn), what };
}
