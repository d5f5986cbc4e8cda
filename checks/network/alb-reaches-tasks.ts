import type { Finding } from '../../engine/types';
import { defineCheck } from '../../engine/types';
import { describePorts, forwardsTo, networkOf, preservesClientIp, type EcsService, type LoadBalancer, type Network, type PortRange } from '../../engine/model/network';
import { fedByLoadBalancer } from './fed-services';
import { verdict } from './verdict';
import { EPHEMERAL_PORTS as EPHEMERAL } from '../../engine/model/network';

/**
 * The other half of tight security groups: the load balancer can still reach the tasks on every
 * port it needs (container port, health check port). Security groups are checked at both ends,
 * so the load balancer's group must let the traffic out and the tasks' group let it in.
 */
export const albReachesTasks = defineCheck({
  id: 'network.alb-reaches-tasks',
  title: 'The load balancer can still reach the tasks on the container port',
  severity: 'critical',
  why:
    'Locking a security group down is easy; locking it down so the application still works is the skill. ' +
    'A connection needs an egress rule on the sender and an ingress rule on the receiver; miss either and the ' +
    'targets fail their health checks and every request ends in a 502 or 503.',
  refs: {
    wellArchitected: ['SEC 5: Protect your network resources', 'REL 10: Use fault isolation to protect your workload'],
    docs: ['https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-update-security-groups.html'],
  },
  offline({ model }) {
    const net = networkOf(model);
    if (net.services.length === 0) {
      return { status: 'fail', findings: [{ message: 'the stack has no ECS service for the load balancer to reach', hint: 'Put the Fargate service back.' }] };
    }
    const findings: Finding[] = [];
    const unknowns: string[] = [];
    for (const svc of net.services) {
      const name = model.describe(svc.logicalId);
      if (svc.unknown) {
        unknowns.push(`service ${name}: ${svc.unknown}`);
        continue;
      }
      const lbs = net.loadBalancersInFrontOf(svc);
      const ports = net.targetPortRanges(svc);
      if (lbs.length === 0 || net.targetPorts(svc).length === 0) {
        // Beside a service the load balancer feeds, one it does not (a worker, a Service Connect
        // backend) is not this check's subject; with none fed at all, the path itself is missing.
        if (fedByLoadBalancer(net).length > 0) continue;
        findings.push(model.finding(svc.logicalId, `service ${name} is not a target of any load balancer listener, so no load balancer sends it traffic`, 'Keep the service registered with the listener\'s target group.'));
        continue;
      }
      if (!ports) {
        unknowns.push(`service ${name}: the host port of its load-balanced container cannot be found in its task definition`);
        continue;
      }
      if (svc.securityGroups.length === 0 && svc.externalSecurityGroups.length) {
        unknowns.push(`service ${name}: its security groups (${svc.externalSecurityGroups.join(', ')}) are not defined in this template, so whether the load balancer gets in cannot be told`);
        continue;
      }
      if (svc.securityGroups.length === 0) {
        findings.push(model.finding(svc.logicalId, `service ${name} has no security group of this stack, so whether the load balancer gets in cannot be checked`, 'Give the tasks their own security group and let the load balancer\'s group in on the container port.'));
        continue;
      }
      for (const lb of lbs) {
        for (const port of ports) {
          const problems = reachProblems(net, lb, svc, port);
          if (typeof problems === 'string') unknowns.push(problems);
          else findings.push(...problems, ...naclProblems(net, lb, svc, port));
        }
      }
    }
    return verdict(findings, unknowns);
  },
  // The aws target: the load balancer's health checks reach the tasks (loaded on use).
  live: async (ctx) => (await import('../../engine/aws/live/target-health')).targetHealth(ctx),
});

