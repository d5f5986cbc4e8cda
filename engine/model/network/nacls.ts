// Network ACLs: numbered allow/deny entries per direction on a subnet, evaluated lowest number
// first, ending in an implicit deny. They are stateless, so a connection needs the request let
// through one way and the replies (to the caller's ephemeral port) the other way. A subnet with
// no association in the template uses the VPC's default ACL, which allows everything.
import type { StackModel } from '../model';
import { cidrContains, parseCidr } from './cidr';
import { normalizeProtocol, type PortRange, type Protocol } from './security-groups';

/**
 * The ports a load balancer's connections come from, which the replies go back to: the range
 * the Elastic Load Balancing docs tell you to allow in network ACLs for load balancer traffic
 * (docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-update-security-groups.html#nacl).
 */
export const EPHEMERAL_PORTS: PortRange = { from: 1024, to: 65535 };

/**
 * The ports a task's own connections come from (its Linux kernel's default ip_local_port_range,
 * 32768-60999; the VPC docs' "ephemeral ports" section names the Linux range). Replies to the
 * task's calls come back to these, so an ACL that denies 3389 inbound before allowing 1024-65535
 * still lets them in. Windows tasks use 49152-65535 and are not modelled.
 */
export const TASK_EPHEMERAL_PORTS: PortRange = { from: 32768, to: 60999 };

export interface NaclEntry {
  logicalId: string;
  ruleNumber: number;
  egress: boolean;
  allow: boolean;
  cidr: string;
  protocol: Protocol;
  ports: PortRange;
}

export interface NetworkAcl {
  logicalId: string;
  entries: NaclEntry[];
}

export function readNacls(model: StackModel): { acls: Map<string, NetworkAcl>; bySubnet: Map<string, string> } {
  const acls = new Map<string, NetworkAcl>();
  for (const r of model.ofType('AWS::EC2::NetworkAcl')) acls.set(r.logicalId, { logicalId: r.logicalId, entries: [] });
  for (const r of model.ofType('AWS::EC2::NetworkAclEntry')) {
    const acl = acls.get(model.targetOf(r.raw.Properties?.NetworkAclId) ?? '');
    const cidr = r.props.CidrBlock ?? r.props.Ipv6CidrBlock;
    if (!acl || typeof cidr !== 'string') continue;
    const protocol = normalizeProtocol(r.props.Protocol);
    const from = Number(r.props.PortRange?.From);
    const to = Number(r.props.PortRange?.To);
    acl.entries.push({
      logicalId: r.logicalId,
      ruleNumber: Number(r.props.RuleNumber),
      egress: r.props.Egress === true || r.props.Egress === 'true',
      allow: String(r.props.RuleAction).toLowerCase() === 'allow',
      cidr,
      protocol,
      ports: protocol === 'all' || !Number.isFinite(from) || !Number.isFinite(to) ? { from: 0, to: 65535 } : { from, to },
    });
  }
  for (const acl of acls.values()) acl.entries.sort((a, b) => a.ruleNumber - b.ruleNumber);
  const bySubnet = new Map<string, string>();
  for (const a of model.ofType('AWS::EC2::SubnetNetworkAclAssociation')) {
    const subnet = model.targetOf(a.raw.Properties?.SubnetId);
    const acl = model.targetOf(a.raw.Properties?.NetworkAclId);
    if (subnet && acl && acls.has(acl)) bySubnet.set(subnet, acl);
  }
  return { acls, bySubnet };
}

const overlaps = (a: string, b: string) => cidrContains(a, b) || cidrContains(b, a);

/**
 * Does the ACL let all of `ports` through for every address of `peer`? The first entry (by
 * number) that matches decides; an entry that covers only part of the addresses or ports decides
 * for that part, so a partial deny blocks and a partial allow leaves the rest to later entries.
 */
export function naclAllows(acl: NetworkAcl, egress: boolean, peer: string, ports: PortRange, protocol: Protocol = 'tcp'): boolean {
  if (!parseCidr(peer)) return true;
  const proto = normalizeProtocol(protocol);
  for (const e of acl.entries) {
    if (e.egress !== egress || !overlaps(e.cidr, peer)) continue;
    if (e.protocol !== 'all' && e.protocol !== proto) continue;
    if (e.ports.to < ports.from || e.ports.from > ports.to) continue;
    const whole = cidrContains(e.cidr, peer) && e.ports.from <= ports.from && e.ports.to >= ports.to;
    if (!e.allow) return false;
    if (whole) return true;
  }
  return false;
}
