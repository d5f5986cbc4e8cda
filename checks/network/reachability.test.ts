// Reachability beyond security groups: network ACLs on the path from the load balancer to the
// tasks (both ways: they are stateless), NLB client-IP preservation (the tasks then see the
// clients, not the load balancer), and a security-group reference across unpeered VPCs.
import { App, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { describe, expect, it } from 'vitest';
import { networkOf } from '../../engine/model/network';
import { checkStack, offlineContext } from '../../engine/testing/offline-context';
import { albReachesTasks } from './alb-reaches-tasks';
import { APP_PORT, webStack } from './fixtures';

/** A network ACL on the app subnets; `entries` decide what it lets through. */
function withAcl(stack: Stack, entries: (acl: ec2.NetworkAcl) => void) {
  const vpc = stack.node.findChild('Vpc') as ec2.Vpc;
  const acl = new ec2.NetworkAcl(stack, 'AppAcl', { vpc, subnetSelection: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS } });
  entries(acl);
  return stack;
}

const allow = (acl: ec2.NetworkAcl, id: string, ruleNumber: number, direction: ec2.TrafficDirection, traffic: ec2.AclTraffic, cidr = '10.0.0.0/16', ruleAction = ec2.Action.ALLOW) =>
  acl.addEntry(id, { ruleNumber, direction, traffic, cidr: ec2.AclCidr.ipv4(cidr), ruleAction });

function nlbStack(opts: { preserve?: boolean; taskRule?: (sg: ec2.SecurityGroup) => void } = {}) {
  const stack = new Stack(new App(), 'Test');
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1, ipAddresses: ec2.IpAddresses.cidr('10.0.0.0/16') });
  const cluster = new ecs.Cluster(stack, 'Cluster', { vpc });
  const task = new ecs.FargateTaskDefinition(stack, 'Task');
  task.addContainer('app', { image: ecs.ContainerImage.fromRegistry('nginx'), portMappings: [{ containerPort: APP_PORT }] });
  const taskSg = new ec2.SecurityGroup(stack, 'TaskSg', { vpc });
  (opts.taskRule ?? ((sg) => sg.addIngressRule(ec2.Peer.ipv4(vpc.vpcCidrBlock), ec2.Port.tcp(APP_PORT), 'from the NLB nodes')))(taskSg);
  const service = new ecs.FargateService(stack, 'Service', { cluster, taskDefinition: task, desiredCount: 2, securityGroups: [taskSg] });
  const nlb = new elbv2.NetworkLoadBalancer(stack, 'Nlb', { vpc, internetFacing: true });
  const tg = nlb.addListener('Tcp', { port: 443, protocol: elbv2.Protocol.TCP }).addTargets('App', { port: APP_PORT, targets: [service] });
  if (opts.preserve !== undefined) tg.setAttribute('preserve_client_ip.enabled', String(opts.preserve));
  return stack;
}

