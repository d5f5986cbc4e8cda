// The network view of a stack: VPCs and subnets with their routing, security groups as a graph,
// load balancers and ECS services. Built once per StackModel (`networkOf`) from resolved values,
// so checks ask questions ("can the ALB reach the tasks on 8080?") instead of walking templates.
import type { StackModel } from '../model';
import { cidrContains, cidrsCoverFamily, isAnyAddress, isNonPublicCidr, parseCidr } from './cidr';
import {
  readListeners, readLoadBalancers, readTargetGroups, forwardsTo,
  type Listener, type LoadBalancer, type TargetGroup,
} from './load-balancers';
import { readSecurityGroups, ruleCovers, type Peer, type PortRange, type Protocol, type SecurityGroup, type SgRule } from './security-groups';
import { groupUsers, type GroupUser } from './hosts';
import { EPHEMERAL_PORTS, naclAllows, readNacls, type NetworkAcl } from './nacls';
import { readServices, type EcsService } from './services';
import { readSubnets, readVpcs, type Subnet, type SubnetRef, type Vpc } from './subnets';

export * from './cidr';
export * from './hosts';
export * from './load-balancers';
export * from './nacls';
export * from './security-groups';
export * from './service-endpoints';
export * from './services';
export * from './subnets';

/** Something that is using a security group, and where it sits. */
export interface SecurityGroupMember {
  logicalId: string;
  kind: 'service' | 'load-balancer';
  subnets: SubnetRef[];
}

/**
 * A source or destination of traffic: a security group's logical id, or a CIDR block
 * (`0.0.0.0/0`, `10.0.0.0/16`, `::/0`).
 */
export type Endpoint = string;

export class Network {
  readonly vpcs: Vpc[];
  readonly subnets: Map<string, Subnet>;
  readonly securityGroups: Map<string, SecurityGroup>;
  readonly listeners: Listener[];
  readonly loadBalancers: LoadBalancer[];
  readonly targetGroups: Map<string, TargetGroup>;
  readonly services: EcsService[];
  /** Instances, launch templates and network interfaces by the security groups they wear. */
  readonly groupUsers: Map<string, GroupUser[]>;
  readonly nacls: Map<string, NetworkAcl>;
  /** The custom network ACL of each subnet that has one (others use the VPC's default, which allows all). */
  readonly naclOfSubnet: Map<string, string>;

  constructor(readonly model: StackModel) {
    this.vpcs = readVpcs(model);
    this.subnets = readSubnets(model);
    this.securityGroups = readSecurityGroups(model);
    this.listeners = readListeners(model);
    this.loadBalancers = readLoadBalancers(model, this.subnets, this.listeners);
    this.targetGroups = readTargetGroups(model);
    this.services = readServices(model, this.subnets);
    this.groupUsers = groupUsers(model);
    const nacls = readNacls(model);
    this.nacls = nacls.acls;
    this.naclOfSubnet = nacls.bySubnet;
  }

  /** VPCs joined by a VPC peering connection of the template. */
  peered(a: string, b: string): boolean {
    return this.model.ofType('AWS::EC2::VPCPeeringConnection').some((p) => {
      const ends = [this.model.targetOf(p.raw.Properties?.VpcId), this.model.targetOf(p.raw.Properties?.PeerVpcId)];
      return ends.includes(a) && ends.includes(b);
    });
  }

  /**
   * A rule of group `owner` naming group `peer` only lets anything through when the two groups
   * can talk: the same VPC, or VPCs joined by peering. Unknown VPCs give the rule the benefit.
   */
  sameNetwork(owner: string, peer: string): boolean {
    const a = this.securityGroup(owner)?.vpc;
    const b = this.securityGroup(peer)?.vpc;
    return !a || !b || a === b || this.peered(a, b);
  }

  /**
   * Network ACL problems on the path from subnet `from` to subnet `to` on `ports`: the request
   * must leave `from` and enter `to`, and the replies (to the ephemeral ports) come back.
   * Within one subnet no ACL applies; a subnet without a custom ACL allows everything.
   * `replyPorts` are the caller's ephemeral ports (a load balancer's by default; a task's own
   * calls come from TASK_EPHEMERAL_PORTS).
   */
  naclBlocks(from: Subnet, to: Subnet, ports: PortRange, replyPorts: PortRange = EPHEMERAL_PORTS): { acl: string; subnet: Subnet; what: 'out' | 'in' | 'replies-out' | 'replies-in' }[] {
    if (from.logicalId === to.logicalId || !from.cidr || !to.cidr) return [];
    const out: { acl: string; subnet: Subnet; what: 'out' | 'in' | 'replies-out' | 'replies-in' }[] = [];
    const check = (subnet: Subnet, egress: boolean, peer: string, range: PortRange, what: 'out' | 'in' | 'replies-out' | 'replies-in') => {
      const id = this.naclOfSubnet.get(subnet.logicalId);
      const acl = id ? this.nacls.get(id) : undefined;
      if (acl && !naclAllows(acl, egress, peer, range)) out.push({ acl: acl.logicalId, subnet, what });
    };
    check(to, false, from.cidr, ports, 'in');
    check(to, true, from.cidr, replyPorts, 'replies-out');
    check(from, true, to.cidr, ports, 'out');
    check(from, false, to.cidr, replyPorts, 'replies-in');
    return out;
  }

