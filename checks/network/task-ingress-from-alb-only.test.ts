import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { describe, expect, it } from 'vitest';
import { checkStack } from '../../engine/testing/offline-context';
import { APP_PORT, webStack } from './fixtures';
import { taskIngressFromAlbOnly } from './task-ingress-from-alb-only';

describe('network.task-ingress-from-alb-only', () => {
  it('Compliance 1: only the rule CDK adds when the service becomes a target', async () => {
    expect((await checkStack(taskIngressFromAlbOnly, webStack())).status).toBe('pass');
  });

  it('Compliance 2: an explicit allowFrom the load balancer on the container port', async () => {
    const stack = webStack({ taskIngress: (task, alb) => task.connections.allowFrom(alb, ec2.Port.tcp(APP_PORT), 'from the load balancer') });
    expect((await checkStack(taskIngressFromAlbOnly, stack)).status).toBe('pass');
  });

  it('Noncompliance 1: open to 0.0.0.0/0 on all ports', async () => {
    const stack = webStack({ taskIngress: (task) => task.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.allTraffic(), 'debugging') });
    const r = await checkStack(taskIngressFromAlbOnly, stack);
    expect(r.status).toBe('fail');
    expect(r.findings).toHaveLength(1);
    expect(r.findings[0].message).toBe('security group TaskSg of service Service/Service accepts all traffic from 0.0.0.0/0 (anyone on the internet)');
    expect(r.findings[0].constructPath).toBe('Test/TaskSg/Resource');
  });

  it('Noncompliance 2: the VPC range on the container port is still more than the load balancer', async () => {
    const stack = webStack({ taskIngress: (task, _alb, vpc) => task.addIngressRule(ec2.Peer.ipv4(vpc.vpcCidrBlock), ec2.Port.tcp(APP_PORT)) });
    const r = await checkStack(taskIngressFromAlbOnly, stack);
    expect(r.findings.map((f) => f.message)).toEqual([`security group TaskSg of service Service/Service accepts tcp ${APP_PORT} from 10.0.0.0/16`]);
  });

  it('Noncompliance 3: the load balancer on more ports than it needs', async () => {
    const stack = webStack({ taskIngress: (task, alb) => task.connections.allowFrom(alb, ec2.Port.allTcp()) });
    const r = await checkStack(taskIngressFromAlbOnly, stack);
    expect(r.findings.map((f) => f.message)).toEqual([`security group TaskSg of service Service/Service accepts all tcp ports from the load balancer, which only needs tcp ${APP_PORT}`]);
    // The rule is a standalone resource, so the finding points at it.
    expect(r.findings[0].constructPath).toMatch(/^Test\/TaskSg\/from TestAlbSg.*ALL PORTS$/);
  });

  it('Noncompliance 4: another security group (a bastion) on SSH', async () => {
    const stack = webStack({
      taskIngress: (task, _alb, vpc) => {
        const bastion = new ec2.SecurityGroup(task, 'Bastion', { vpc });
        task.connections.allowFrom(bastion, ec2.Port.tcp(22));
      },
    });
    const r = await checkStack(taskIngressFromAlbOnly, stack);
    expect(r.findings.map((f) => f.message)).toEqual(['security group TaskSg of service Service/Service accepts tcp 22 from security group TaskSg/Bastion']);
  });

  it('Noncompliance 5: IPv6 from anywhere', async () => {
    const stack = webStack({ taskIngress: (task) => task.addIngressRule(ec2.Peer.anyIpv6(), ec2.Port.tcp(APP_PORT)) });
    const r = await checkStack(taskIngressFromAlbOnly, stack);
    expect(r.findings[0].message).toMatch(/accepts tcp 8080 from ::\/0 \(anyone on the internet\)/);
  });
});
