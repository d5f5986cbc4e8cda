import type { Finding } from '../../engine/types';
import { defineCheck } from '../../engine/types';
import { describePeer, describePorts, describeRule, forwardsTo, isAnyAddress, networkOf, preservesClientIp, type PortRange, type SgRule } from '../../engine/model/network';
import { fedByLoadBalancer } from './fed-services';
import { verdict } from './verdict';

/**
 * The tasks' security groups name their one legitimate caller: every ingress rule must come from
 * the load balancer's security group and open only the ports the load balancer uses (the
 * container port, and a separate health check port if the target group has one). A CIDR source
 * — even the VPC's own range — lets in more than the load balancer, so it fails.
 */
export const taskIngressFromAlbOnly = defineCheck({
  id: 'network.task-ingress-from-alb-only',
  title: 'Tasks accept traffic only from the load balancer, only on the container port',
  severity: 'high',
  why:
    'Referencing the load balancer\'s security group instead of an address range means "whatever the load balancer ' +
    'is, today and after it scales" and nothing else. Every extra port or CIDR on a task is a way in that skips the ' +
    'load balancer\'s TLS, logging and routing, and turns one compromised host into a path to your containers.',
  refs: {
    securityHub: ['EC2.18', 'EC2.19'],
    cdkNag: ['AwsSolutions-EC23'],
    soc2: ['CC6.6'],
    wellArchitected: ['SEC 5: Protect your network resources'],
    docs: ['https://docs.aws.amazon.com/AmazonECS/latest/bestpracticesguide/security-network.html'],
  },
  offline({ model }) {
    const net = networkOf(model);
    if (net.services.length === 0) {
      return { status: 'fail', findings: [{ message: 'the stack has no ECS service, so there is no task security group to judge', hint: 'Put the Fargate service back; the lab is about guarding it.' }] };
    }
    const findings: Finding[] = [];
    const unknowns: string[] = [];
    const judged = new Set<SgRule>();
    const sharedReported = new Set<string>();
    for (const svc of net.services) {
      const name = model.describe(svc.logicalId);
      if (svc.unknown) {
        unknowns.push(`service ${name}: ${svc.unknown}`);
        continue;
      }
      const lbs = net.loadBalancersInFrontOf(svc);
      const lbGroups = new Set(lbs.flatMap((lb) => lb.securityGroups));
      const lbOutsideGroups = new Set(lbs.flatMap((lb) => lb.externalSecurityGroups));
      // An imported load balancer's groups are not in the template: a rule from a group defined
      // elsewhere may be exactly the one it needs.
      const lbGroupsUnknown = lbs.some((lb) => lb.imported);
      const ports = net.targetPortRanges(svc);
      if (lbs.length === 0 || net.targetPorts(svc).length === 0) {
        // Beside a service the load balancer feeds, one it does not (a worker, a Service Connect
        // backend) is not this check's subject; with none fed at all, the path itself is missing.
        if (fedByLoadBalancer(net).length > 0) continue;
        findings.push(model.finding(svc.logicalId, `service ${name} gets no traffic from a load balancer, so there is no caller its tasks should accept`, 'Keep the service registered with the load balancer\'s target group.'));
        continue;
      }
      if (!ports) {
        unknowns.push(`service ${name}: the host port of its load-balanced container cannot be found in its task definition`);
        continue;
      }
      const whose = svc.placement === 'instance' ? ' (its container instances)' : '';
      // An internet-facing network load balancer that preserves client IPs hands the tasks the
      // clients' own addresses: a CIDR rule on exactly the target ports is then its path.
      const clientsArrive = lbs.some((lb) => lb.type === 'network' && lb.scheme === 'internet-facing'
        && svc.targets.some((t) => t.targetGroup && lb.listeners.some((l) => forwardsTo(l, t.targetGroup!)) && preservesClientIp(net.targetGroups.get(t.targetGroup)!)));
      const layer4WithoutGroups = lbs.every((lb) => lb.type === 'network' && lb.securityGroups.length === 0 && lb.externalSecurityGroups.length === 0 && !lb.imported);
      if (lbGroups.size === 0 && layer4WithoutGroups) {
        // A network load balancer without security groups has none to name; its path is judged by alb-reaches-tasks.
      } else if (lbGroups.size === 0 && (lbGroupsUnknown || lbOutsideGroups.size)) {
        unknowns.push(`service ${name}: its load balancer's security groups are not defined in this template, so which source is the load balancer cannot be told`);
      } else if (lbGroups.size === 0) {
        const lbName = model.describe(lbs[0].logicalId);
        findings.push(model.finding(lbs[0].logicalId, `load balancer ${lbName} has no security group of this stack, so the tasks cannot name it as their only source`, 'Give the load balancer its own security group and let the tasks accept traffic from that group.'));
      }
      for (const ext of svc.externalSecurityGroups) {
        unknowns.push(`service ${name}: it uses security group ${ext}, which this template does not define, so its rules cannot be checked`);
      }
      if (svc.securityGroups.length === 0 && svc.externalSecurityGroups.length === 0) {
        findings.push(svc.placement === 'instance'
          ? model.finding(svc.logicalId, `service ${name} runs on container instances whose launch template names no security group, so they get the VPC's default group`, 'Give the container instances their own security group.')
          : model.finding(svc.logicalId, `service ${name} names no security group, so its tasks get the VPC's default group`, 'Give the tasks their own security group.'));
      }
      const portList = ports.map((p) => describePorts(p)).join(' and ');
      const ownGroups = new Set(svc.securityGroups);
      // A load balancer group that something else also wears lets that something in too.
      for (const g of lbGroups) {
        if (![...ownGroups].some((t) => (net.securityGroup(t)?.ingress ?? []).some((r) => r.peer.kind === 'sg' && r.peer.group === g))) continue;
        if (sharedReported.has(g)) continue;
        sharedReported.add(g);
        const lb = lbs.find((l) => l.securityGroups.includes(g))!;
        const others = [
          ...(net.groupUsers.get(g) ?? []).map((u) => `${u.kind} ${model.describe(u.logicalId)}`),
          ...net.services.filter((s) => s.logicalId !== svc.logicalId && s.securityGroups.includes(g)).map((s) => `service ${model.describe(s.logicalId)}`),
        ];
        for (const other of others) {
          findings.push(model.finding(g, `load balancer ${model.describe(lb.logicalId)}'s security group ${model.describe(g)} is also attached to ${other}, so the tasks' rule that lets the load balancer in lets that ${other.split(' ')[0]} in too`, 'Give the load balancer a security group of its own and nothing else.'));
        }
      }
      for (const sgId of svc.securityGroups) {
        for (const rule of net.securityGroup(sgId)?.ingress ?? []) {
          if (judged.has(rule)) continue;
          judged.add(rule);
          const fromLb = rule.peer.kind === 'sg' && (rule.peer.group ? lbGroups.has(rule.peer.group) : lbOutsideGroups.has(rule.peer.ref));
          if (fromLb && onlyPorts(rule, ports)) continue;
          if (clientsArrive && rule.peer.kind === 'cidr' && onlyPorts(rule, ports)) continue;
          if (rule.peer.kind === 'sg' && !rule.peer.group && lbGroupsUnknown && onlyPorts(rule, ports)) {
            unknowns.push(`service ${name}: security group ${rule.peer.ref} is not defined in this template and may be its imported load balancer's`);
            continue;
          }
          const source = describePeer(rule.peer, (id) => model.describe(id));
          const who = rule.peer.kind === 'cidr' && isAnyAddress(rule.peer.cidr) ? `${source} (anyone on the internet)` : source;
          const message = fromLb
            ? `security group ${model.describe(sgId)} of service ${name}${whose} accepts ${describeRule(rule)} from the load balancer, which only needs ${portList}`
            : `security group ${model.describe(sgId)} of service ${name}${whose} accepts ${describeRule(rule)} from ${who}`;
          const hint = fromLb
            ? `Narrow the rule to ${portList}, the port the load balancer forwards to.`
            : `Remove this rule; let only the load balancer's security group in, on ${portList}.`;
          findings.push(model.finding(rule.definedBy, message, hint));
        }
      }
    }
    return verdict(findings, unknowns);
  },
  // The aws target: the groups' rules in the account are exactly the template's (loaded on use).
  live: async (ctx) => (await import('../../engine/aws/live/security-group-rules')).securityGroupRulesMatch(ctx),
});

/** A tcp rule whose every port is one the load balancer needs (a port, or a range such as bridge mode's dynamic ports). */
function onlyPorts(rule: SgRule, ports: PortRange[]): boolean {
  if (rule.protocol !== 'tcp') return false;
  return ports.some((p) => rule.ports.from >= p.from && rule.ports.to <= p.to)
    || (rule.ports.to - rule.ports.from <= 16 && everyPortIn(rule, ports));
}

function everyPortIn(rule: SgRule, ports: PortRange[]): boolean {
  for (let p = rule.ports.from; p <= rule.ports.to; p++) if (!ports.some((r) => p >= r.from && p <= r.to)) return false;
  return true;
}

