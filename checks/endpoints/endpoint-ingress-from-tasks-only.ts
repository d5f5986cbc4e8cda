import { defineCheck, type Finding } from '../../engine/types';
import { networkOf, readVpcEndpoints, HTTPS_PORT, type Network, type SgRule } from '../../engine/model/network';
import { verdict } from '../network/verdict';

/**
 * An interface endpoint is a network interface in your subnets: its security group decides who may
 * use it. The tasks need tcp 443 from their own security group and nothing more; CDK's default
 * (`open: true`) admits the whole VPC CIDR, which lets every other workload in the VPC through too.
 */
export const endpointIngressFromTasksOnly = defineCheck({
  id: 'endpoints.endpoint-ingress-from-tasks-only',
  title: 'Interface endpoints admit only tcp 443 from the tasks\' security group',
  severity: 'medium',
  why:
    'An interface endpoint accepts whatever its security group lets in. Naming the tasks\' security group on 443 keeps the ' +
    'endpoint for the workloads that need it; the VPC CIDR (CDK\'s default) or 0.0.0.0/0 lets anything in the network ' +
    'call ECR, Secrets Manager or Logs through it, and other ports are never used by an AWS API.',
  refs: {
    soc2: ['CC6.6'],
    wellArchitected: ['SEC 5: Protect your network resources'],
    docs: ['https://docs.aws.amazon.com/vpc/latest/privatelink/create-interface-endpoint.html', 'https://docs.aws.amazon.com/AmazonECR/latest/userguide/vpc-endpoints.html'],
  },
  offline({ model }) {
    const net = networkOf(model);
    const endpoints = readVpcEndpoints(model).filter((e) => e.type === 'Interface');
    if (endpoints.length === 0) return { status: 'skip', reason: 'the stack has no interface VPC endpoint' };
    const taskGroups = new Set(net.services.flatMap((s) => s.securityGroups));
    const findings: Finding[] = [];
    const unknowns: string[] = [];
    const judged = new Set<string>();
    for (const e of endpoints) {
      if (e.securityGroups.length === 0) {
        unknowns.push(`interface endpoint ${model.describe(e.logicalId)} uses security groups this template does not define (${e.externalSecurityGroups.join(', ') || 'the VPC default'})`);
        continue;
      }
      for (const g of e.securityGroups) {
        // Several endpoints usually share one group: judge each group once.
        if (judged.has(g)) continue;
        judged.add(g);
        for (const rule of net.securityGroup(g)?.ingress ?? []) {
          const problem = ruleProblem(net, rule, taskGroups);
          if (problem) findings.push(model.finding(rule.definedBy, `security group ${model.describe(g)} of interface endpoint ${model.describe(e.logicalId)} accepts ${problem}`, 'Admit tcp 443 from the tasks\' security group only (open: false on the endpoint, then endpointGroup.addIngressRule(taskGroup, ec2.Port.tcp(443))).'));
        }
      }
    }
    return verdict(findings, unknowns);
  },
});

/** What is wrong with one ingress rule, or undefined when it admits a task group on 443 only. */
function ruleProblem(net: Network, rule: SgRule, taskGroups: Set<string>): string | undefined {
  const only443 = rule.protocol === 'tcp' && rule.ports.from === HTTPS_PORT && rule.ports.to === HTTPS_PORT;
  const what = rule.protocol === 'all' ? 'all traffic' : `${rule.protocol} ${rule.ports.from === rule.ports.to ? rule.ports.from : `${rule.ports.from}-${rule.ports.to}`}`;
  const peer = rule.peer;
  if (peer.kind === 'cidr') return `${what} from ${peer.cidr}${peer.cidr === '0.0.0.0/0' || peer.cidr === '::/0' ? ' (anyone)' : ''}, an address range rather than the tasks' security group`;
  if (peer.kind === 'prefix-list') return `${what} from prefix list ${peer.id}, rather than the tasks' security group`;
  if (!peer.group || !taskGroups.has(peer.group)) return `${what} from security group ${peer.group ? net.model.describe(peer.group) : peer.ref}, which no ECS service of the stack uses`;
  if (!only443) return `${what} from the tasks' security group; AWS APIs are served on tcp ${HTTPS_PORT} only`;
  return undefined;
}
