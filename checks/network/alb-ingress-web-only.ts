import type { Finding } from '../../engine/types';
import { defineCheck } from '../../engine/types';
import { describeRule, forwardsTo, networkOf, redirectsToHttps, type LoadBalancer, type Network } from '../../engine/model/network';

export interface AlbIngressParams {
  /** Ports the internet may use besides the HTTP redirect; default [443]. */
  webPorts: number[];
}

/**
 * An internet-facing application load balancer is open to the internet (0.0.0.0/0, ::/0) on 443,
 * and on 80 only when its port 80 listener does nothing but redirect to HTTPS: an open 80 that
 * serves the app would be plain-text traffic (Security Hub EC2.18 authorises 80 and 443; ELB.1
 * asks that 80 redirects). It must also still accept the traffic its serving listeners wait for
 * on its web ports from public subnets, so closing everything is not a fix; and the stack must
 * keep an internet-facing load balancer.
 */
export const albIngressWebOnly = defineCheck<AlbIngressParams>({
  id: 'network.alb-ingress-web-only',
  title: 'The internet-facing load balancer is open to the internet only for HTTPS (and the HTTP redirect)',
  severity: 'high',
  why:
    'The load balancer is the one thing meant to face the internet, so its security group is your front door: ' +
    'it should open exactly the ports your listeners serve. Every other open port is found by scanners within ' +
    'minutes, and port 80 is only worth opening to send browsers on to HTTPS.',
  refs: {
    securityHub: ['EC2.18', 'EC2.19', 'ELB.1'],
    cdkNag: ['AwsSolutions-EC23'],
    soc2: ['CC6.6'],
    wellArchitected: ['SEC 5: Protect your network resources'],
    docs: ['https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-update-security-groups.html'],
  },
  params(raw) {
    const ports = raw.webPorts ?? [443];
    if (!Array.isArray(ports) || ports.length === 0 || !ports.every((p) => Number.isInteger(p) && p >= 1 && p <= 65535)) {
      throw new Error('network.alb-ingress-web-only: webPorts must be a non-empty list of port numbers (1-65535)');
    }
    return { webPorts: ports as number[] };
  },
  offline({ model, params }) {
    const net = networkOf(model);
    const facing = net.loadBalancers.filter((lb) => lb.type === 'application' && lb.scheme === 'internet-facing');
    if (facing.length === 0) {
      return {
        status: 'fail',
        findings: [{ message: 'the stack has no internet-facing application load balancer any more, so nobody can reach the app', hint: 'Keep the load balancer internet-facing; secure it with its security group instead.' }],
      };
    }
    const findings = facing.flatMap((lb) => judge(net, lb, params.webPorts));
    return findings.length ? { status: 'fail', findings } : { status: 'pass' };
  },
});

function judge(net: Network, lb: LoadBalancer, webPorts: number[]): Finding[] {
  const { model } = net;
  const name = model.describe(lb.logicalId);
  const findings: Finding[] = [];
  const redirect80 = lb.listeners.some((l) => l.port === 80 && redirectsToHttps(l));
  const allowed = new Set([...webPorts, ...(redirect80 ? [80] : [])]);
  const allowedText = [...allowed].sort((a, b) => b - a).map((p) => `tcp ${p}`).join(' and ');
  if (lb.securityGroups.length === 0) {
    findings.push(model.finding(lb.logicalId, `load balancer ${name} has no security group of this stack, so what it lets in cannot be checked`, 'Give the load balancer its own security group.'));
  }
  for (const sgId of lb.securityGroups) {
    for (const rule of net.openToInternet(sgId)) {
      const single = rule.protocol === 'tcp' && rule.ports.from === rule.ports.to;
      if (single && allowed.has(rule.ports.from)) continue;
      const source = rule.peer.kind === 'cidr' ? rule.peer.cidr : 'the internet';
      const message = single && rule.ports.from === 80
        ? `load balancer ${name}'s security group ${model.describe(sgId)} accepts tcp 80 from ${source}, but no port 80 listener only redirects to HTTPS`
        : `load balancer ${name}'s security group ${model.describe(sgId)} accepts ${describeRule(rule)} from ${source} (anyone on the internet)`;
      findings.push(model.finding(rule.definedBy, message, `Open only ${allowedText} to the internet; remove this rule.`));
    }
  }
  // Internet-facing in name only: without a route to an internet gateway nobody reaches it.
  for (const ref of lb.subnets) {
    if (ref.subnet && ref.subnet.kind !== 'public') {
      findings.push(model.finding(lb.logicalId, `internet-facing load balancer ${name} sits in ${ref.subnet.kind} subnet ${model.describe(ref.subnet.logicalId)}, which has no route to an internet gateway, so the internet cannot reach it`, 'Keep the load balancer in the public subnets; it is the one thing that should be there.'));
    }
  }
  // A security group that lets nobody reach the HTTPS listener "passes" by taking the app offline.
  for (const listener of lb.listeners) {
    const port = listener.port;
    const serves = [...net.targetGroups.keys()].some((tg) => forwardsTo(listener, tg));
    if (port === undefined || !serves || !webPorts.includes(port) || lb.securityGroups.length === 0) continue;
    const open = lb.securityGroups.some((sg) => net.allowsIngress(sg, '0.0.0.0/0', port) || net.allowsIngress(sg, '::/0', port));
    if (!open) {
      findings.push(model.finding(
        lb.securityGroups[0],
        `load balancer ${name} no longer accepts tcp ${port} from the internet, so the listener on ${port} serves nobody`,
        `Allow tcp ${port} from 0.0.0.0/0 (and ::/0 for IPv6) on the load balancer's security group.`,
      ));
    }
  }
  return findings;
}
