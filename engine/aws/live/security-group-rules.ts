// Live side of network.task-ingress-from-alb-only: the ingress rules of the tasks' security groups
// in the account are exactly the template's. A rule added by hand (or by a drift break) is one the
// template — and so every offline check and review — never saw; a rule missing is a broken deploy.
import { paginateDescribeSecurityGroupRules, type SecurityGroupRule } from '@aws-sdk/client-ec2';
import { describeRule, networkOf, normalizeProtocol, type SgRule } from '../../model/network';
import type { CheckOutcome, Finding, LiveCheckContext } from '../../types';

/** A rule reduced to what decides what it lets in: protocol, ports, and who (peer in physical ids). */
interface RuleKey {
  key: string;
  /** `tcp 443 from sg-0abc…` — for messages. */
  text: string;
}

const ALL_PORTS = { from: 0, to: 65535 };

export async function securityGroupRulesMatch(ctx: LiveCheckContext<unknown>): Promise<CheckOutcome> {
  const net = networkOf(ctx.model);
  const groups = [...new Set(net.services.flatMap((s) => s.securityGroups))];
  if (groups.length === 0) return { status: 'skip', reason: 'the stack gives its tasks no security group of its own to compare' };
  const findings: Finding[] = [];
  let compared = 0;
  for (const sgId of groups) {
    const groupId = ctx.resources.get(sgId)?.physicalId;
    if (!groupId) continue;
    compared++;
    const name = `security group ${ctx.model.describe(sgId)} (${groupId})`;
    const expected = new Map<string, RuleKey>();
    for (const rule of net.securityGroup(sgId)?.ingress ?? []) {
      const k = templateKey(ctx, rule);
      if (k) expected.set(k.key, k);
    }
    const actual = new Map<string, RuleKey>();
    for (const rule of await liveIngress(ctx, groupId)) {
      const k = liveKey(rule);
      actual.set(k.key, k);
    }
    for (const [key, k] of actual) {
      if (!expected.has(key)) {
        findings.push(ctx.model.finding(sgId, `${name} accepts ${k.text} in the account, a rule the template does not have (changed outside the stack)`, 'Remove the rule in the account (or `lab reset` to undo a drift break); change rules only in the stack.'));
      }
    }
    for (const [key, k] of expected) {
      if (!actual.has(key)) {
        findings.push(ctx.model.finding(sgId, `${name} lacks the template's rule ${k.text} in the account`, 'Deploy the stack again (`lab deploy`) so the account matches it.'));
      }
    }
  }
  if (compared === 0) return { status: 'skip', reason: `none of the tasks' security groups is deployed in stack ${ctx.stackName}` };
  return findings.length ? { status: 'fail', findings } : { status: 'pass' };
}

async function liveIngress(ctx: LiveCheckContext<unknown>, groupId: string): Promise<SecurityGroupRule[]> {
  const rules: SecurityGroupRule[] = [];
  const pages = paginateDescribeSecurityGroupRules({ client: ctx.clients.ec2 }, { Filters: [{ Name: 'group-id', Values: [groupId] }] });
  for await (const page of pages) rules.push(...(page.SecurityGroupRules ?? []));
  return rules.filter((r) => !r.IsEgress && r.GroupId === groupId);
}

function keyOf(protocol: string, ports: { from: number; to: number }, peer: string): RuleKey {
  const rule = { protocol, ports } as SgRule;
  return { key: `${protocol}|${ports.from}-${ports.to}|${peer}`, text: `${describeRule(rule)} from ${peer}` };
}

/** The template's rule in the account's terms: a peer group's logical id becomes its sg- id. */
function templateKey(ctx: LiveCheckContext<unknown>, rule: SgRule): RuleKey | undefined {
  const p = rule.peer;
  const peer =
    p.kind === 'cidr' ? p.cidr : p.kind === 'prefix-list' ? p.id : p.group ? ctx.resources.get(p.group)?.physicalId : /^sg-/.test(p.ref) ? p.ref : undefined;
  // A peer the deployed stack does not name (an import resolved at deploy time) cannot be compared.
  if (!peer) return undefined;
  return keyOf(rule.protocol, rule.protocol === 'all' ? ALL_PORTS : rule.ports, peer);
}

function liveKey(r: SecurityGroupRule): RuleKey {
  const protocol = normalizeProtocol(r.IpProtocol);
  const from = r.FromPort ?? -1;
  const to = r.ToPort ?? -1;
  // As in the model: -1 or no port means every port of the protocol (icmp keeps its type/code).
  const ports = protocol === 'all' || ((protocol === 'tcp' || protocol === 'udp') && (from < 0 || to < 0)) ? ALL_PORTS : { from, to };
  const peer = r.CidrIpv4 ?? r.CidrIpv6 ?? r.ReferencedGroupInfo?.GroupId ?? r.PrefixListId ?? 'unknown';
  return keyOf(protocol, ports, peer);
}
