import { defineCheck, type Finding } from '../../engine/types';
import { constructIdParam, noOtherParams } from '../iam/params';
import { describePeer, describeRule, isNonPublicCidr, networkOf, ruleCovers, type LoadBalancer, type Network, type SgRule } from '../../engine/model/network';
import { verdict } from './verdict';

const ID = 'network.internal-only';

interface Params {
  /** Construct id of the ECS service that must stay internal: which one is a lab's (or a team's) to say. */
  service: string;
}

/**
 * The service is reachable from inside the VPC only. Every load balancer that forwards to it is
 * internal (Scheme: internal, so it has private addresses only), and its security groups let in
 * nobody from outside the private address space on its listener ports: no 0.0.0.0/0, no public
 * block, no managed prefix list. An internal ALB keeps CDK's default `open: true` listener rule
 * (0.0.0.0/0) easily; that admits whatever can route to the VPC (peered VPCs, VPNs, a transit
 * gateway), so it fails too. A service with no load balancer in front (Service Connect, Cloud Map)
 * is reached by its tasks' private addresses; their public IPs are network.tasks-in-private-subnets'.
 * A public web app is right to face the internet, so the check judges only the service it is given.
 */
export const internalOnly = defineCheck<Params>({
  id: ID,
  title: 'The service is reachable only from inside the VPC (internal load balancer, private callers)',
  severity: 'high',
  why:
    'An internal service has no business on the internet: an internet-facing load balancer in front of it is a public ' +
    'door, whatever the application checks behind it. An internal load balancer has only private addresses, but its ' +
    'security group still decides who inside the network may call it; letting in 0.0.0.0/0 admits every peered VPC ' +
    'and VPN, so name the callers (their security group) or the VPC\'s own range.',
  refs: {
    securityHub: ['EC2.18'],
    soc2: ['CC6.6'],
    wellArchitected: ['SEC05-BP01 Create network layers'],
    docs: [
      'https://docs.aws.amazon.com/elasticloadbalancing/latest/application/application-load-balancers.html',
      'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-connect.html',
    ],
  },
  params(raw) {
    noOtherParams(ID, raw, ['service']);
    return { service: constructIdParam(ID, raw, 'service') };
  },
  offline({ model, params }) {
    const net = networkOf(model);
    const named = new Set(model.findByPath(params.service, 'AWS::ECS::Service').map((r) => r.logicalId));
    const services = net.services.filter((s) => named.has(s.logicalId));
    // Nothing to judge is not evidence of a public service: the lab's guard (a service behind a
    // listener) is what keeps "delete it" from passing, and a skip earns no points.
    if (services.length === 0) {
      return { status: 'skip', reason: `the stack has no ECS service with the construct id "${params.service}", so there is nothing to keep internal — put the service back` };
    }
    const findings: Finding[] = [];
    const unknowns: string[] = [];
    const judged = new Set<string>();
    for (const svc of services) {
      for (const lb of net.loadBalancersInFrontOf(svc)) {
        if (judged.has(lb.logicalId)) continue;
        judged.add(lb.logicalId);
        if (lb.imported) {
          unknowns.push(`load balancer ${lb.logicalId} in front of service ${model.describe(svc.logicalId)} is not defined in this template, so its scheme cannot be told`);
          continue;
        }
        findings.push(...judge(net, lb, model.describe(svc.logicalId)));
      }
    }
    return verdict(findings, unknowns);
  },
});

function judge(net: Network, lb: LoadBalancer, service: string): Finding[] {
  const { model } = net;
  const name = model.describe(lb.logicalId);
  if (lb.scheme === 'internet-facing') {
    return [
      model.finding(
        lb.logicalId,
        `load balancer ${name} in front of service ${service} is internet-facing, so the service can be called from the internet`,
        'Make it internal (internetFacing: false) in the private subnets; callers inside the VPC reach it by its DNS name.',
      ),
    ];
  }
  const ports = lb.listeners.map((l) => l.port).filter((p): p is number => p !== undefined);
  const findings: Finding[] = [];
  for (const sg of lb.securityGroups) {
    for (const rule of net.securityGroup(sg)?.ingress ?? []) {
      if (!fromOutside(rule) || !ports.some((p) => ruleCovers(rule, p))) continue;
      findings.push(
        model.finding(
          rule.definedBy,
          `internal load balancer ${name} lets in ${describePeer(rule.peer, (id) => model.describe(id))} on ${describeRule(rule)}, which is outside the VPC's private address space`,
          'Set open: false on the listener and admit only the callers: alb.connections.allowFrom(callerSecurityGroup, ec2.Port.tcp(port)) or ec2.Peer.ipv4(vpc.vpcCidrBlock).',
        ),
      );
    }
  }
  return findings;
}

/** A source outside the private address space: a public block (0.0.0.0/0 too) or a managed prefix list. */
function fromOutside(rule: SgRule): boolean {
  if (rule.peer.kind === 'prefix-list') return true;
  return rule.peer.kind === 'cidr' && !isNonPublicCidr(rule.peer.cidr);
}
