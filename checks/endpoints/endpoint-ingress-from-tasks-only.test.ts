import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { describe, expect, it } from 'vitest';
import { privateApp } from '../../engine/model/network/endpoints.fixture';
import { checkStack } from '../../engine/testing/offline-context';
import { endpointIngressFromTasksOnly } from './endpoint-ingress-from-tasks-only';

const check = (opts: Parameters<typeof privateApp>[0]) => checkStack(endpointIngressFromTasksOnly, privateApp(opts).stack);

describe('endpoints.endpoint-ingress-from-tasks-only', () => {
  it('Compliance 1: tcp 443 from the tasks\' group only', async () => {
    expect((await check({})).status).toBe('pass');
  });

  it('Compliance 2: no interface endpoint is no subject', async () => {
    expect((await check({ nat: true, interfaces: [] })).status).toBe('skip');
  });

  it('Noncompliance 1: CDK\'s open: true admits the whole VPC', async () => {
    const r = await check({ openToVpc: true });
    expect(r.status).toBe('fail');
    expect(r.findings.map((f) => f.message)).toEqual([
      "security group EndpointSg of interface endpoint Vpc/ECR accepts tcp 443 from 10.0.0.0/16, an address range rather than the tasks' security group",
    ]);
  });

  it('Noncompliance 2: all traffic from the tasks, and a group no service uses', async () => {
    const r = await check({
      endpointIngress: (e, t) => {
        e.addIngressRule(t, ec2.Port.allTraffic());
        e.addIngressRule(new ec2.SecurityGroup(e, 'Bastion', { vpc: e.node.scope!.node.findChild('Vpc') as ec2.Vpc }), ec2.Port.tcp(443));
      },
    });
    expect(r.findings.map((f) => f.message)).toEqual([
      "security group EndpointSg of interface endpoint Vpc/ECR accepts all traffic from the tasks' security group; AWS APIs are served on tcp 443 only",
      'security group EndpointSg of interface endpoint Vpc/ECR accepts tcp 443 from security group EndpointSg/Bastion, which no ECS service of the stack uses',
    ]);
  });

  it('Noncompliance 3: 0.0.0.0/0', async () => {
    const r = await check({ endpointIngress: (e) => e.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(443)) });
    expect(r.findings[0].message).toMatch(/accepts tcp 443 from 0\.0\.0\.0\/0 \(anyone\)/);
  });
});
