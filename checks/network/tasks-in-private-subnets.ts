import type { Finding } from '../../engine/types';
import { defineCheck } from '../../engine/types';
import { internetRoute, networkOf, type EcsService } from '../../engine/model/network';
import type { StackModel } from '../../engine/model/model';
import { verdict } from './verdict';

/**
 * Tasks run where the internet cannot start a conversation with them: subnets whose default
 * route does not lead to an internet gateway, and no public IP of their own. Judged by routes,
 * not by subnet names, so a "private" subnet with an internet gateway route still fails.
 *
 * Whether an awsvpc task (every Fargate task) gets a public IP is decided by the service's
 * AssignPublicIp alone: ECS creates the task's network interface itself, and the subnet's
 * MapPublicIpOnLaunch, which is for instances launched into the subnet, does not apply to it. So
 * that subnet flag is no evidence against these tasks and is not judged here (Security Hub EC2.15
 * judges it for the subnet as a whole).
 */
export const tasksInPrivateSubnets = defineCheck({
  id: 'network.tasks-in-private-subnets',
  title: 'ECS tasks run in private subnets without public IPs',
  severity: 'high',
  why:
    'A task with a public IP in a subnet routed to an internet gateway can be reached directly from the internet, ' +
    'around the load balancer and whatever protects it. In a private subnet the only way in is through the load ' +
    'balancer, and the tasks still reach out (image pulls, APIs) through a NAT gateway or VPC endpoints. ' +
    'A Fargate task gets a public IP only when its service says AssignPublicIp: ENABLED; the subnet\'s "auto-assign public IP" ' +
    'setting is for EC2 instances and does not reach the task.',
  refs: {
    securityHub: ['ECS.2'],
    soc2: ['CC6.6'],
    wellArchitected: ['SEC 5: Protect your network resources'],
    docs: ['https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-task-networking.html'],
  },
  offline({ model }) {
    const net = networkOf(model);
    if (net.services.length === 0) {
      return { status: 'fail', findings: [{ message: 'the stack has no ECS service, so there are no tasks to keep private', hint: 'Put the Fargate service back; the lab is about placing it safely.' }] };
    }
    const findings: Finding[] = [];
    const unknowns: string[] = [];
    for (const svc of net.services) {
      const name = model.describe(svc.logicalId);
      if (svc.unknown) {
        unknowns.push(`service ${name}: ${svc.unknown}`);
        continue;
      }
      if (svc.placement === 'instance') {
        if (svc.assignPublicIp) findings.push(instancePublicIp(model, svc));
      } else if (svc.assignPublicIp) {
        findings.push(model.finding(svc.logicalId, `service ${name} gives each task a public IP address (AssignPublicIp: ENABLED)`, 'Turn public IPs off for the tasks (assignPublicIp: false); they reach out through the NAT gateway.'));
      }
      for (const ref of svc.subnets) {
        const subnet = ref.subnet;
        if (!subnet) {
          unknowns.push(`service ${name} runs in subnet ${ref.raw}, which this template does not define, so its routes cannot be checked`);
          continue;
        }
        const where = `${model.describe(subnet.logicalId)}${subnet.availabilityZone ? ` (${subnet.availabilityZone})` : ''}`;
        const route = internetRoute(subnet);
        if (route) {
          const gateway = route.targetId ? model.describe(route.targetId) : 'an internet gateway';
          findings.push(model.finding(svc.logicalId, `service ${name} runs tasks in public subnet ${where}: its route table sends ${route.destination} to internet gateway ${gateway}`, 'Place the tasks in the private subnets (with egress through NAT); only the load balancer belongs in public subnets.'));
        }
      }
    }
    return verdict(findings, unknowns);
  },
});

/**
 * Tasks in bridge or host mode share their container instance's address, so a public IP on the
 * instance (from the launch template, or from the subnet's MapPublicIpOnLaunch, which does
 * apply to instances) is a public IP for the tasks.
 */
function instancePublicIp(model: StackModel, svc: EcsService) {
  const groups = (svc.hosts?.autoScalingGroups ?? []).map((g) => model.describe(g)).join(', ');
  const how = svc.hosts?.associatePublicIp ? 'AssociatePublicIpAddress' : 'their subnets map public IPs on launch';
  return model.finding(svc.logicalId, `service ${model.describe(svc.logicalId)} runs on container instances of ${groups} that get public IP addresses (${how})`, 'Launch the container instances in the private subnets without public IPs (associatePublicIpAddress: false).');
}
