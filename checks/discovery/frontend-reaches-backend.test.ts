import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { describe, expect, it } from 'vitest';
import { checkStack } from '../../engine/testing/offline-context';
import { frontendReachesBackend } from './frontend-reaches-backend';
import { BACKEND_PORT, twoServices } from './fixtures';

const allow = (acl: ec2.NetworkAcl, id: string, ruleNumber: number, direction: ec2.TrafficDirection, traffic: ec2.AclTraffic) =>
  acl.addEntry(id, { ruleNumber, cidr: ec2.AclCidr.ipv4('10.0.0.0/16'), traffic, direction });

describe('discovery.frontend-reaches-backend', () => {
  it('Compliance 1: the backend admits the frontend\'s group on its port', async () => {
    expect((await checkStack(frontendReachesBackend, twoServices())).status).toBe('pass');
  });

  it('Compliance 2: Cloud Map, same rules', async () => {
    expect((await checkStack(frontendReachesBackend, twoServices({ how: 'cloud-map' }))).status).toBe('pass');
  });

  it('Noncompliance 1: the backend admits the load balancer instead of the frontend', async () => {
    const r = await checkStack(frontendReachesBackend, twoServices({ backendIngress: (b, _f, alb) => b.addIngressRule(alb, ec2.Port.tcp(BACKEND_PORT)) }));
    expect(r.status).toBe('fail');
    expect(r.findings.map((f) => f.message)).toEqual(['tasks of backend Backend/Service do not accept tcp 8080 from the security group of frontend Frontend/Service, so its calls never arrive']);
    expect(r.findings[0].constructPath).toBe('Test/BackendSg/Resource');
  });

  it('Noncompliance 2: a network ACL without the return path', async () => {
    const r = await checkStack(frontendReachesBackend, twoServices({
      nacl: (acl) => {
        allow(acl, 'In', 100, ec2.TrafficDirection.INGRESS, ec2.AclTraffic.tcpPort(BACKEND_PORT));
        allow(acl, 'Out', 100, ec2.TrafficDirection.EGRESS, ec2.AclTraffic.tcpPort(BACKEND_PORT));
      },
    }));
    expect(r.findings.map((f) => f.message)).toEqual([
      'network ACL AppAcl of subnet Vpc/PrivateSubnet2/Subnet lets no replies (tcp 32768-60999) out between frontend Frontend/Service and backend Backend/Service',
      'network ACL AppAcl of subnet Vpc/PrivateSubnet1/Subnet lets no replies (tcp 32768-60999) back in between frontend Frontend/Service and backend Backend/Service',
    ]);
  });
});
