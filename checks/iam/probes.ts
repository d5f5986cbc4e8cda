// Simulated requests ("probes") and the findings they turn into. A check states what a role must
// be able to do (`mustAllow`, decided in strict mode) and what it must not (`mustDeny`, decided in
// permissive mode), so undecidable conditions never make a role look safer or more capable than
// it provably is.
import type { StackModel } from '../../engine/model/model';
import {
  actionsAtLevels,
  expandActionPattern,
  sampleResources,
  serviceActions,
  simulate,
  statementLabel,
  type AccessLevel,
  type Assumption,
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

/**
 * What every request the task makes is known to carry: its own role as principal, over TLS, in
 * the stack's account and region. Other keys stay unknown (see evaluate.ts).
 */
function requestContext(model: StackModel, role: RoleView) {
  return {
    'aws:PrincipalArn': role.arn,
    'aws:PrincipalAccount': model.env.account,
    'aws:PrincipalType': 'AssumedRole',
    'aws:RequestedRegion': model.env.region,
    'aws:SecureTransport': true,
  };
}

function assumptionNote(assumptions: Assumption<IdentityPolicy>[]): string {
  if (!assumptions.length) return '';
  const reasons = [...new Set(assumptions.flatMap((a) => a.reasons))];
  return ` (the lab assumed the worst about a statement it cannot decide offline: ${reasons.join('; ')})`;
}

/** Writes and permission changes first, then tagging, then reads: the ones that show the risk. */
const rank = (p: Probe) =>
  p.levels?.includes('Tagging') ? 1 : p.levels?.some((l) => l === 'Write' || l === 'Permissions management') ? 0 : 2;

/** Among those, the shortest names first: the ones a learner recognises (PutObject before PutObjectLegalHold). */
function listActions(probes: Probe[], max = 4): string {
  const sorted = [...probes].sort((a, b) => rank(a) - rank(b) || a.action.length - b.action.length || a.action.localeCompare(b.action));
  const unique = [...new Set(sorted.map((p) => p.action))];
  const shown = unique.slice(0, max).join(', ');
  return unique.length > max ? `${shown} and ${unique.length - max} more` : shown;
}

/** Why a role cannot make a request it should be able to make. */
function whyDenied(d: RoleDecision): string {
  if (d.deniedByBoundary && d.decidedBy) return `its permissions boundary (${d.decidedBy.policy.name}) does not allow it`;
  if (d.effect === 'explicit-deny' && d.decidedBy) return `${statementLabel(d.decidedBy.index, d.decidedBy.statement)} of ${d.decidedBy.policy.name} denies it`;
  return 'no statement in its policies allows it';
}

/** One finding per probe the role cannot do (strict: an undecidable Allow does not count). */
export function mustAllow(model: StackModel, role: RoleView, label: string, probes: Probe[], hint: string): Finding[] {
  const findings: Finding[] = [];
  for (const p of probes) {
    const d = simulate(role, { ...p, context: requestContext(model, role) }, { unknown: 'strict' });
    if (d.allowed) continue;
    const at = d.decidedBy?.policy.logicalId ?? role.logicalId;
    findings.push(model.finding(at, `${label} cannot ${p.action} on ${p.what}: ${whyDenied(d)}${assumptionNote(d.assumptions)}`, hint));
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
  const context = requestContext(model, role);
  for (const p of probes) {
    const d = simulate(role, { ...p, context }, { unknown: 'permissive' });
    if (!d.allowed) continue;
    for (const by of d.matched) {
      const key = `${by.policy.name}#${by.index}|${p.what}`;
      const g = groups.get(key) ?? { by, probes: [], assumptions: [] };
      g.probes.push(p);
      // Only the guesses behind this statement: its own undecidable condition, or a Deny set aside.
      g.assumptions.push(...d.assumptions.filter((a) => a.assumed === 'does not apply' || (a.policy === by.policy && a.index === by.index)));
      groups.set(key, g);
    }
  }
  return [...groups.values()].map(({ by, probes: ps, assumptions }) => {
    const message =
      `${label} can ${listActions(ps)} on ${ps[0].what}: ` +
      `allowed by ${statementLabel(by.index, by.statement)} of ${by.policy.name}${assumptionNote(assumptions)}`;
    return model.finding(by.policy.logicalId, message, hint);
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

/** Actions of a service at some access levels on the resources they act on, by resource type. */
async function serviceProbes(
  service: string,
  levels: AccessLevel[] | 'all',
  targets: Record<string, { arn: string; what: string }>,
): Promise<Probe[]> {
  const actions = levels === 'all' ? await serviceActions(service) : await actionsAtLevels(service, levels);
  // The catalogue spells some resource types with capitals (secretsmanager's `Secret`).
  const byType = new Map(Object.entries(targets).map(([type, t]) => [type.toLowerCase(), t]));
  return actions.flatMap((a) =>
    a.resourceTypes.flatMap((type) => {
      const t = byType.get(type.toLowerCase());
      return t ? [{ action: a.action, levels: a.levels, resource: t.arn, what: t.what }] : [];
    }),
  );
}

export const MODIFY: AccessLevel[] = ['Write', 'Permissions management', 'Tagging'];

/** S3 actions at the given levels on a bucket and on its objects. */
export function s3Probes(bucketArn: string, bucketName: string, levels: AccessLevel[] | 'all'): Promise<Probe[]> {
  return serviceProbes('s3', levels, {
    bucket: { arn: bucketArn, what: `bucket ${bucketName}` },
    object: { arn: probeObject(bucketArn), what: `objects of bucket ${bucketName}` },
  });
}

export function objectReadProbe(bucketArn: string, what: string): Probe {
  return { action: 's3:GetObject', resource: probeObject(bucketArn), what };
}

/** A service's modifying actions on one resource of one type (`ecr`, `repository`). */
export function modifyProbes(service: string, resourceType: string, arn: string, what: string): Promise<Probe[]> {
  return serviceProbes(service, MODIFY, { [resourceType]: { arn, what } });
}

/**
 * Every IAM action, on example ARNs from the catalogue and on every role of the stack, so a grant
 * scoped to one real role (iam:PassRole on the task role) is caught too.
 */
export async function iamProbes(model: StackModel): Promise<Probe[]> {
  const roleArns = model.ofType('AWS::IAM::Role').map((r) => String(model.resolve({ 'Fn::GetAtt': [r.logicalId, 'Arn'] })));
  const probes: Probe[] = [];
  for (const a of await expandActionPattern('iam:*')) {
    const resources = new Set(await sampleResources(a, model.env));
    if (a.resourceTypes.includes('role')) roleArns.forEach((arn) => resources.add(arn));
    for (const resource of resources) probes.push({ action: a.action, levels: a.levels, resource, what: 'IAM resources' });
  }
  return probes;
}
