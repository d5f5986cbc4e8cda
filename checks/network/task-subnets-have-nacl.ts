import type { Finding } from '../../engine/types';
import { defineCheck } from '../../engine/types';
import { networkOf } from '../../engine/model/network';
import { verdict } from './verdict';

/**
 * The subnets the tasks run in carry a network ACL of their own, not the VPC's default (which
 * allows everything both ways). The guard of the network ACL lab: deleting the ACL makes every
 * reachability check pass and teaches nothing, so it must fail here.
 */
export const taskSubnetsHaveNacl = defineCheck({
  id: 'network.task-subnets-have-nacl',
  title: 'The tasks\' subnets have a custom network ACL',
  severity: 'medium',
  why:
    'A network ACL is a second, subnet-wide filter under the security groups: it still holds when someone opens a ' +
    'security group too wide. Every subnet without an association uses the VPC\'s default ACL, which allows all traffic ' +
    'in and out, so the subnets where the tasks run need an ACL of their own.',
  refs: {
    soc2: ['CC6.6'],
    wellArchitected: ['SEC 5: Protect your network resources'],
    docs: ['https://docs.aws.amazon.com/vpc/latest/userguide/vpc-network-acls.html'],
  },
  offline({ model }) {
    const net = networkOf(model);
    if (net.services.length === 0) return { status: 'skip', reason: 'the stack has no ECS service, so there are no task subnets' };
    const findings: Finding[] = [];
    const unknowns: string[] = [];
    const seen = new Set<string>();
    for (const svc of net.services) {
      if (svc.unknown) {
        unknowns.push(`service ${model.describe(svc.logicalId)}: ${svc.unknown}`);
        continue;
      }
      for (const ref of svc.subnets) {
        if (!ref.subnet) {
          unknowns.push(`subnet ${ref.raw} of service ${model.describe(svc.logicalId)} is not defined in this template, so its network ACL cannot be told`);
          continue;
        }
        const id = ref.subnet.logicalId;
        if (seen.has(id) || net.naclOfSubnet.has(id)) continue;
        seen.add(id);
        findings.push(model.finding(id, `subnet ${model.describe(id)}, where service ${model.describe(svc.logicalId)} runs tasks, has no network ACL of its own, so the VPC's default ACL lets all traffic in and out`, 'Associate a network ACL with the task subnets (new ec2.NetworkAcl(this, …, { vpc, subnetSelection: … })) and give it the entries the app needs.'));
      }
    }
    return verdict(findings, unknowns);
  },
});
