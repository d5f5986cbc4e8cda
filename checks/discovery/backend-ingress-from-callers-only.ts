import { defineCheck, type Finding } from '../../engine/types';
import { describePorts, networkOf, type Network, type SgRule } from '../../engine/model/network';
import { verdict } from '../network/verdict';
import { discoveryView, type Backend } from './connections';

/**
 * The backend has exactly one caller, so its security group names exactly one source: the
 * frontend's security group, on the port the backend publishes. An address range (the VPC, the
 * internet), the load balancer's group (the backend is not behind it) or a wider port range is a
 * path to the backend that skips the frontend.
 */
export const backendIngressFromCallersOnly = defineCheck({
  id: 'discovery.backend-ingress-from-callers-only',
  title: 'The backend admits only its callers\' security group, on the port it publishes',
  severity: 'high',
  why:
    'Service-to-service traffic inside a VPC is still traffic to defend: a backend open to the VPC CIDR accepts calls ' +
    'from every workload in it, including a compromised one. Naming the caller\'s security group keeps the rule right as ' +
    'tasks scale and change addresses, and admits nobody else.',
  refs: {
    securityHub: ['EC2.18'],
    soc2: ['CC6.6'],
    wellArchitected: ['SEC 5: Protect your network resources'],
    docs: ['https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-connect-concepts-deploy.html'],
  },
  offline({ model }) {
    const net = networkOf(model);
    const { backends, callers } = discoveryView(net);
    if (backends.length === 0) return { status: 'skip', reason: 'no service publishes a name for callers, so there is no backend to guard' };
    const callerGroups = new Set(callers.flatMap((c) => c.securityGroups));
    const lbGroups = new Set(net.loadBalancers.flatMap((l) => l.securityGroups));
    const findings: Finding[] = [];
    const unknowns: string[] = [];
    for (const b of backends) {
      if (b.service.securityGroups.length === 0) {
        unknowns.push(`backend ${model.describe(b.service.logicalId)} uses security groups this template does not define`);
        continue;
      }
      for (const g of b.service.securityGroups) {
        for (const rule of net.securityGroup(g)?.ingress ?? []) {
          const problem = ruleProblem(net, rule, b, callerGroups, lbGroups);
          if (problem) findings.push(model.finding(rule.definedBy, `security group ${model.describe(g)} of backend ${model.describe(b.service.logicalId)} accepts ${problem}`, `Admit only the frontend's security group on ${b.ports.map((p) => describePorts(p)).join(', ')} (backend.connections.allowFrom(frontend, …)).`));
        }
      }
    }
    return verdict(findings, unknowns);
  },
});

function ruleProblem(net: Network, rule: SgRule, b: Backend, callerGroups: Set<string>, lbGroups: Set<string>): string | undefined {
  const what = rule.protocol === 'all' ? 'all traffic' : describePorts(rule.ports, rule.protocol);
  const peer = rule.peer;
  if (peer.kind === 'cidr') return `${what} from ${peer.cidr}, an address range rather than its caller's security group`;
  if (peer.kind === 'prefix-list') return `${what} from prefix list ${peer.id}, rather than its caller's security group`;
  if (peer.group && lbGroups.has(peer.group)) return `${what} from load balancer group ${net.model.describe(peer.group)}, but no load balancer sends it traffic: only the frontend calls it`;
  if (!peer.group || !callerGroups.has(peer.group)) return `${what} from security group ${peer.group ? net.model.describe(peer.group) : peer.ref}, which is not a caller's`;
  const published = rule.protocol === 'tcp' && b.ports.some((p) => rule.ports.from === p && rule.ports.to === p);
  if (!published) return `${what} from its caller, which needs only ${b.ports.map((p) => describePorts(p)).join(', ')}`;
  return undefined;
}
