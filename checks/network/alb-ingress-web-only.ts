import type { Finding } from '../../engine/types';
import { defineCheck } from '../../engine/types';
import { describeRule, forwardsTo, isAnyAddress, networkOf, redirectsToHttps, type Listener, type LoadBalancer, type Network } from '../../engine/model/network';

export interface AlbIngressParams {
  /** Ports the internet may use besides the HTTP redirect; default [443]. */
  webPorts: number[];
}

/**
 * "Web only" means: what the internet can reach on an internet-facing application load balancer
 * is HTTPS, plus a port 80 whose listener does nothing but redirect to HTTPS.
 * - The internet (0.0.0.0/0, ::/0, or blocks that together cover every address, such as
 *   0.0.0.0/1 + 128.0.0.0/1) may reach the web ports (443 by default) and, for the redirect, 80.
 * - A listener on a web port open to the internet must speak HTTPS: HTTP on 443 is plain text on
 *   the HTTPS port (Security Hub ELB.1 asks that HTTP redirects to HTTPS).
 * - Closing everything is not a fix: a serving listener must stay reachable from outside the VPC
 *   (the internet, a public block, or a managed prefix list such as CloudFront's origin-facing
 *   one), and a redirect listener on 80 that nobody can reach sends browsers typing http:// into a
 *   timeout instead of on to HTTPS, so it fails too (open 80, or remove that listener).
 * - The stack must keep an internet-facing load balancer in public subnets.
 */
export const albIngressWebOnly = defineCheck<AlbIngressParams>({
  id: 'network.alb-ingress-web-only',
  title: 'The internet-facing load balancer is open to the internet only for HTTPS (and the HTTP redirect)',
  severity: 'high',
  why:
    'The load balancer is the one thing meant to face the internet, so its security group is your front door: ' +
    'it should open exactly the ports your listeners serve, and what it serves there should be HTTPS. Every other open port ' +
    'is found by scanners within minutes; a listener speaking plain HTTP on 443 is no safer for its port number; ' +
    'port 80 is only worth opening to send browsers on to HTTPS, and if you keep that redirect it must be reachable. ' +
    'Opening the listener only to a managed prefix list (CloudFront in front of the load balancer) is a fine, narrower front door.',
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
    const facing = net.loadBalancers.filter((lb) => lb.type === 'application' && lb.scheme === 'internet-facing' && !lb.imported);
    const imported = net.loadBalancers.filter((lb) => lb.imported && lb.type === 'application');
    if (facing.length === 0 && imported.length) {
      return { status: 'skip', reason: `the application load balancer (${imported.map((lb) => lb.logicalId).join(', ')}) is not defined in this template, so its security groups cannot be judged` };
    }
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
      const source = rule.peer.kind === 'cidr' ? internetSource(rule.peer.cidr) : 'the internet';
      const message = single && rule.ports.from === 80
        ? `load balancer ${name}'s security group ${model.describe(sgId)} accepts tcp 80 from ${source}, but no port 80 listener only redirects to HTTPS`
        : `load balancer ${name}'s security group ${model.describe(sgId)} accepts ${describeRule(rule)} from ${source} (anyone on the internet)`;
      findings.push(model.finding(rule.definedBy, message, `Open only ${allowedText} to the internet; remove this rule.`));
    }
  }
  // A web port open to the internet must carry HTTPS: port 443 says nothing about the protocol.
  for (const listener of lb.listeners) {
    const port = listener.port;
    if (port === undefined || port === 80 || !webPorts.includes(port) || !speaksPlainHttp(listener)) continue;
    if (!lb.securityGroups.some((sg) => net.internetCanReach(sg, port))) continue;
    findings.push(model.finding(
      listener.logicalId,
      `load balancer ${name}'s listener on ${port} speaks ${listener.protocol}, not HTTPS, so the internet gets the app in plain text on ${port}`,
      `Make the listener on ${port} HTTPS with a certificate (protocol: ApplicationProtocol.HTTPS, certificates: [...]).`,
    ));
  }
  // Internet-facing in name only: without a route to an internet gateway nobody reaches it.
  for (const ref of lb.subnets) {
    if (ref.subnet && ref.subnet.kind !== 'public') {
      findings.push(model.finding(lb.logicalId, `internet-facing load balancer ${name} sits in ${ref.subnet.kind} subnet ${model.describe(ref.subnet.logicalId)}, which has no route to an internet gateway, so the internet cannot reach it`, 'Keep the load balancer in the public subnets; it is the one thing that should be there.'));
    }
  }
  // A security group that lets nobody reach the HTTPS listener "passes" by taking the app offline;
  // a redirect nobody reaches leaves browsers typing http:// waiting for a timeout.
  if (lb.securityGroups.length === 0) return findings;
  for (const listener of lb.listeners) {
    const port = listener.port;
    if (port === undefined) continue;
    const serves = webPorts.includes(port) && [...net.targetGroups.keys()].some((tg) => forwardsTo(listener, tg));
    const redirects = port === 80 && redirectsToHttps(listener);
    if (!serves && !redirects) continue;
    if (lb.securityGroups.some((sg) => net.outsideCanReach(sg, port))) continue;
    findings.push(serves
      ? model.finding(
        lb.securityGroups[0],
        `load balancer ${name} no longer accepts tcp ${port} from the internet, so the listener on ${port} serves nobody`,
        `Allow tcp ${port} from 0.0.0.0/0 (and ::/0 for IPv6) on the load balancer's security group.`,
      )
      : model.finding(
        lb.securityGroups[0],
        `load balancer ${name} keeps a port 80 listener that redirects to HTTPS, but accepts no tcp 80 from the internet, so browsers that type http:// wait for a timeout instead of being sent on to HTTPS`,
        'Allow tcp 80 from 0.0.0.0/0 for the redirect, or remove the port 80 listener.',
      ));
  }
  return findings;
}

/**
 * A listener that answers in plain HTTP: its protocol says HTTP (a protocol the template leaves
 * unsaid or unresolved is no evidence), and it does more than redirect to HTTPS.
 */
function speaksPlainHttp(listener: Listener): boolean {
  return String(listener.protocol).toUpperCase() === 'HTTP' && !redirectsToHttps(listener);
}

/** `0.0.0.0/0`, or `0.0.0.0/1` with a note that the group's other blocks make up the rest of the internet. */
function internetSource(cidr: string): string {
  return isAnyAddress(cidr) ? cidr : `${cidr} (with the group's other blocks, every address)`;
}
