import type { StackModel } from '../../engine/model/model';
import { networkOf, securityGroupRefs, type EcsService, type Network } from '../../engine/model/network';
import { reachAwsServices } from '../../engine/model/network/service-endpoints';
import { defineCheck, type Finding } from '../../engine/types';
import { NO_SERVICE } from './exec-services';

/** The SSM agent reaches Session Manager over HTTPS. */
const HTTPS = 443;
/** Interface endpoint service names end with the service: `com.amazonaws.us-east-1.ssmmessages`. */
const SSM_MESSAGES_SUFFIX = '.ssmmessages';

interface SsmMessagesEndpoint {
  logicalId: string;
  vpc?: string;
  privateDns: boolean;
  securityGroups: string[];
}

function ssmMessagesEndpoints(model: StackModel): SsmMessagesEndpoint[] {
  return model
    .ofType('AWS::EC2::VPCEndpoint')
    .filter((e) => typeof e.props.ServiceName === 'string' && e.props.ServiceName.endsWith(SSM_MESSAGES_SUFFIX))
    .filter((e) => (e.props.VpcEndpointType ?? 'Gateway') === 'Interface')
    .map((e) => ({
      logicalId: e.logicalId,
      vpc: model.targetOf(e.raw.Properties?.VpcId),
      privateDns: e.props.PrivateDnsEnabled === true || e.props.PrivateDnsEnabled === 'true',
      securityGroups: securityGroupRefs(model, e.props.SecurityGroupIds).local,
    }));
}

/**
 * The SSM agent in the service's tasks can reach Session Manager. Tasks whose subnets route out
 * (through a NAT or internet gateway) reach it on its public endpoint. Tasks in isolated subnets —
 * no default route — need an interface endpoint for ssmmessages in their VPC, with private DNS (so
 * the agent's usual host name resolves to it) and security groups that let the tasks reach it on 443.
 * On every path the subnets' network ACLs must let 443 out and the replies back in.
 */
export const execNetworkPath = defineCheck({
  id: 'ecs.exec-network-path',
  title: 'The SSM agent in the tasks can reach Session Manager (ssmmessages)',
  severity: 'medium',
  why:
    'ECS Exec needs no inbound port: the SSM agent in the container connects out to the ssmmessages endpoint on 443. ' +
    'Tasks in subnets without a route out reach AWS only through VPC endpoints, and a VPC that has endpoints for ECR and ' +
    'CloudWatch Logs but none for ssmmessages runs fine until the day someone needs a shell.',
  refs: {
    securityHub: ['EC2.55', 'EC2.56', 'EC2.57'],
    docs: ['https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs-exec.html', 'https://docs.aws.amazon.com/systems-manager/latest/userguide/setup-create-vpc.html'],
  },
  offline({ model }) {
    const net = networkOf(model);
    if (net.services.length === 0) return NO_SERVICE;
    const endpoints = ssmMessagesEndpoints(model);
    const findings = net.services.flatMap((svc) => serviceFindings(model, svc, endpoints));
    return findings.length ? { status: 'fail', findings } : { status: 'pass' };
  },
});

function serviceFindings(model: StackModel, svc: EcsService, endpoints: SsmMessagesEndpoint[]): Finding[] {
  const net = networkOf(model);
  const name = `service ${model.describe(svc.logicalId)}`;
  const isolated = svc.subnets.flatMap((r) => (r.subnet?.kind === 'isolated' ? [r.subnet] : []));
  const vpcs = [...new Set(isolated.map((s) => s.vpc))];
  const findings: Finding[] = [];
  for (const vpc of vpcs) {
    const where = `isolated subnets (${isolated.filter((s) => s.vpc === vpc).map((s) => model.describe(s.logicalId)).join(', ')}), which have no route out`;
    const inVpc = endpoints.filter((e) => e.vpc === vpc);
    if (inVpc.length === 0) {
      findings.push(model.finding(svc.logicalId, `${name} runs tasks in ${where}, and their VPC has no ssmmessages interface endpoint, so the SSM agent cannot reach Session Manager`, 'Add vpc.addInterfaceEndpoint(…, { service: ec2.InterfaceVpcEndpointAwsService.SSM_MESSAGES }) (private DNS on, 443 open to the tasks).'));
      continue;
    }
    const withDns = inVpc.filter((e) => e.privateDns);
    if (withDns.length === 0) {
      findings.push(model.finding(inVpc[0].logicalId, `ssmmessages endpoint ${model.describe(inVpc[0].logicalId)} has private DNS off, so the agent in ${name}'s tasks still resolves Session Manager's public address, which it cannot reach`, 'Turn privateDnsEnabled on for the endpoint.'));
      continue;
    }
    const reachable = withDns.some((e) => svc.securityGroups.length > 0 && e.securityGroups.length > 0 && net.canReach(svc.securityGroups, e.securityGroups, HTTPS));
    if (!reachable) {
      findings.push(model.finding(withDns[0].logicalId, `the security groups of ${name} and of ssmmessages endpoint ${model.describe(withDns[0].logicalId)} do not let the tasks reach it on port ${HTTPS}`, 'Let the endpoint\'s security group accept 443 from the tasks\' security group (and the tasks send to it).'));
    }
  }
  if (findings.length) return findings;
  // The whole path, subnet by subnet, as the VPC endpoint checks follow it: the routes, the
  // security groups and the subnets' network ACLs (stateless: 443 out and the replies back in).
  return pathFindings(net, svc, name);
}

const SESSION_MANAGER = { service: 'ssmmessages' as const, why: 'ECS Exec sessions' };

function pathFindings(net: Network, svc: EcsService, name: string): Finding[] {
  const { model } = net;
  const seen = new Set<string>();
  const findings: Finding[] = [];
  for (const ref of svc.subnets) {
    const subnet = ref.subnet;
    if (!subnet || seen.has(subnet.logicalId)) continue;
    seen.add(subnet.logicalId);
    const [reach] = reachAwsServices(net, svc, subnet, [SESSION_MANAGER]);
    if (!reach.blocked) continue;
    findings.push(model.finding(reach.blocked.resource, `the SSM agent in ${name}'s tasks cannot reach Session Manager (ssmmessages) from subnet ${model.describe(subnet.logicalId)}: ${reach.blocked.reason}`, 'ECS Exec needs tcp 443 out to ssmmessages and the replies back in: open them in the security group and in a custom network ACL (ephemeral ports inbound).'));
  }
  return findings;
}
