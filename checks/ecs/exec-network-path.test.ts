import { App, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { describe, expect, it } from 'vitest';
import { checkStack } from '../../engine/testing/offline-context';
import { execNetworkPath } from './exec-network-path';
import { execApp } from './exec.fixture';

const check = (stack: Stack) => checkStack(execNetworkPath, stack);

/** Tasks in isolated subnets that reach AWS through endpoints; `endpoints` adds the ones a test wants. */
function isolatedApp(endpoints: (vpc: ec2.Vpc) => void) {
  const stack = new Stack(new App(), 'Test');
  const vpc = new ec2.Vpc(stack, 'Vpc', {
    maxAzs: 2,
    natGateways: 0,
    subnetConfiguration: [
      { name: 'public', subnetType: ec2.SubnetType.PUBLIC },
      { name: 'isolated', subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
    ],
  });
  vpc.addInterfaceEndpoint('Ecr', { service: ec2.InterfaceVpcEndpointAwsService.ECR });
  vpc.addInterfaceEndpoint('EcrDocker', { service: ec2.InterfaceVpcEndpointAwsService.ECR_DOCKER });
  vpc.addGatewayEndpoint('S3', { service: ec2.GatewayVpcEndpointAwsService.S3 });
  endpoints(vpc);
  const taskDefinition = new ecs.FargateTaskDefinition(stack, 'TaskDef');
  taskDefinition.addContainer('app', { image: ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx') });
  new ecs.FargateService(stack, 'Service', {
    cluster: new ecs.Cluster(stack, 'Cluster', { vpc }),
    taskDefinition,
    enableExecuteCommand: true,
    vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
  });
  return stack;
}

const ssmMessages = (opts: Partial<ec2.InterfaceVpcEndpointOptions> = {}) => (vpc: ec2.Vpc) =>
  vpc.addInterfaceEndpoint('SsmMessages', { service: ec2.InterfaceVpcEndpointAwsService.SSM_MESSAGES, ...opts });

describe('ecs.exec-network-path', () => {
  it('Compliance 1: private subnets with a NAT gateway reach Session Manager without an endpoint', async () => {
    expect((await check(execApp().stack)).status).toBe('pass');
  });

  it('Compliance 2: isolated subnets with an ssmmessages endpoint (private DNS, open to the VPC on 443)', async () => {
    expect((await check(isolatedApp(ssmMessages()))).status).toBe('pass');
  });

  it('Noncompliance 1: isolated subnets with endpoints for ECR and S3, none for ssmmessages', async () => {
    const r = await check(isolatedApp(() => {}));
    expect(r.status).toBe('fail');
    expect(r.findings.map((f) => f.message)).toEqual([
      expect.stringMatching(/^service Service\/Service runs tasks in isolated subnets \(Vpc\/isolatedSubnet1\/Subnet, Vpc\/isolatedSubnet2\/Subnet\), .* no ssmmessages interface endpoint/),
    ]);
    expect(r.findings[0].constructPath).toBe('Test/Service/Service');
  });

  it('Noncompliance 2: the endpoint has private DNS off', async () => {
    const r = await check(isolatedApp(ssmMessages({ privateDnsEnabled: false })));
    expect(r.findings.map((f) => f.message)).toEqual([expect.stringMatching(/^ssmmessages endpoint Vpc\/SsmMessages has private DNS off/)]);
  });

  it('Noncompliance 3: the endpoint’s security group lets nobody in', async () => {
    const r = await check(isolatedApp(ssmMessages({ open: false })));
    expect(r.findings.map((f) => f.message)).toEqual([expect.stringMatching(/^the security groups of service Service\/Service and of ssmmessages endpoint Vpc\/SsmMessages do not let the tasks reach it on port 443$/)]);
  });

  it('Noncompliance 4: a custom network ACL on the tasks\' subnets lets 443 out but no replies back in (ACLs are stateless)', async () => {
    const withAcl = (replies: boolean) => {
      const { stack } = execApp();
      const vpc = stack.node.findChild('Vpc') as ec2.Vpc;
      const acl = new ec2.NetworkAcl(stack, 'AppAcl', { vpc, subnetSelection: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS } });
      acl.addEntry('HttpsOut', { ruleNumber: 100, cidr: ec2.AclCidr.anyIpv4(), traffic: ec2.AclTraffic.tcpPort(443), direction: ec2.TrafficDirection.EGRESS });
      if (replies) acl.addEntry('Replies', { ruleNumber: 100, cidr: ec2.AclCidr.anyIpv4(), traffic: ec2.AclTraffic.tcpPortRange(1024, 65535), direction: ec2.TrafficDirection.INGRESS });
      return stack;
    };
    const r = await check(withAcl(false));
    expect(r.status).toBe('fail');
    expect(r.findings[0].message).toMatch(/^the SSM agent in service Service\/Service's tasks cannot reach Session Manager \(ssmmessages\) from subnet Vpc\/PrivateSubnet1\/Subnet: network ACL AppAcl of subnet Vpc\/PrivateSubnet1\/Subnet lets no replies/);
    expect(r.findings[0].constructPath).toBe('Test/AppAcl/Resource');
    // With the replies let back in, the path is whole again.
    expect((await check(withAcl(true))).status).toBe('pass');
  });

  it('skips a stack without a service', async () => {
    const stack = new Stack(new App(), 'Test');
    new ec2.Vpc(stack, 'Vpc', { natGateways: 0 });
    expect((await check(stack)).status).toBe('skip');
  });
});