  securityGroup(logicalId: string): SecurityGroup | undefined {
    return this.securityGroups.get(logicalId);
  }

  loadBalancer(logicalId: string): LoadBalancer | undefined {
    return this.loadBalancers.find((lb) => lb.logicalId === logicalId);
  }

  /** Services and load balancers that use a security group. */
  membersOf(sg: string): SecurityGroupMember[] {
    return [
      ...this.services.filter((s) => s.securityGroups.includes(sg)).map((s) => ({ logicalId: s.logicalId, kind: 'service' as const, subnets: s.subnets })),
      ...this.loadBalancers.filter((l) => l.securityGroups.includes(sg)).map((l) => ({ logicalId: l.logicalId, kind: 'load-balancer' as const, subnets: l.subnets })),
    ];
  }

  /** The address blocks a group's members can have (their subnets' CIDRs); empty when unknown. */
  addressesOf(sg: string): string[] {
    const blocks = this.membersOf(sg).flatMap((m) => m.subnets.map((s) => s.subnet?.cidr));
    if (blocks.length === 0 || blocks.some((b) => !b)) return [];
    return [...new Set(blocks as string[])];
  }

  /** Does a rule's peer include the endpoint? A CIDR peer includes a group when it holds all its members' subnets. */
  peerIncludes(peer: Peer, endpoint: Endpoint): boolean {
    const asCidr = parseCidr(endpoint);
    if (peer.kind === 'prefix-list') return false;
    if (asCidr) return peer.kind === 'cidr' && cidrContains(peer.cidr, endpoint);
    if (peer.kind === 'sg') return peer.group === endpoint;
    if (peer.cidr === '0.0.0.0/0') return true;
    const blocks = this.addressesOf(endpoint);
    return blocks.length > 0 && blocks.every((b) => cidrContains(peer.cidr, b));
  }

  /** Ingress rules of `sg` whose source includes `source`. */
  ingressFrom(sg: string, source: Endpoint): SgRule[] {
    return (this.securityGroup(sg)?.ingress ?? []).filter((r) => this.peerIncludes(r.peer, source) && (r.peer.kind !== 'sg' || this.sameNetwork(sg, source)));
  }

  /** Egress rules of `sg` whose destination includes `destination`. */
  egressTo(sg: string, destination: Endpoint): SgRule[] {
    return (this.securityGroup(sg)?.egress ?? []).filter((r) => this.peerIncludes(r.peer, destination) && (r.peer.kind !== 'sg' || this.sameNetwork(sg, destination)));
  }

  allowsIngress(sg: string, source: Endpoint, port: number | PortRange, protocol: Protocol = 'tcp'): boolean {
    return this.ingressFrom(sg, source).some((r) => ruleCovers(r, port, protocol));
  }

  allowsEgress(sg: string, destination: Endpoint, port: number | PortRange, protocol: Protocol = 'tcp'): boolean {
    return this.egressTo(sg, destination).some((r) => ruleCovers(r, port, protocol));
  }

  /**
   * Ingress rules open to anyone (their ports say how far open): from 0.0.0.0/0 or ::/0, or from a
   * block that, with the group's other blocks letting in at least the same traffic, covers every
   * address (0.0.0.0/1 + 128.0.0.0/1 is the internet too).
   */
  openToInternet(sg: string): SgRule[] {
    const ingress = this.securityGroup(sg)?.ingress ?? [];
    return ingress.filter((r) => {
      if (r.peer.kind !== 'cidr') return false;
      if (isAnyAddress(r.peer.cidr)) return true;
      const family = r.peer.family;
      const alongside = ingress.filter((q) => q.peer.kind === 'cidr' && q.peer.family === family && letsInAtLeast(q, r));
      return cidrsCoverFamily(alongside.map((q) => (q.peer as { cidr: string }).cidr), family);
    });
  }

