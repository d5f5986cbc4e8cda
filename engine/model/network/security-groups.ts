// Security groups as a graph: every ingress and egress rule of the stack, inline on the group or
// standalone (AWS::EC2::SecurityGroupIngress/Egress, which is how CDK writes rules between two
// groups), with its peer (CIDR, another group, a prefix list), protocol and ports.
import type { StackModel } from '../model';

export type Peer =
  | { kind: 'cidr'; cidr: string; family: 4 | 6 }
  /** `group` is the peer's logical id when it is defined in this stack. */
  | { kind: 'sg'; ref: string; group?: string }
  | { kind: 'prefix-list'; id: string };

/** `all` is IpProtocol -1: every protocol and every port. */
export type Protocol = 'all' | 'tcp' | 'udp' | 'icmp' | 'icmpv6' | string;

export interface PortRange {
  from: number;
  to: number;
}

export interface SgRule {
  direction: 'ingress' | 'egress';
  /** Logical id of the group the rule belongs to. */
  group: string;
  peer: Peer;
  protocol: Protocol;
  /** For tcp/udp the port range; for `all` 0-65535; for icmp the type/code pair as written. */
  ports: PortRange;
  description?: string;
  /** The resource that defines the rule: the group itself (inline) or a standalone rule resource. */
  definedBy: string;
  /** The allow-all egress rule AWS adds to a group created without egress rules. */
  implicit?: boolean;
}

export interface SecurityGroup {
  logicalId: string;
  vpc?: string;
  description?: string;
  ingress: SgRule[];
  egress: SgRule[];
}

const ALL_PORTS: PortRange = { from: 0, to: 65535 };

const PROTOCOL_NUMBERS: Record<string, Protocol> = { '-1': 'all', '6': 'tcp', '17': 'udp', '1': 'icmp', '58': 'icmpv6' };

export function normalizeProtocol(value: unknown): Protocol {
  const text = String(value ?? '-1').toLowerCase();
  return PROTOCOL_NUMBERS[text] ?? text;
}

function portsOf(protocol: Protocol, from: unknown, to: unknown): PortRange {
  if (protocol === 'all') return ALL_PORTS;
  const f = Number(from);
  const t = Number(to);
  // -1 or a missing port means every port of the protocol.
  if (!Number.isFinite(f) || !Number.isFinite(t) || f < 0 || t < 0) return ALL_PORTS;
  return { from: f, to: t };
}

function peerOf(model: StackModel, rule: Record<string, any>, direction: 'ingress' | 'egress'): Peer | undefined {
  if (typeof rule.CidrIp === 'string') return { kind: 'cidr', cidr: rule.CidrIp, family: 4 };
  if (typeof rule.CidrIpv6 === 'string') return { kind: 'cidr', cidr: rule.CidrIpv6, family: 6 };
  const sg = direction === 'ingress' ? rule.SourceSecurityGroupId ?? rule.SourceSecurityGroupName : rule.DestinationSecurityGroupId;
  if (sg !== undefined) {
    const group = model.targetOf(sg);
    return { kind: 'sg', ref: String(sg), group: group && model.resource(group)?.type === 'AWS::EC2::SecurityGroup' ? group : undefined };
  }
  const pl = direction === 'ingress' ? rule.SourcePrefixListId : rule.DestinationPrefixListId;
  if (pl !== undefined) return { kind: 'prefix-list', id: String(pl) };
  return undefined;
}

function ruleOf(model: StackModel, props: Record<string, any>, direction: 'ingress' | 'egress', group: string, definedBy: string): SgRule | undefined {
  const peer = peerOf(model, props, direction);
  if (!peer) return undefined;
  const protocol = normalizeProtocol(props.IpProtocol);
  return { direction, group, peer, protocol, ports: portsOf(protocol, props.FromPort, props.ToPort), description: props.Description, definedBy };
}

