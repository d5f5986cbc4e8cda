// The guard rails every FIS experiment of a lab must have, as pure functions of the stack model
// returning findings: targets scoped to the lab, a CloudWatch-alarm stop condition, a duration
// cap, and a role only FIS can assume that can do what the experiment needs and nothing beyond.
import { iamModelOf, roleRequestContext, simulate, statementLabel, type Assumption, type IdentityPolicy, type MatchedStatement, type RoleView } from '../../model/iam';
import type { StackModel } from '../../model/model';
import type { Finding } from '../../types';
import { experimentNeeds, forbiddenProbes, type Probe } from './needs';
import type { ExperimentView } from './read';

/** The tag the runner puts on every resource of a lab (stacks/faults LAB_TAG_KEY). */
export const LAB_TAG_KEY = 'ecs-lab:lab';
/** Longest an experiment may run, in seconds (design.md: a duration cap on every experiment). */
export const MAX_DURATION_SECONDS = 10 * 60;
/** FIS's stop-condition source for a CloudWatch alarm (FIS API, ExperimentTemplateStopCondition). */
export const ALARM_SOURCE = 'aws:cloudwatch:alarm';
export const FIS_PRINCIPAL = 'fis.amazonaws.com';
const ALARM_TYPES = new Set(['AWS::CloudWatch::Alarm', 'AWS::CloudWatch::CompositeAlarm']);
/** Actions that act once and carry no duration (FIS actions reference). */
const INSTANT_ACTIONS = new Set(['aws:ecs:stop-task', 'aws:ecs:drain-container-instances']);

const SCOPE_HINT = `Select targets by the lab tag (resourceTags { '${LAB_TAG_KEY}': '<lab id>' }, as the ./faults constructs do) or by ARNs of this stack's resources.`;

// ------------------------------------------------------------------ targets

/** The logical id a target ARN names: a Ref/GetAtt, a synthetic ARN, or an ARN ending in a resource's id. */
function stackResourceOf(model: StackModel, raw: unknown): string | undefined {
  const direct = model.targetOf(raw);
  if (direct) return direct;
  const value = String(model.resolve(raw));
  const owner = model.resolver.ownerOf(value);
  if (owner) return owner;
  // `arn:aws:ec2:…:subnet/subnet-abc`: the id after the last slash is what the resource hands out.
  const tail = value.split(/[/:]/).pop() ?? '';
  return tail ? model.resolver.ownerOf(tail) : undefined;
}

export function targetFindings(model: StackModel, e: ExperimentView): Finding[] {
  const findings: Finding[] = [];
  const targets = Object.entries(e.template.targets);
  if (targets.length === 0) findings.push(model.finding(e.logicalId, `${e.name} has no targets`, SCOPE_HINT));
  for (const [name, t] of targets) {
    const what = `${e.name}: target "${name}" (${t.resourceType ?? 'no resource type'})`;
    const arns = e.raw.resourceArns[name] ?? [];
    if (arns.length) {
      for (const raw of arns) {
        if (!stackResourceOf(model, raw)) {
          findings.push(model.finding(e.logicalId, `${what} names ${String(model.resolve(raw))}, which is not a resource of this stack`, SCOPE_HINT));
        }
      }
      continue;
    }
    const tag = t.resourceTags?.[LAB_TAG_KEY];
    if (tag === undefined || tag.trim() === '') {
      const by = t.resourceTags && Object.keys(t.resourceTags).length ? `tags ${Object.keys(t.resourceTags).join(', ')} but not ${LAB_TAG_KEY}` : 'no tag and no ARN';
      findings.push(model.finding(e.logicalId, `${what} is selected by ${by}, so it can hit any matching resource in the account, not only this lab's`, SCOPE_HINT));
    }
  }
  return findings;
}

// ------------------------------------------------------------------ stop conditions

export function stopConditionFindings(model: StackModel, e: ExperimentView): Finding[] {
  const hint = 'Add a stop condition { source: "aws:cloudwatch:alarm", value: alarm.alarmArn } on an alarm that fires when the service stops serving (the ./faults constructs make one).';
  const conditions = e.template.stopConditions ?? [];
  const alarms: Finding[] = [];
  let ok = 0;
  conditions.forEach((c, i) => {
    if (c.source !== ALARM_SOURCE) return;
    const id = model.targetOf(e.raw.stopConditionValues[i]) ?? (c.value ? model.resolver.ownerOf(c.value) : undefined);
    if (id && ALARM_TYPES.has(model.resource(id)?.type ?? '')) ok++;
    else alarms.push(model.finding(e.logicalId, `${e.name}: its stop condition points at ${c.value ?? 'nothing'}, which is not a CloudWatch alarm of this stack`, hint));
  });
  if (ok > 0) return [];
  if (alarms.length) return alarms;
  const sources = conditions.map((c) => c.source ?? '(none)');
  return [model.finding(e.logicalId, `${e.name} has no stop condition on a CloudWatch alarm${sources.length ? ` (only ${sources.join(', ')})` : ''}: nothing stops it when the service goes down`, hint)];
}

