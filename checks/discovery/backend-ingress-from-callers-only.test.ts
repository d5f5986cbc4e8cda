import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { describe, expect, it } from 'vitest';
import { checkStack } from '../../engine/testing/offline-context';
import { backendIngressFromCallersOnly } from './backend-ingress-from-callers-only';
import { BACKEND_PORT, twoServices } from './fixtures';

const check = (opts: Parameters<typeof twoServices>[0]) => checkStack(backendIngressFromCallersOnly, twoServices(opts));

describe('discovery.backend-ingress-from-callers-only', () => {
  it('Compliance 1: the frontend\'s group on the published port', async () => {
    expect((await check({})).status).toBe('pass');
  });

  it('Compliance 2: no published backend is no subject', async () => {
    expect((await check({ unpublished: true })).status).toBe('skip');
  });

  it('Noncompliance 1: the VPC range on the port', async () => {
    const r = await check({ backendIngress: (b, _f, _a, vpc) => b.addIngressRule(ec2.Peer.ipv4(vpc.vpcCidrBlock), ec2.Port.tcp(BACKEND_PORT)) });
    expect(r.findings.map((f) => f.message)).toEqual(["security group BackendSg of backend Backend/Service accepts tcp 8080 from 10.0.0.0/16, an address range rather than its caller's security group"]);
  });

  it('Noncompliance 2: the load balancer\'s group, and every port from the frontend', async () => {
    const r = await check({
      backendIngress: (b, f, alb) => {
        b.addIngressRule(alb, ec2.Port.tcp(BACKEND_PORT));
        b.addIngressRule(f, ec2.Port.allTcp());
      },
    });
    expect(r.findings.map((f) => f.message)).toEqual([
      'security group BackendSg of backend Backend/Service accepts tcp 8080 from load balancer group AlbSg, but no load balancer sends it traffic: only the frontend calls it',
      'security group BackendSg of backend Backend/Service accepts tcp 0-65535 from its caller, which needs only tcp 8080',
    ]);
  });
});
