import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { describe, expect, it } from 'vitest';
import { offlineContext } from '../../testing/offline-context';
import { privateApp, workingAcl, type PrivateAppOptions } from './endpoints.fixture';
import { describePath, networkOf, reachAwsServices, servicesNeeded, type EndpointReach } from './index';

/** Every (service → path or reason) of the app's first task subnet. */
function reach(opts: PrivateAppOptions = {}): Record<string, string> {
  const { model } = offlineContext(privateApp(opts).stack);
  const net = networkOf(model);
  const svc = net.services[0];
  const subnet = svc.subnets[0].subnet!;
  return Object.fromEntries(reachAwsServices(net, svc, subnet).map((r: EndpointReach) => [r.need.service, r.blocked ? `blocked: ${r.blocked.reason}` : r.unknown ? `unknown: ${r.unknown}` : `${r.path} ${describePath(model, r)}`]));
}

describe('service endpoints', () => {
  it('reads what a task needs from its task definition and service', () => {
    const { model } = offlineContext(privateApp({ exec: true }).stack);
    const svc = networkOf(model).services[0];
    expect(servicesNeeded(model, svc).map((n) => n.service)).toEqual(['ecr.api', 'ecr.dkr', 's3', 'logs', 'secretsmanager', 'ssmmessages']);
    const pub = offlineContext(privateApp({ publicImage: true }).stack).model;
    expect(servicesNeeded(pub, networkOf(pub).services[0]).map((n) => n.service)).toEqual(['public-registry', 'logs', 'secretsmanager']);
  });

  it('isolated subnets with every endpoint: interface endpoints, and S3 through the gateway endpoint', () => {
    const r = reach();
    expect(r['ecr.api']).toBe('interface-endpoint interface endpoint Vpc/ECR');
    expect(r['ecr.dkr']).toBe('interface-endpoint interface endpoint Vpc/ECR_DOCKER');
    expect(r.logs).toMatch(/^interface-endpoint/);
    expect(r.secretsmanager).toMatch(/^interface-endpoint/);
    expect(r.s3).toBe('gateway-endpoint gateway endpoint Vpc/S3');
  });

  it('a missing endpoint in an isolated subnet is no path at all', () => {
    const r = reach({ interfaces: ['ECR', 'CLOUDWATCH_LOGS', 'SECRETS_MANAGER'], s3Gateway: false });
    expect(r['ecr.dkr']).toMatch(/^blocked: subnet Vpc\/AppSubnet1\/Subnet has no route out \(no NAT gateway\) and there is no endpoint/);
    expect(r.s3).toMatch(/^blocked: .*no route out/);
    expect(r['ecr.api']).toMatch(/^interface-endpoint/);
  });

  it('private DNS off: the public name is resolved, and without NAT that goes nowhere', () => {
    const r = reach({ privateDnsOff: ['CLOUDWATCH_LOGS'] });
    expect(r.logs).toMatch(/^blocked: interface endpoint Vpc\/CLOUDWATCH_LOGS has private DNS off, so the task resolves the service's public name, and subnet .* has no route out/);
    // With a NAT gateway the public name is reachable that way.
    expect(reach({ nat: true, privateDnsOff: ['CLOUDWATCH_LOGS'] }).logs).toMatch(/^nat-gateway NAT gateway Vpc\/PublicSubnet1\/NATGateway/);
  });

  it('the endpoint group must admit 443 from the tasks, and a NAT gateway does not help once private DNS points at the endpoint', () => {
    const closed = { nat: true, endpointIngress: (e: ec2.SecurityGroup) => e.addIngressRule(ec2.Peer.ipv4('10.9.0.0/16'), ec2.Port.tcp(443)) };
    expect(reach(closed)['ecr.api']).toBe("blocked: the security groups of interface endpoint Vpc/ECR do not admit tcp 443 from the tasks' security group");
    const wrongPort = { endpointIngress: (e: ec2.SecurityGroup, t: ec2.SecurityGroup) => e.addIngressRule(t, ec2.Port.tcp(80)) };
    expect(reach(wrongPort).logs).toMatch(/^blocked: the security groups of interface endpoint/);
    // The VPC's range admits the tasks too (CDK's open: true).
    expect(reach({ openToVpc: true, endpointIngress: () => undefined })['ecr.api']).toMatch(/^interface-endpoint/);
  });

  it('the tasks need egress to the endpoint and, for the S3 gateway, to S3', () => {
    const onlyEndpoints = { taskEgress: (t: ec2.SecurityGroup, e: ec2.SecurityGroup) => t.addEgressRule(e, ec2.Port.tcp(443)) };
    const r = reach(onlyEndpoints);
    expect(r['ecr.api']).toMatch(/^interface-endpoint/);
    expect(r.s3).toMatch(/^blocked: the tasks' security group lets no tcp 443 out to S3/);
    const noEgress = { taskEgress: (t: ec2.SecurityGroup) => t.addEgressRule(ec2.Peer.ipv4('10.0.0.0/16'), ec2.Port.tcp(80)) };
    expect(reach(noEgress)['ecr.api']).toBe("blocked: the tasks' security group lets no tcp 443 out to interface endpoint Vpc/ECR");
  });

  it('NAT path: the public registry and every service without an endpoint go out through NAT', () => {
    const r = reach({ nat: true, publicImage: true, interfaces: [], s3Gateway: false });
    expect(r['public-registry']).toMatch(/^nat-gateway NAT gateway/);
    expect(r.logs).toMatch(/^nat-gateway/);
  });

  it('network ACLs: a working ACL passes, and the stateless return path is judged both ways', () => {
    expect(reach({ nat: true, nacl: (acl) => workingAcl(acl) }).logs).toMatch(/^interface-endpoint/);
    expect(reach({ nat: true, interfaces: [], nacl: (acl) => workingAcl(acl) }).logs).toMatch(/^nat-gateway/);
    // No replies in from anywhere: the NAT path (and the endpoint in the other subnet) fail.
    const noReplies = reach({ nat: true, interfaces: [], nacl: (acl) => workingAcl(acl, { repliesIn: false }) });
    expect(noReplies.logs).toMatch(/^blocked: network ACL AppAcl of subnet Vpc\/AppSubnet1\/Subnet lets no replies \(to the tasks' ports, tcp 32768-60999\) back in from 0.0.0.0\/0; network ACLs are stateless/);
    const endpointNoReplies = reach({ nacl: (acl) => workingAcl(acl, { repliesIn: false }) });
    expect(endpointNoReplies['ecr.api']).toMatch(/^blocked: network ACL AppAcl of subnet Vpc\/AppSubnet1\/Subnet lets no replies .* back in from interface endpoint Vpc\/ECR in subnet Vpc\/AppSubnet2\/Subnet/);
    const noHttpsOut = reach({ nat: true, interfaces: [], nacl: (acl) => workingAcl(acl, { httpsOut: false }) });
    expect(noHttpsOut.logs).toMatch(/lets no tcp 443 out to 0.0.0.0\/0/);
  });

  it('replies to a task come back to its Linux ephemeral ports: a deny for 3389 first does not block them, a range below them does', () => {
    const denyRdp = (acl: ec2.NetworkAcl) => {
      acl.addEntry('NoRdp', { ruleNumber: 50, cidr: ec2.AclCidr.anyIpv4(), traffic: ec2.AclTraffic.tcpPort(3389), direction: ec2.TrafficDirection.INGRESS, ruleAction: ec2.Action.DENY });
      workingAcl(acl);
    };
    expect(reach({ nat: true, interfaces: [], nacl: denyRdp }).logs).toMatch(/^nat-gateway/);
    expect(reach({ nacl: denyRdp })['ecr.api']).toMatch(/^interface-endpoint/);
    const lowRange = (acl: ec2.NetworkAcl) => {
      workingAcl(acl, { repliesIn: false });
      acl.addEntry('LowReplies', { ruleNumber: 300, cidr: ec2.AclCidr.anyIpv4(), traffic: ec2.AclTraffic.tcpPortRange(1024, 32767), direction: ec2.TrafficDirection.INGRESS });
    };
    expect(reach({ nat: true, interfaces: [], nacl: lowRange }).logs).toMatch(/^blocked: .*lets no replies/);
  });
});
