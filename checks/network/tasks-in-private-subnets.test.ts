import { App, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { describe, expect, it } from 'vitest';
import { checkStack } from '../../engine/testing/offline-context';
import { webStack } from './fixtures';
import { tasksInPrivateSubnets } from './tasks-in-private-subnets';

describe('network.tasks-in-private-subnets', () => {
  it('Compliance 1: tasks in private subnets with egress through NAT, no public IP', async () => {
    expect((await checkStack(tasksInPrivateSubnets, webStack())).status).toBe('pass');
  });

  it('Noncompliance 1: tasks in public subnets with public IPs', async () => {
    const r = await checkStack(tasksInPrivateSubnets, webStack({ publicTasks: true }));
    expect(r.status).toBe('fail');
    const messages = r.findings.map((f) => f.message);
    expect(messages).toContain('service Service/Service gives each task a public IP address (AssignPublicIp: ENABLED)');
    expect(messages.filter((m) => /runs tasks in public subnet Vpc\/PublicSubnet\d\/Subnet \(us-east-1[ab]\): its route table sends 0\.0\.0\.0\/0 to internet gateway Vpc\/IGW/.test(m))).toHaveLength(2);
    expect(r.findings.every((f) => f.constructPath === 'Test/Service/Service')).toBe(true);
  });

  it('Noncompliance 2: a public IP in a private subnet still fails', async () => {
    const r = await checkStack(tasksInPrivateSubnets, webStack({ publicIpOnly: true }));
    expect(r.findings.map((f) => f.message)).toEqual(['service Service/Service gives each task a public IP address (AssignPublicIp: ENABLED)']);
  });

  it('Noncompliance 3: a subnet that is "private" by name but routes to the internet gateway', async () => {
    const stack = webStack();
    // Someone "fixes" outbound access by pointing the app subnets' default route at the internet gateway.
    const vpc = stack.node.findChild('Vpc') as ec2.Vpc;
    for (const subnet of vpc.privateSubnets) {
      const route = subnet.node.findChild('DefaultRoute') as ec2.CfnRoute;
      route.natGatewayId = undefined;
      route.gatewayId = vpc.internetGatewayId;
    }
    const r = await checkStack(tasksInPrivateSubnets, stack);
    expect(r.status).toBe('fail');
    expect(r.findings.map((f) => f.message).join('\n')).toMatch(/runs tasks in public subnet Vpc\/AppSubnet1\/Subnet/);
  });

  it('Compliance 2: a private subnet that maps public IPs on launch, but the Fargate tasks are launched with AssignPublicIp DISABLED', async () => {
    // MapPublicIpOnLaunch is for instances the subnet launches; an awsvpc task's network interface
    // gets a public IP only from the service's AssignPublicIp, so these tasks have none.
    const stack = webStack();
    const vpc = stack.node.findChild('Vpc') as ec2.Vpc;
    (vpc.privateSubnets[0].node.defaultChild as ec2.CfnSubnet).mapPublicIpOnLaunch = true;
    expect((await checkStack(tasksInPrivateSubnets, stack)).status).toBe('pass');
  });

  it('Noncompliance 5: no service at all', async () => {
    const stack = new Stack(new App(), 'Test');
    new ec2.Vpc(stack, 'Vpc');
    const r = await checkStack(tasksInPrivateSubnets, stack);
    expect(r.status).toBe('fail');
    expect(r.findings[0].message).toMatch(/no ECS service/);
  });
});