// ------------------------------------------------------------------ duration

/** Seconds of an ISO-8601 duration (`PT5M`, `PT1M30S`, `P1D`), or undefined when it is not one. */
export function parseIsoDuration(text: string): number | undefined {
  const m = /^P(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(text.trim());
  if (!m || text.trim() === 'P' || text.trim().endsWith('T')) return undefined;
  const [d, h, min, s] = m.slice(1).map((v) => (v ? Number(v) : 0));
  return d * 86_400 + h * 3_600 + min * 60 + s;
}

export function formatSeconds(seconds: number): string {
  const m = Math.floor(seconds / 60);
  const s = Math.round(seconds % 60);
  return m && s ? `${m} min ${s} s` : m ? `${m} min` : `${s} s`;
}

/**
 * The experiment's length: each action ends its own duration after the last action it starts
 * after (FIS runs actions without startAfter at once), and the experiment ends with the last one.
 */
export function experimentSeconds(e: ExperimentView): { seconds: number; problems: string[] } {
  const actions = e.template.actions;
  const problems: string[] = [];
  const own = new Map<string, number>();
  for (const [name, a] of Object.entries(actions)) {
    const text = a.parameters?.duration;
    if (text === undefined) {
      if (!INSTANT_ACTIONS.has(a.actionId ?? '')) problems.push(`action ${name} (${a.actionId}) has no duration, so the lab cannot prove when it ends`);
      own.set(name, 0);
      continue;
    }
    const seconds = parseIsoDuration(text);
    if (seconds === undefined) problems.push(`action ${name} has the duration "${text}", which is not an ISO-8601 duration such as PT5M`);
    own.set(name, seconds ?? 0);
  }
  const ends = new Map<string, number>();
  const endOf = (name: string, seen: Set<string>): number => {
    if (ends.has(name)) return ends.get(name)!;
    if (seen.has(name)) {
      problems.push(`action ${name} starts after itself (a startAfter cycle)`);
      return 0;
    }
    seen.add(name);
    const after = (actions[name]?.startAfter ?? []).filter((n) => n in actions).map((n) => endOf(n, seen));
    const end = Math.max(0, ...after) + (own.get(name) ?? 0);
    ends.set(name, end);
    return end;
  };
  const seconds = Math.max(0, ...Object.keys(actions).map((n) => endOf(n, new Set())));
  return { seconds, problems: [...new Set(problems)] };
}

export function durationFindings(model: StackModel, e: ExperimentView): Finding[] {
  const hint = `Give every timed action a duration such as PT5M, and keep the whole experiment within ${formatSeconds(MAX_DURATION_SECONDS)}.`;
  const { seconds, problems } = experimentSeconds(e);
  const findings = problems.map((p) => model.finding(e.logicalId, `${e.name}: ${p}`, hint));
  if (seconds > MAX_DURATION_SECONDS) {
    const parts = Object.entries(e.template.actions)
      .filter(([, a]) => a.parameters?.duration)
      .map(([n, a]) => `${n} ${a.parameters!.duration}`);
    findings.push(model.finding(e.logicalId, `${e.name} runs for ${formatSeconds(seconds)} (${parts.join(', ')}), longer than the ${formatSeconds(MAX_DURATION_SECONDS)} cap`, hint));
  }
  return findings;
}

// ------------------------------------------------------------------ role

function note(assumptions: Assumption<IdentityPolicy>[]): string {
  const reasons = [...new Set(assumptions.flatMap((a) => a.reasons))];
  return reasons.length ? ` (the lab assumed the worst about what it cannot decide offline: ${reasons.join('; ')})` : '';
}

/** Only fis.amazonaws.com may assume the role. */
export function trustFindings(model: StackModel, e: ExperimentView, role: RoleView): Finding[] {
  const hint = `Trust only the FIS service: assumedBy: new iam.ServicePrincipal('${FIS_PRINCIPAL}').`;
  const findings: Finding[] = [];
  let fis = false;
  for (const st of role.trust.filter((s) => s.effect === 'Allow')) {
    const principals = Object.entries(st.principals ?? {}).flatMap(([kind, values]) => values.map((v) => ({ kind, v })));
    for (const p of principals) {
      if (p.kind === 'Service' && p.v === FIS_PRINCIPAL) fis = true;
      else findings.push(model.finding(role.logicalId, `${e.name}: its role ${role.name} can also be assumed by ${p.kind === 'Service' ? p.v : `${p.kind} ${p.v}`}, not only by ${FIS_PRINCIPAL}`, hint));
    }
    if (st.notPrincipals) findings.push(model.finding(role.logicalId, `${e.name}: its role ${role.name} trusts everyone but a list of principals (NotPrincipal)`, hint));
  }
  if (!fis) findings.push(model.finding(role.logicalId, `${e.name}: its role ${role.name} does not trust ${FIS_PRINCIPAL}, so FIS cannot run the experiment`, hint));
  return findings;
}

/** One finding per needed request the role cannot make (strict: an undecidable Allow does not count). */
function cannotFindings(model: StackModel, e: ExperimentView, role: RoleView, needs: Probe[], why: string): Finding[] {
  const findings: Finding[] = [];
  for (const p of needs) {
    const d = simulate(role, { action: p.action, resource: p.resource, context: { ...roleRequestContext(model, role), ...p.context } }, { unknown: 'strict' });
    if (d.allowed) continue;
    const by = d.effect === 'explicit-deny' && d.decidedBy ? `${statementLabel(d.decidedBy.index, d.decidedBy.statement)} of ${d.decidedBy.policy.name} denies it` : 'no statement allows it';
    findings.push(
      model.finding(d.decidedBy?.policy.logicalId ?? role.logicalId, `${e.name}: its role ${role.name} cannot ${p.action} on ${p.what}, which ${why} needs: ${by}${note(d.assumptions)}`, `Allow ${p.action} on ${p.what}, scoped to them.`),
    );
  }
  return findings;
}

/** One finding per statement that lets the role make forbidden requests (permissive: an undecidable Allow counts). */
function canFindings(model: StackModel, e: ExperimentView, role: RoleView, probes: Probe[]): Finding[] {
  const groups = new Map<string, { by: MatchedStatement<IdentityPolicy>; actions: Set<string>; what: string; assumptions: Assumption<IdentityPolicy>[] }>();
  for (const p of probes) {
    const context = { ...roleRequestContext(model, role), ...p.context };
    const d = simulate(role, { action: p.action, resource: p.resource, context, contextComplete: p.contextComplete }, { unknown: 'permissive' });
    if (!d.allowed) continue;
    for (const by of d.matched) {
      const key = `${by.policy.name}#${by.index}|${p.what}`;
      const g = groups.get(key) ?? { by, actions: new Set(), what: p.what, assumptions: [] };
      g.actions.add(p.action);
      g.assumptions.push(...d.assumptions.filter((a) => a.policy === by.policy && a.index === by.index));
      groups.set(key, g);
    }
  }
  return [...groups.values()].map(({ by, actions, what, assumptions }) => {
    const list = [...actions].sort((a, b) => a.length - b.length || a.localeCompare(b));
    const shown = list.length > 4 ? `${list.slice(0, 4).join(', ')} and ${list.length - 4} more` : list.join(', ');
    return model.finding(
      by.policy.logicalId,
      `${e.name}: its role ${role.name} can ${shown} on ${what}, which no experiment needs: allowed by ${statementLabel(by.index, by.statement)} of ${by.policy.name}${note(assumptions)}`,
      'Grant the experiment role only the actions its FIS actions need, on the resources they act on (the ./faults constructs do).',
    );
  });
}

export async function roleFindings(model: StackModel, e: ExperimentView): Promise<Finding[]> {
  const roleId = iamModelOf(model).roleIdOf(e.raw.roleArn);
  if (!roleId) {
    return [model.finding(e.logicalId, `${e.name}: its role ${e.template.roleArn ?? '(none)'} is not defined in this stack, so what it can do cannot be checked`, 'Define the experiment role in the stack (the ./faults constructs do).')];
  }
  const role = iamModelOf(model).role(roleId)!;
  const findings = trustFindings(model, e, role);
  for (const u of role.unknown.filter((x) => x.attachedAs === 'identity')) {
    findings.push(model.finding(role.logicalId, `${e.name}: its role ${role.name} has ${u.reason} (${u.arn}), so the lab cannot prove what it does not allow`, 'Replace it with statements defined in the stack.'));
  }
  const needs = experimentNeeds(model, e);
  for (const id of needs.unknownActions) {
    findings.push(model.finding(e.logicalId, `${e.name}: the lab does not know what the action ${id} needs, so it cannot prove the role is enough and no more`, 'Use the actions of the ./faults library: aws:ecs:stop-task, aws:network:disrupt-connectivity, aws:ecs:task-*.'));
  }
  for (const [actionId, probes] of needs.byAction) findings.push(...cannotFindings(model, e, role, probes, actionId));
  findings.push(...cannotFindings(model, e, role, needs.common, 'the experiment'));
  findings.push(...canFindings(model, e, role, await forbiddenProbes(model, e)));
  return findings;
}

/** Every guard-rail finding of one experiment. */
export async function guardRailFindings(model: StackModel, e: ExperimentView): Promise<Finding[]> {
  return [...targetFindings(model, e), ...stopConditionFindings(model, e), ...durationFindings(model, e), ...(await roleFindings(model, e))];
}
