import { defineCheck, type Finding } from '../../engine/types';
import { describePorts, networkOf, TASK_EPHEMERAL_PORTS, type EcsService, type Network } from '../../engine/model/network';
import { verdict } from '../network/verdict';
import { discoveryView, type Backend } from './connections';

/**
 * A name is not a path: the frontend's tasks must be let out to the backend's on the port it
 * publishes, and the backend's security group must let them in (with Service Connect the
 * frontend's proxy connects from the frontend task, so its security group is the source). Network
 * ACLs between their subnets must let the request through and the replies back.
 */
export const frontendReachesBackend = defineCheck({
  id: 'discovery.frontend-reaches-backend',
  title: 'The frontend\'s tasks can reach the backend\'s on the port it publishes',
  severity: 'critical',
  why:
    'Tightening the backend\'s security group to "the frontend only" is right until the rule names the wrong group or ' +
    'port, and then every call fails. Security groups are checked at both ends: egress on the caller, ingress on the ' +
    'backend, on the backend\'s container port (or its Service Connect ingress port override).',
  refs: {
    wellArchitected: ['SEC 5: Protect your network resources'],
    docs: ['https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-connect-concepts-deploy.html', 'https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html'],
  },
  offline({ model }) {
    const net = networkOf(model);
    const { backends, callers } = discoveryView(net);
    if (backends.length === 0 || callers.length === 0) return { status: 'skip', reason: 'no frontend behind a load balancer and published backend to connect' };
    const findings: Finding[] = [];
    const unknowns: string[] = [];
    for (const b of backends) {
      for (const c of callers) {
        for (const port of b.ports) {
          const problem = pathProblems(net, c, b, port);
          if (typeof problem === 'string') unknowns.push(problem);
          else findings.push(...problem);
        }
      }
    }
    return verdict(findings, unknowns);
  },
});

function pathProblems(net: Network, caller: EcsService, b: Backend, port: number): Finding[] | string {
  const { model } = net;
  const from = model.describe(caller.logicalId);
  const to = model.describe(b.service.logicalId);
  const ports = describePorts(port);
  if (net.canReach(caller.securityGroups, b.service.securityGroups, port)) {
    return naclProblems(net, caller, b, port);
  }
  const outside = [...caller.externalSecurityGroups, ...b.service.externalSecurityGroups];
  if (outside.length) return `security groups ${outside.join(', ')} are not defined in this template and may let ${from} reach ${to} on ${ports}`;
  if (caller.securityGroups.length === 0 || b.service.securityGroups.length === 0) return `${from} or ${to} has no security group of this template`;
  const findings: Finding[] = [];
  if (!b.service.securityGroups.some((g) => caller.securityGroups.some((s) => net.allowsIngress(g, s, port)))) {
    findings.push(model.finding(b.service.securityGroups[0], `tasks of backend ${to} do not accept ${ports} from the security group of frontend ${from}, so its calls never arrive`, `Let the frontend's group in on ${ports} (backend.connections.allowFrom(frontend, ec2.Port.tcp(${port}))).`));
  }
  if (!caller.securityGroups.some((s) => b.service.securityGroups.some((g) => net.allowsEgress(s, g, port)))) {
    findings.push(model.finding(caller.securityGroups[0], `the security group of frontend ${from} lets no ${ports} out to backend ${to}`, `Allow egress from the frontend's group to the backend's group on ${ports}.`));
  }
  return findings;
}

function naclProblems(net: Network, caller: EcsService, b: Backend, port: number): Finding[] {
  const { model } = net;
  const seen = new Set<string>();
  const findings: Finding[] = [];
  for (const a of caller.subnets) {
    for (const z of b.service.subnets) {
      if (!a.subnet || !z.subnet) continue;
      // The frontend's task (or its Service Connect proxy) is the client: replies go to its ports.
      for (const block of net.naclBlocks(a.subnet, z.subnet, { from: port, to: port }, TASK_EPHEMERAL_PORTS)) {
        const key = `${block.acl}|${block.what}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const replies = describePorts(TASK_EPHEMERAL_PORTS);
        const verb = { in: `lets no tcp ${port} in`, out: `lets no tcp ${port} out`, 'replies-out': `lets no replies (${replies}) out`, 'replies-in': `lets no replies (${replies}) back in` }[block.what];
        findings.push(model.finding(block.acl, `network ACL ${model.describe(block.acl)} of subnet ${model.describe(block.subnet.logicalId)} ${verb} between frontend ${model.describe(caller.logicalId)} and backend ${model.describe(b.service.logicalId)}`, 'Network ACLs are stateless: allow the request one way and the ephemeral replies the other.'));
      }
    }
  }
  return findings;
}
