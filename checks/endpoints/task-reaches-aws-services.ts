import { defineCheck, type Finding } from '../../engine/types';
import { describePath, networkOf, reachAwsServices, type EndpointReach } from '../../engine/model/network';
import type { StackModel } from '../../engine/model/model';
import { verdict } from '../network/verdict';

/** `endpoints`: AWS traffic must stay on VPC endpoints (no NAT or internet gateway path). */
type Via = 'any' | 'endpoints';

/**
 * The reachability question behind "private tasks that still start": for every service, every
 * subnet its tasks run in and every AWS service they need (image pull, logs, secrets, exec), is
 * there a path — an interface endpoint with private DNS and open security groups, the S3 gateway
 * endpoint in the subnet's route table, or a NAT/internet gateway — with the network ACLs letting
 * the request out and the replies back? With `via: endpoints` a NAT path counts as a miss too.
 */
export const taskReachesAwsServices = defineCheck<{ via: Via }>({
  id: 'endpoints.task-reaches-aws-services',
  title: 'Tasks can reach every AWS service they need (ECR, S3, Logs, secrets, exec)',
  severity: 'critical',
  why:
    'A Fargate task in a private subnet must reach ECR (api and dkr), S3 for the image layers, CloudWatch Logs and ' +
    'Secrets Manager or SSM before its container even starts; without a path it stops with CannotPullContainerError or ' +
    'ResourceInitializationError. Each one needs a path: an interface endpoint (private DNS on, its security group ' +
    'admitting 443 from the tasks), the S3 gateway endpoint in the route table, or a NAT gateway — and stateless network ' +
    'ACLs that let the replies back.',
  refs: {
    securityHub: ['EC2.55', 'EC2.56', 'EC2.57'],
    wellArchitected: ['SEC 5: Protect your network resources'],
    docs: [
      'https://docs.aws.amazon.com/AmazonECR/latest/userguide/vpc-endpoints.html',
      'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/vpc-endpoints.html',
      'https://docs.aws.amazon.com/vpc/latest/privatelink/create-interface-endpoint.html',
    ],
  },
  params(raw) {
    const via = raw.via ?? 'any';
    if (via !== 'any' && via !== 'endpoints') throw new Error('endpoints.task-reaches-aws-services: via must be "any" or "endpoints"');
    return { via };
  },
  offline({ model, params }) {
    const net = networkOf(model);
    if (net.services.length === 0) return { status: 'skip', reason: 'the stack has no ECS service, so no task needs to reach AWS' };
    const findings: Finding[] = [];
    const unknowns: string[] = [];
    for (const svc of net.services) {
      const name = model.describe(svc.logicalId);
      if (svc.unknown) {
        unknowns.push(`service ${name}: ${svc.unknown}`);
        continue;
      }
      const seen = new Set<string>();
      for (const ref of svc.subnets) {
        if (!ref.subnet) {
          unknowns.push(`service ${name} runs in subnet ${ref.raw}, which this template does not define`);
          continue;
        }
        for (const r of reachAwsServices(net, svc, ref.subnet)) {
          const problem = judge(model, r, params.via);
          if (!problem) continue;
          if (problem.unknown) {
            unknowns.push(`service ${name}, ${label(r)}: ${problem.unknown}`);
            continue;
          }
          // One finding per service, need and reason: both subnets usually fail the same way.
          const key = `${r.need.service}|${problem.reason}`;
          if (seen.has(key)) continue;
          seen.add(key);
          findings.push(model.finding(problem.resource ?? svc.logicalId, `tasks of service ${name} cannot reach ${label(r)} for ${r.need.why}: ${problem.reason}`, hintFor(r)));
        }
      }
    }
    return verdict(findings, unknowns);
  },
});

function judge(model: StackModel, r: EndpointReach, via: Via): { reason?: string; resource?: string; unknown?: string } | undefined {
  if (r.blocked) return r.blocked;
  if (r.unknown) return { unknown: r.unknown };
  if (via === 'endpoints' && (r.path === 'nat-gateway' || r.path === 'internet-gateway')) {
    return { reason: `its only path is ${describePath(model, r)}, and this service's AWS traffic must stay on VPC endpoints`, resource: r.via };
  }
  return undefined;
}

const LABELS: Record<string, string> = {
  'ecr.api': 'ECR (ecr.api)',
  'ecr.dkr': 'the ECR registry (ecr.dkr)',
  s3: 'S3',
  logs: 'CloudWatch Logs',
  secretsmanager: 'Secrets Manager',
  ssm: 'SSM Parameter Store',
  ssmmessages: 'Session Manager (ssmmessages)',
  'public-registry': 'the public image registry',
};
const label = (r: EndpointReach) => LABELS[r.need.service];

/** The CDK names the hint can give, verified against aws-cdk-lib's InterfaceVpcEndpointAwsService. */
const CDK_SERVICE: Record<string, string> = {
  'ecr.api': 'ec2.InterfaceVpcEndpointAwsService.ECR',
  'ecr.dkr': 'ec2.InterfaceVpcEndpointAwsService.ECR_DOCKER',
  logs: 'ec2.InterfaceVpcEndpointAwsService.CLOUDWATCH_LOGS',
  secretsmanager: 'ec2.InterfaceVpcEndpointAwsService.SECRETS_MANAGER',
  ssm: 'ec2.InterfaceVpcEndpointAwsService.SSM',
  ssmmessages: 'ec2.InterfaceVpcEndpointAwsService.SSM_MESSAGES',
};

function hintFor(r: EndpointReach): string {
  if (r.need.service === 's3') return 'Add vpc.addGatewayEndpoint(\'S3\', { service: ec2.GatewayVpcEndpointAwsService.S3, subnets: [<the task subnets>] }), and let the tasks send 443 out.';
  if (r.need.service === 'public-registry') return 'Pull from a private ECR repository (with its endpoints), or give the subnets a NAT gateway.';
  const blockedBy = r.blocked?.reason ?? '';
  if (blockedBy.includes('private DNS')) return 'Turn privateDnsEnabled on for the endpoint, so the service\'s usual name resolves to it.';
  if (blockedBy.includes('network ACL')) return 'Network ACLs are stateless: allow 443 out and the replies (1024-65535) back in on the task subnets, and the mirror where the endpoint sits.';
  if (blockedBy.includes('security group')) return 'Let the endpoint\'s security group admit tcp 443 from the tasks\' security group (and the tasks send 443 to it).';
  return `Add vpc.addInterfaceEndpoint(…, { service: ${CDK_SERVICE[r.need.service]}, privateDnsEnabled: true, securityGroups: [<a group admitting 443 from the tasks>] }).`;
}