/** What blocks the path on one port range, or why that cannot be told (a string). */
function reachProblems(net: Network, lb: LoadBalancer, svc: EcsService, port: PortRange): Finding[] | string {
  const { model } = net;
  const who = svc.placement === 'instance' ? 'container instances' : 'tasks';
  const dynamic = svc.targets.some((t) => t.dynamic && t.ports === port);
  const ports = `${describePorts(port)}${dynamic ? ' (the dynamic host ports of bridge mode)' : ''}`;
  const lbName = model.describe(lb.logicalId);
  const svcName = model.describe(svc.logicalId);
  if (lb.imported) return `load balancer ${lbName} is not defined in this template, so its security groups and its path to service ${svcName} cannot be told`;
  // With client IP preservation the packets reach the tasks from the clients' own addresses, so
  // a rule naming the load balancer (its group or its subnets) no longer lets them in.
  const preserving = lb.type === 'network' && svc.targets.some((t) => t.targetGroup && lb.listeners.some((l) => forwardsTo(l, t.targetGroup!))
    && preservesClientIp(net.targetGroups.get(t.targetGroup)!));
  if (preserving && lb.scheme === 'internet-facing') {
    if (svc.securityGroups.some((t) => net.outsideCanReach(t, port))) return [];
    if (svc.externalSecurityGroups.length) return `security groups ${svc.externalSecurityGroups.join(', ')} are not defined in this template and may let the clients of load balancer ${lbName} in`;
    return [model.finding(svc.securityGroups[0], `load balancer ${lbName} preserves client IP addresses (target group of service ${svcName}), so the ${who} see the clients' addresses, and their security groups let no client outside the VPC in on ${ports}`, `Let the clients in on ${describePorts(port)} (0.0.0.0/0 for a public service), or turn preserve_client_ip.enabled off on the target group.`)];
  }
  if (lb.securityGroups.length === 0) {
    if (lb.externalSecurityGroups.length) {
      return `load balancer ${lbName} uses security groups this template does not define (${lb.externalSecurityGroups.join(', ')}), so its path to service ${svcName} cannot be told`;
    }
    // A load balancer without security groups (an NLB) connects from addresses in its own subnets.
    const blocks = lb.subnets.map((s) => s.subnet?.cidr);
    const admitted = blocks.length > 0 && blocks.every((b) => !!b && svc.securityGroups.some((t) => net.allowsIngress(t, b, port)));
    return admitted ? [] : [model.finding(svc.securityGroups[0], `${who} of service ${svcName} do not accept ${ports} from the subnets of load balancer ${lbName}`, `Allow ${describePorts(port)} in from the load balancer's subnets.`)];
  }
  // Rules of all groups on an interface add up, so any group on either side may carry the path.
  if (net.canReach(lb.securityGroups, svc.securityGroups, port)) return [];
  // A group defined elsewhere may carry the path: no evidence either way.
  const outside = [...lb.externalSecurityGroups, ...svc.externalSecurityGroups];
  if (outside.length) return `security groups ${outside.join(', ')} are not defined in this template and may let load balancer ${lbName} reach service ${svcName} on ${describePorts(port)}`;
  const pairs = lb.securityGroups.flatMap((a) => svc.securityGroups.map((t) => [a, t] as const));
  const findings: Finding[] = [];
  if (!pairs.some(([a, t]) => net.allowsIngress(t, a, port))) {
    findings.push(model.finding(svc.securityGroups[0], `${who} of service ${svcName} do not accept ${ports} from load balancer ${lbName}'s security group, so it cannot reach them`, `Let the load balancer's security group in on ${describePorts(port)} (for example taskGroup.connections.allowFrom(lbGroup, ${portCode(port)})).`));
  }
  if (!pairs.some(([a, t]) => net.allowsEgress(a, t, port))) {
    findings.push(model.finding(lb.securityGroups[0], `load balancer ${lbName}'s security group lets no traffic out to the ${who} of service ${svcName} on ${ports}`, `Allow egress from the load balancer's security group to the ${who}' security group on ${describePorts(port)}.`));
  }
  return findings;
}

/** The CDK spelling of a port or range, for hints. */
function portCode(port: PortRange): string {
  return port.from === port.to ? `ec2.Port.tcp(${port.from})` : `ec2.Port.tcpRange(${port.from}, ${port.to})`;
}

/** Network ACLs between the load balancer's subnets and the tasks' (or instances') subnets. */
function naclProblems(net: Network, lb: LoadBalancer, svc: EcsService, port: PortRange): Finding[] {
  const { model } = net;
  const lbName = model.describe(lb.logicalId);
  const svcName = model.describe(svc.logicalId);
  const who = svc.placement === 'instance' ? 'container instances' : 'tasks';
  const ports = describePorts(port);
  const replies = describePorts(EPHEMERAL);
  const findings: Finding[] = [];
  const seen = new Set<string>();
  for (const a of lb.subnets) {
    for (const b of svc.subnets) {
      if (!a.subnet || !b.subnet) continue;
      for (const block of net.naclBlocks(a.subnet, b.subnet, port)) {
        const key = `${block.acl}|${block.subnet.logicalId}|${block.what}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const acl = model.describe(block.acl);
        const from = `${model.describe(a.subnet.logicalId)} (${a.subnet.cidr})`;
        const to = `${model.describe(b.subnet.logicalId)} (${b.subnet.cidr})`;
        const message = {
          in: `network ACL ${acl} of subnet ${model.describe(b.subnet.logicalId)} lets no ${ports} in from load balancer ${lbName}'s subnet ${from}, so it cannot reach the ${who} of service ${svcName}`,
          'replies-out': `network ACL ${acl} of subnet ${model.describe(b.subnet.logicalId)} lets no replies (${replies}) out to load balancer ${lbName}'s subnet ${from}; network ACLs are stateless, so the ${who} of service ${svcName} cannot answer`,
          out: `network ACL ${acl} of load balancer ${lbName}'s subnet ${model.describe(a.subnet.logicalId)} lets no ${ports} out to subnet ${to} of service ${svcName}`,
          'replies-in': `network ACL ${acl} of load balancer ${lbName}'s subnet ${model.describe(a.subnet.logicalId)} lets no replies (${replies}) in from subnet ${to} of service ${svcName}`,
        }[block.what];
        findings.push(model.finding(block.acl, message, `Network ACLs are stateless: allow ${ports} from the load balancer's subnets in, and ${replies} back out, on the ${who}' subnets (and the mirror on the load balancer's).`));
      }
    }
  }
  return findings;
}

