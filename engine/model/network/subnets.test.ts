import { App, Fn, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { describe, expect, it } from 'vitest';
import { offlineContext } from '../../testing/offline-context';
import { internetRoute, networkOf, zonesOf } from './index';

function threeTierVpc() {
  const stack = new Stack(new App(), 'Test');
  new ec2.Vpc(stack, 'Vpc', {
    maxAzs: 2,
    natGateways: 1,
    subnetConfiguration: [
      { name: 'web', subnetType: ec2.SubnetType.PUBLIC },
      { name: 'app', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      { name: 'data', subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
    ],
  });
  return stack;
}

const byName = (stack: Stack, name: string) => {
  const net = networkOf(offlineContext(stack).model);
  return [...net.subnets.values()].filter((s) => net.model.describe(s.logicalId).startsWith(`Vpc/${name}`));
};

describe('network subnets', () => {
  it('classifies subnets by their default route, not their name', () => {
    const stack = threeTierVpc();
    const [web, app, data] = ['web', 'app', 'data'].map((n) => byName(stack, n));
    expect(web.map((s) => s.kind)).toEqual(['public', 'public']);
    expect(app.map((s) => s.kind)).toEqual(['private', 'private']);
    expect(data.map((s) => s.kind)).toEqual(['isolated', 'isolated']);
    expect(internetRoute(web[0])?.target).toBe('internet-gateway');
    expect(app[0].defaultRoutes[0]).toMatchObject({ destination: '0.0.0.0/0', target: 'nat-gateway' });
    expect(internetRoute(app[0])).toBeUndefined();
  });

  it('reads AZs, CIDRs and MapPublicIpOnLaunch', () => {
    const stack = threeTierVpc();
    const web = byName(stack, 'web');
    expect(web.map((s) => s.availabilityZone)).toEqual(['us-east-1a', 'us-east-1b']);
    expect(web.every((s) => s.mapPublicIpOnLaunch)).toBe(true);
    expect(byName(stack, 'app').some((s) => s.mapPublicIpOnLaunch)).toBe(false);
    expect(web[0].cidr).toMatch(/^10\.0\.\d+\.0\/\d+$/);
    expect(zonesOf(web.map((subnet) => ({ raw: subnet.logicalId, subnet })))).toEqual(['us-east-1a', 'us-east-1b']);
    const net = networkOf(offlineContext(stack).model);
    expect(net.vpcs).toEqual([{ logicalId: expect.stringMatching(/^Vpc/), cidrBlocks: ['10.0.0.0/16'] }]);
  });

  it('a subnet without a route table association is isolated; a VPN gateway route does not make it public', () => {
    const stack = new Stack(new App(), 'Test');
    const vpc = new ec2.CfnVPC(stack, 'Vpc', { cidrBlock: '10.1.0.0/16' });
    new ec2.CfnSubnet(stack, 'Loose', { vpcId: vpc.ref, cidrBlock: '10.1.0.0/24', availabilityZone: Fn.select(0, Fn.getAzs()) });
    const vpnSubnet = new ec2.CfnSubnet(stack, 'Vpn', { vpcId: vpc.ref, cidrBlock: '10.1.1.0/24' });
    const table = new ec2.CfnRouteTable(stack, 'Table', { vpcId: vpc.ref });
    new ec2.CfnSubnetRouteTableAssociation(stack, 'Assoc', { subnetId: vpnSubnet.ref, routeTableId: table.ref });
    const vgw = new ec2.CfnVPNGateway(stack, 'Vgw', { type: 'ipsec.1' });
    new ec2.CfnRoute(stack, 'ToVpn', { routeTableId: table.ref, destinationCidrBlock: '0.0.0.0/0', gatewayId: vgw.ref });
    const net = networkOf(offlineContext(stack).model);
    expect(net.subnets.get('Loose')).toMatchObject({ kind: 'isolated', routeTable: undefined, availabilityZone: 'us-east-1a' });
    expect(net.subnets.get('Vpn')).toMatchObject({ kind: 'private', routeTable: 'Table' });
    expect(net.subnets.get('Vpn')!.defaultRoutes[0]).toMatchObject({ target: 'other', targetId: 'Vgw' });
  });

  it('an IPv6 default route to the internet gateway makes a subnet public', () => {
    const stack = new Stack(new App(), 'Test');
    const vpc = new ec2.CfnVPC(stack, 'Vpc', { cidrBlock: '10.1.0.0/16' });
    const subnet = new ec2.CfnSubnet(stack, 'Subnet', { vpcId: vpc.ref, cidrBlock: '10.1.0.0/24' });
    const table = new ec2.CfnRouteTable(stack, 'Table', { vpcId: vpc.ref });
    new ec2.CfnSubnetRouteTableAssociation(stack, 'Assoc', { subnetId: subnet.ref, routeTableId: table.ref });
    const igw = new ec2.CfnInternetGateway(stack, 'Igw');
    new ec2.CfnRoute(stack, 'V6', { routeTableId: table.ref, destinationIpv6CidrBlock: '::/0', gatewayId: igw.ref });
    new ec2.CfnRoute(stack, 'Peering', { routeTableId: table.ref, destinationCidrBlock: '10.2.0.0/16', gatewayId: igw.ref });
    const s = networkOf(offlineContext(stack).model).subnets.get('Subnet')!;
    expect(s.kind).toBe('public');
    expect(s.defaultRoutes.map((r) => r.logicalId)).toEqual(['V6']);
  });
});
