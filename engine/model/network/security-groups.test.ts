import { App, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { describe, expect, it } from 'vitest';
import { offlineContext } from '../../testing/offline-context';
import { describeRule, networkOf, type Network } from './index';

function setup(build: (stack: Stack, vpc: ec2.Vpc) => void): Network {
  const stack = new Stack(new App(), 'Test');
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1 });
  build(stack, vpc);
  return networkOf(offlineContext(stack).model);
}

/** The logical id of the security group created under construct path `Test/<id>`. */
const sgId = (net: Network, id: string) =>
  [...net.securityGroups.keys()].find((k) => net.model.resource(k)?.constructPath === `Test/${id}/Resource`)!;

describe('network security groups', () => {
  it('reads inline CIDR rules (IPv4, IPv6, prefix list) with protocol and ports', () => {
    const net = setup((stack, vpc) => {
      const sg = new ec2.SecurityGroup(stack, 'Web', { vpc });
      sg.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(443));
      sg.addIngressRule(ec2.Peer.anyIpv6(), ec2.Port.tcpRange(8000, 8100));
      sg.addIngressRule(ec2.Peer.prefixList('pl-12345'), ec2.Port.udp(53));
      sg.addIngressRule(ec2.Peer.ipv4('10.0.0.0/16'), ec2.Port.allTraffic());
    });
    const web = net.securityGroup(sgId(net, 'Web'))!;
    const rules = web.ingress.map((r) => [r.peer.kind === 'cidr' ? r.peer.cidr : r.peer.kind, describeRule(r), r.definedBy === web.logicalId ? 'inline' : 'standalone']);
    expect(rules).toEqual([
      ['0.0.0.0/0', 'tcp 443', 'inline'],
      ['::/0', 'tcp 8000-8100', 'inline'],
      ['10.0.0.0/16', 'all traffic', 'inline'],
      // CDK cannot inline a prefix list source, so it becomes an AWS::EC2::SecurityGroupIngress.
      ['prefix-list', 'udp 53', 'standalone'],
    ]);
    expect(net.openToInternet(web.logicalId).map(describeRule)).toEqual(['tcp 443', 'tcp 8000-8100']);
  });

  it('reads standalone rules that connections.allowFrom creates between two groups', () => {
    const net = setup((stack, vpc) => {
      const lb = new ec2.SecurityGroup(stack, 'Lb', { vpc, allowAllOutbound: false });
      const app = new ec2.SecurityGroup(stack, 'App', { vpc });
      app.connections.allowFrom(lb, ec2.Port.tcp(8080), 'from the load balancer');
    });
    const lb = sgId(net, 'Lb');
    const app = sgId(net, 'App');
    const [rule] = net.ingressFrom(app, lb);
    expect(rule).toMatchObject({ direction: 'ingress', protocol: 'tcp', ports: { from: 8080, to: 8080 }, peer: { kind: 'sg', group: lb } });
    expect(net.model.resource(rule.definedBy)?.type).toBe('AWS::EC2::SecurityGroupIngress');
    expect(net.allowsIngress(app, lb, 8080)).toBe(true);
    expect(net.allowsIngress(app, lb, 8081)).toBe(false);
    expect(net.allowsIngress(app, lb, 8080, 'udp')).toBe(false);
    expect(net.allowsIngress(app, '0.0.0.0/0', 8080)).toBe(false);
    // allowFrom also opened the load balancer's egress towards the app, as a standalone rule.
    expect(net.egressTo(lb, app).map(describeRule)).toEqual(['tcp 8080']);
    expect(net.canReach(lb, app, 8080)).toBe(true);
    expect(net.canReach(app, lb, 8080)).toBe(false);
  });

  it('reads hand-written CfnSecurityGroupIngress/Egress resources, protocol numbers included', () => {
    const net = setup((stack, vpc) => {
      const a = new ec2.CfnSecurityGroup(stack, 'A', { vpcId: vpc.vpcId, groupDescription: 'a' });
      const b = new ec2.CfnSecurityGroup(stack, 'B', {
        vpcId: vpc.vpcId,
        groupDescription: 'b',
        securityGroupEgress: [{ ipProtocol: '6', fromPort: 5432, toPort: 5432, destinationSecurityGroupId: a.attrGroupId }],
      });
      new ec2.CfnSecurityGroupIngress(stack, 'AFromB', { groupId: a.attrGroupId, ipProtocol: '6', fromPort: 5432, toPort: 5432, sourceSecurityGroupId: b.attrGroupId });
      new ec2.CfnSecurityGroupIngress(stack, 'AFromAnywhere', { groupId: a.attrGroupId, ipProtocol: '-1', cidrIpv6: '::/0' });
    });
    expect(net.canReach('B', 'A', 5432)).toBe(true);
    expect(net.canReach('B', 'A', 5433)).toBe(false);
    expect(net.ingressFrom('A', 'B').map((r) => r.definedBy)).toEqual(['AFromB']);
    expect(net.openToInternet('A').map((r) => [r.definedBy, describeRule(r)])).toEqual([['AFromAnywhere', 'all traffic']]);
    // A was created without egress rules: AWS gives it the allow-all egress rule.
    expect(net.securityGroup('A')!.egress).toEqual([expect.objectContaining({ implicit: true, protocol: 'all' })]);
    expect(net.allowsEgress('A', '198.51.100.1/32', 25)).toBe(true);
  });

  it('allowAllOutbound: false leaves only the match-nothing rule, so nothing gets out', () => {
    const net = setup((stack, vpc) => {
      new ec2.SecurityGroup(stack, 'Closed', { vpc, allowAllOutbound: false });
      new ec2.SecurityGroup(stack, 'Open', { vpc });
    });
    const closed = sgId(net, 'Closed');
    const open = sgId(net, 'Open');
    expect(net.allowsEgress(closed, '0.0.0.0/0', 443)).toBe(false);
    expect(net.allowsEgress(closed, open, 443)).toBe(false);
    expect(net.canReach(closed, open, 443)).toBe(false);
    expect(net.allowsEgress(open, closed, 443)).toBe(true);
  });

  it('a CIDR rule lets a group in when it covers the subnets the group lives in', () => {
    let vpcCidr = '';
    const net = setup((stack, vpc) => {
      vpcCidr = '10.0.0.0/16';
      const cluster = new ecs.Cluster(stack, 'Cluster', { vpc });
      const task = new ecs.FargateTaskDefinition(stack, 'Task');
      task.addContainer('app', { image: ecs.ContainerImage.fromRegistry('nginx'), portMappings: [{ containerPort: 8080 }] });
      const appSg = new ec2.SecurityGroup(stack, 'AppSg', { vpc });
      const service = new ecs.FargateService(stack, 'Service', { cluster, taskDefinition: task, securityGroups: [appSg] });
      const alb = new elbv2.ApplicationLoadBalancer(stack, 'Alb', { vpc, internetFacing: true });
      alb.addListener('Http', { port: 80 }).addTargets('App', { port: 8080, targets: [service] });
      const db = new ec2.SecurityGroup(stack, 'Db', { vpc });
      db.addIngressRule(ec2.Peer.ipv4(vpcCidr), ec2.Port.tcp(5432));
      db.addIngressRule(ec2.Peer.ipv4('10.0.0.0/24'), ec2.Port.tcp(6379));
    });
    const app = sgId(net, 'AppSg');
    const db = sgId(net, 'Db');
    expect(net.addressesOf(app).length).toBe(2);
    expect(net.allowsIngress(db, app, 5432)).toBe(true);
    // 10.0.0.0/24 does not hold the private subnets the service runs in.
    expect(net.allowsIngress(db, app, 6379)).toBe(false);
    // A group nobody uses has no known addresses: only 0.0.0.0/0 covers it.
    expect(net.allowsIngress(db, db, 5432)).toBe(false);
    expect(net.canReach(app, db, 5432)).toBe(true);
    // The load balancer's group and the service's group both list their members.
    expect(net.membersOf(app).map((m) => m.kind)).toEqual(['service']);
  });
});