export function readSecurityGroups(model: StackModel): Map<string, SecurityGroup> {
  const out = new Map<string, SecurityGroup>();
  for (const r of model.ofType('AWS::EC2::SecurityGroup')) {
    const inline = (list: unknown, direction: 'ingress' | 'egress') =>
      (Array.isArray(list) ? list : []).map((x) => ruleOf(model, x, direction, r.logicalId, r.logicalId)).filter((x): x is SgRule => !!x);
    out.set(r.logicalId, {
      logicalId: r.logicalId,
      vpc: model.targetOf(r.raw.Properties?.VpcId),
      description: r.props.GroupDescription,
      ingress: inline(r.props.SecurityGroupIngress, 'ingress'),
      egress: inline(r.props.SecurityGroupEgress, 'egress'),
    });
  }
  const standalone: [string, 'ingress' | 'egress'][] = [
    ['AWS::EC2::SecurityGroupIngress', 'ingress'],
    ['AWS::EC2::SecurityGroupEgress', 'egress'],
  ];
  const hasStandaloneEgress = new Set<string>();
  for (const [type, direction] of standalone) {
    for (const r of model.ofType(type)) {
      // The group may be named by a bare Ref/GetAtt or through any function that yields its id
      // (Fn::Select, Fn::Join, Fn::Sub, Fn::If): the resolved value names it all the same.
      const raw = r.raw.Properties?.GroupId ?? r.raw.Properties?.GroupName;
      const group = model.targetOf(raw) ?? model.targetOf(model.resolve(raw));
      const sg = group ? out.get(group) : undefined;
      if (!sg) continue;
      const rule = ruleOf(model, r.props, direction, sg.logicalId, r.logicalId);
      if (!rule) continue;
      sg[direction].push(rule);
      if (direction === 'egress') hasStandaloneEgress.add(sg.logicalId);
    }
  }
  // A group created without egress rules gets AWS's allow-all egress rule; CloudFormation removes
  // it once egress rules are given, inline or as separate resources (CDK relies on both).
  for (const sg of out.values()) {
    if (sg.egress.length === 0 && !hasStandaloneEgress.has(sg.logicalId)) {
      sg.egress.push({
        direction: 'egress', group: sg.logicalId, peer: { kind: 'cidr', cidr: '0.0.0.0/0', family: 4 },
        protocol: 'all', ports: ALL_PORTS, description: 'default egress rule AWS adds', definedBy: sg.logicalId, implicit: true,
      });
    }
  }
  return out;
}

/**
 * Does the rule let `protocol` traffic to `port` through? (`all` rules let everything through.)
 * A port range is let through when the rule covers every port of it.
 */
export function ruleCovers(rule: SgRule, port: number | PortRange, protocol: Protocol = 'tcp'): boolean {
  if (rule.protocol === 'all') return true;
  if (rule.protocol !== normalizeProtocol(protocol)) return false;
  if (rule.protocol !== 'tcp' && rule.protocol !== 'udp') return true;
  const range = typeof port === 'number' ? { from: port, to: port } : port;
  return range.from >= rule.ports.from && range.to <= rule.ports.to;
}

/** `tcp 443`, `tcp 32768-65535` — a port or range for messages. */
export function describePorts(port: number | PortRange, protocol: Protocol = 'tcp'): string {
  if (typeof port === 'number' || port.from === port.to) return `${protocol} ${typeof port === 'number' ? port : port.from}`;
  return `${protocol} ${port.from}-${port.to}`;
}

export function isAllPorts(rule: SgRule): boolean {
  return rule.protocol === 'all' || (rule.ports.from <= 0 && rule.ports.to >= 65535);
}

/** `tcp 443`, `tcp 8000-8100`, `all traffic` — for messages. */
export function describeRule(rule: SgRule): string {
  if (rule.protocol === 'all') return 'all traffic';
  if (rule.protocol !== 'tcp' && rule.protocol !== 'udp') return rule.protocol;
  if (isAllPorts(rule)) return `all ${rule.protocol} ports`;
  return rule.ports.from === rule.ports.to ? `${rule.protocol} ${rule.ports.from}` : `${rule.protocol} ${rule.ports.from}-${rule.ports.to}`;
}

export function describePeer(peer: Peer, name: (logicalId: string) => string): string {
  if (peer.kind === 'cidr') return peer.cidr;
  if (peer.kind === 'prefix-list') return `prefix list ${peer.id}`;
  return peer.group ? `security group ${name(peer.group)}` : `security group ${peer.ref}`;
}