describe('reachability: network ACLs', () => {
  it('Compliance: an app-subnet ACL that lets the load balancer in on the container port and the replies out', async () => {
    const stack = withAcl(webStack(), (acl) => {
      allow(acl, 'In', 100, ec2.TrafficDirection.INGRESS, ec2.AclTraffic.tcpPort(APP_PORT));
      allow(acl, 'Out', 100, ec2.TrafficDirection.EGRESS, ec2.AclTraffic.tcpPortRange(1024, 65535));
    });
    expect((await checkStack(albReachesTasks, stack)).status).toBe('pass');
  });

  it('Noncompliance: an app-subnet ACL that lets in only 443 blocks the load balancer', async () => {
    const stack = withAcl(webStack(), (acl) => {
      allow(acl, 'In', 100, ec2.TrafficDirection.INGRESS, ec2.AclTraffic.tcpPort(443));
      allow(acl, 'Out', 100, ec2.TrafficDirection.EGRESS, ec2.AclTraffic.tcpPortRange(1024, 65535));
    });
    const r = await checkStack(albReachesTasks, stack);
    expect(r.status).toBe('fail');
    expect(r.findings[0].message).toMatch(/^network ACL AppAcl of subnet Vpc\/AppSubnet1\/Subnet lets no tcp 8080 in from load balancer Alb's subnet Vpc\/PublicSubnet1\/Subnet \(10\.0\.0\.0\/24\)/);
  });

  it('Noncompliance: an ACL that lets requests in but not the replies out (ACLs are stateless)', async () => {
    const stack = withAcl(webStack(), (acl) => {
      allow(acl, 'In', 100, ec2.TrafficDirection.INGRESS, ec2.AclTraffic.tcpPort(APP_PORT));
      allow(acl, 'Out', 100, ec2.TrafficDirection.EGRESS, ec2.AclTraffic.tcpPort(443));
    });
    const r = await checkStack(albReachesTasks, stack);
    expect(r.status).toBe('fail');
    expect(r.findings[0].message).toMatch(/lets no replies \(tcp 1024-65535\) out to load balancer Alb's subnet/);
  });

  it('Noncompliance: a lower-numbered deny wins over a later allow', async () => {
    const stack = withAcl(webStack(), (acl) => {
      allow(acl, 'Deny', 50, ec2.TrafficDirection.INGRESS, ec2.AclTraffic.allTraffic(), '10.0.0.0/16', ec2.Action.DENY);
      allow(acl, 'In', 100, ec2.TrafficDirection.INGRESS, ec2.AclTraffic.tcpPort(APP_PORT));
      allow(acl, 'Out', 100, ec2.TrafficDirection.EGRESS, ec2.AclTraffic.tcpPortRange(1024, 65535));
    });
    expect((await checkStack(albReachesTasks, stack)).status).toBe('fail');
  });
});

describe('reachability: NLB client IP preservation', () => {
  it('Compliance: ip targets over TCP do not preserve client IPs by default, so the VPC range (the NLB nodes) is enough', async () => {
    expect((await checkStack(albReachesTasks, nlbStack())).status).toBe('pass');
  });

  it('Noncompliance: with preserve_client_ip.enabled the tasks see the clients, whom the task group does not let in', async () => {
    const r = await checkStack(albReachesTasks, nlbStack({ preserve: true }));
    expect(r.status).toBe('fail');
    expect(r.findings.map((f) => f.message)).toEqual([
      'load balancer Nlb preserves client IP addresses (target group of service Service/Service), so the tasks see the clients\' addresses, and their security groups let no client outside the VPC in on tcp 8080',
    ]);
  });

  it('Compliance: with preservation on, a task group that lets the clients in passes', async () => {
    const stack = nlbStack({ preserve: true, taskRule: (sg) => sg.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(APP_PORT)) });
    expect((await checkStack(albReachesTasks, stack)).status).toBe('pass');
  });
});

describe('reachability: security groups across VPCs', () => {
  it('a reference to a group of another, unpeered VPC grants nothing; a peering makes it count', () => {
    const build = (peered: boolean) => {
      const stack = new Stack(new App(), 'Test');
      const a = new ec2.Vpc(stack, 'A', { maxAzs: 1, natGateways: 0, ipAddresses: ec2.IpAddresses.cidr('10.0.0.0/16') });
      const b = new ec2.Vpc(stack, 'B', { maxAzs: 1, natGateways: 0, ipAddresses: ec2.IpAddresses.cidr('10.1.0.0/16') });
      const client = new ec2.SecurityGroup(stack, 'Client', { vpc: b });
      const server = new ec2.SecurityGroup(stack, 'Server', { vpc: a });
      server.addIngressRule(client, ec2.Port.tcp(APP_PORT));
      if (peered) new ec2.CfnVPCPeeringConnection(stack, 'Peering', { vpcId: a.vpcId, peerVpcId: b.vpcId });
      const net = networkOf(offlineContext(stack).model);
      const id = (name: string) => [...net.securityGroups.keys()].find((k) => k.startsWith(name))!;
      return net.canReach(id('Client'), id('Server'), APP_PORT);
    };
    expect(build(false)).toBe(false);
    expect(build(true)).toBe(true);
  });
});

describe('task ingress behind a network load balancer', () => {
  it('Compliance: with client IP preservation on, letting the clients in on the target port is the path, not a finding', async () => {
    const { taskIngressFromAlbOnly } = await import('./task-ingress-from-alb-only');
    const stack = nlbStack({ preserve: true, taskRule: (sg) => sg.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(APP_PORT)) });
    const r = await checkStack(taskIngressFromAlbOnly, stack);
    expect([r.status, r.findings.map((f) => f.message)]).toEqual(['pass', []]);
  });

  it('Noncompliance: without preservation the clients never reach the tasks directly, so 0.0.0.0/0 is a way around the NLB', async () => {
    const { taskIngressFromAlbOnly } = await import('./task-ingress-from-alb-only');
    const stack = nlbStack({ preserve: false, taskRule: (sg) => sg.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(APP_PORT)) });
    const r = await checkStack(taskIngressFromAlbOnly, stack);
    expect(r.status).toBe('fail');
    expect(r.findings.map((f) => f.message)).toContain('security group TaskSg of service Service/Service accepts tcp 8080 from 0.0.0.0/0 (anyone on the internet)');
  });
});