  /** Can anyone on the internet (every IPv4 or every IPv6 address) reach `port`, one block or several together? */
  internetCanReach(sg: string, port: number | PortRange, protocol: Protocol = 'tcp'): boolean {
    const blocks = (this.securityGroup(sg)?.ingress ?? []).filter((r) => r.peer.kind === 'cidr' && ruleCovers(r, port, protocol));
    return ([4, 6] as const).some((family) =>
      cidrsCoverFamily(blocks.filter((r) => (r.peer as { family: number }).family === family).map((r) => (r.peer as { cidr: string }).cidr), family),
    );
  }

  /**
   * Can someone outside the VPC's private address space reach `port`: the whole internet, a public
   * block (an office range), or a managed prefix list (CloudFront's origin-facing list, say), whose
   * members offline we cannot list but which is there to let someone in.
   */
  outsideCanReach(sg: string, port: number | PortRange, protocol: Protocol = 'tcp'): boolean {
    if (this.internetCanReach(sg, port, protocol)) return true;
    return (this.securityGroup(sg)?.ingress ?? []).some((r) =>
      ruleCovers(r, port, protocol) && (r.peer.kind === 'prefix-list' || (r.peer.kind === 'cidr' && !isNonPublicCidr(r.peer.cidr))));
  }

  /**
   * Security groups are checked at both ends: the source must let the traffic out and the
   * destination let it in. Either side may be several groups (an interface with many groups
   * gets the union of their rules).
   */
  canReach(src: string | string[], dst: string | string[], port: number | PortRange, protocol: Protocol = 'tcp'): boolean {
    const from = typeof src === 'string' ? [src] : src;
    const to = typeof dst === 'string' ? [dst] : dst;
    const out = from.some((s) => to.some((d) => this.allowsEgress(s, d, port, protocol)));
    const into = to.some((d) => from.some((s) => this.allowsIngress(d, s, port, protocol)));
    return out && into;
  }

  /** Load balancers with a listener that forwards to one of the service's target groups. */
  loadBalancersInFrontOf(service: EcsService): LoadBalancer[] {
    const groups = service.targets.map((t) => t.targetGroup).filter((g): g is string => !!g);
    return this.loadBalancers.filter((lb) => lb.listeners.some((l) => groups.some((g) => forwardsTo(l, g))));
  }

  /**
   * The ports a load balancer must reach a service's tasks on: each container port behind a target
   * group, and a health check port when the target group names one.
   */
  targetPorts(service: EcsService): number[] {
    const ports = new Set<number>();
    for (const t of service.targets) {
      if (t.containerPort !== undefined) ports.add(t.containerPort);
      const hc = t.targetGroup ? this.targetGroups.get(t.targetGroup)?.healthCheck : undefined;
      if (hc?.enabled && typeof hc.port === 'number') ports.add(hc.port);
    }
    return [...ports].sort((a, b) => a - b);
  }

  /**
   * The ports a load balancer must reach where the tasks listen: with awsvpc the container ports
   * (as `targetPorts`), on container instances the host ports (bridge mode's dynamic range when the
   * host port is 0), and an explicit health check port. Undefined when a target's port mapping
   * cannot be found in the task definition.
   */
  targetPortRanges(service: EcsService): PortRange[] | undefined {
    const ranges: PortRange[] = [];
    const add = (r: PortRange) => {
      if (!ranges.some((x) => x.from === r.from && x.to === r.to)) ranges.push(r);
    };
    for (const t of service.targets) {
      if (t.containerPort === undefined) continue;
      const ports = t.ports ?? (service.placement === 'task' ? { from: t.containerPort, to: t.containerPort } : undefined);
      if (!ports) return undefined;
      add(ports);
      const hc = t.targetGroup ? this.targetGroups.get(t.targetGroup)?.healthCheck : undefined;
      if (hc?.enabled && typeof hc.port === 'number') add({ from: hc.port, to: hc.port });
    }
    return ranges.sort((a, b) => a.from - b.from);
  }
}

/** Does rule `q` let in every protocol and port that rule `r` does? */
function letsInAtLeast(q: SgRule, r: SgRule): boolean {
  if (q.protocol === 'all') return true;
  return q.protocol === r.protocol && q.ports.from <= r.ports.from && q.ports.to >= r.ports.to;
}

const cache = new WeakMap<StackModel, Network>();

/** The network view of a model, built on first use and shared by every check of the run. */
export function networkOf(model: StackModel): Network {
  let net = cache.get(model);
  if (!net) {
    net = new Network(model);
    cache.set(model, net);
  }
  return net;
}
