// Services on EC2 container instances (bridge and host networking): every network check follows
// service → cluster → capacity provider / Auto Scaling group → launch template or configuration →
// the instances' security groups and subnets, and the host ports the load balancer must reach.
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { describe, expect, it } from 'vitest';
import { StackModel } from '../../engine/model/model';
import { runCheck } from '../../engine/checking/run-checks';
import { checkStack } from '../../engine/testing/offline-context';
import { albReachesTasks } from './alb-reaches-tasks';
import { ec2Stack } from './ec2-fixtures';
import { multiAz } from './multi-az';
import { taskIngressFromAlbOnly } from './task-ingress-from-alb-only';
import { tasksInPrivateSubnets } from './tasks-in-private-subnets';

describe('network checks on EC2 bridge/host networking', () => {
  it('Compliance 1: bridge mode with dynamic host ports behind a capacity provider passes all four checks', async () => {
    const stack = ec2Stack();
    for (const check of [albReachesTasks, taskIngressFromAlbOnly, tasksInPrivateSubnets, multiAz]) {
      const r = await checkStack(check, stack);
      expect([check.id, r.status, r.findings.map((f) => f.message)]).toEqual([check.id, 'pass', []]);
    }
  });

  it('Compliance 2: instances registered through user data (cluster.addCapacity), host networking', async () => {
    const stack = ec2Stack({ viaUserData: true, networkMode: ecs.NetworkMode.HOST });
    for (const check of [albReachesTasks, taskIngressFromAlbOnly, tasksInPrivateSubnets, multiAz]) {
      const r = await checkStack(check, stack);
      expect([check.id, r.status, r.findings.map((f) => f.message)]).toEqual([check.id, 'pass', []]);
    }
  });

  it('Noncompliance 1: the instances no longer accept the dynamic port range from the load balancer', async () => {
    const r = await checkStack(albReachesTasks, ec2Stack({ cutIngress: true }));
    expect(r.status).toBe('fail');
    expect(r.findings.map((f) => f.message)).toEqual([
      "container instances of service Service/Service do not accept tcp 32768-65535 (the dynamic host ports of bridge mode) from load balancer Alb's security group, so it cannot reach them",
      "load balancer Alb's security group lets no traffic out to the container instances of service Service/Service on tcp 32768-65535 (the dynamic host ports of bridge mode)",
    ]);
  });

  it('Noncompliance 2: SSH open to the internet on the container instances', async () => {
    const stack = ec2Stack({ instanceIngress: (sg) => sg.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(22)) });
    const r = await checkStack(taskIngressFromAlbOnly, stack);
    expect(r.findings.map((f) => f.message)).toEqual(['security group Asg/InstanceSecurityGroup of service Service/Service (its container instances) accepts tcp 22 from 0.0.0.0/0 (anyone on the internet)']);
  });

  it('Noncompliance 3: container instances in public subnets with public IPs', async () => {
    const r = await checkStack(tasksInPrivateSubnets, ec2Stack({ publicInstances: true }));
    expect(r.status).toBe('fail');
    const messages = r.findings.map((f) => f.message);
    expect(messages).toContain('service Service/Service runs on container instances of Asg/ASG that get public IP addresses (AssociatePublicIpAddress)');
    expect(messages.filter((m) => /runs tasks in public subnet Vpc\/PublicSubnet\d\/Subnet/.test(m))).toHaveLength(2);
  });

  it('Noncompliance 4: one task on EC2 lives in one zone (multi-AZ used to skip non-awsvpc services)', async () => {
    const r = await checkStack(multiAz, ec2Stack({ desiredCount: 1 }));
    expect(r.findings.map((f) => f.message)).toEqual(['service Service/Service runs 1 task, so it lives in at most 1 Availability Zone at a time']);
  });

  it('Noncompliance 5: instances of one zone', async () => {
    const r = await checkStack(multiAz, ec2Stack({ maxAzs: 1 }));
    expect(r.findings.map((f) => f.message)).toContain('service Service/Service spans 1 Availability Zone (us-east-1a); it needs 2');
  });

  it('Noncompliance 6: a fixed host port in bridge mode must be open, not the dynamic range', async () => {
    const stack = ec2Stack({ hostPort: 8081, cutIngress: true, instanceIngress: (sg, alb) => sg.connections.allowFrom(alb, ec2.Port.tcpRange(32768, 65535)) });
    const r = await checkStack(albReachesTasks, stack);
    expect(r.findings.map((f) => f.message)).toEqual([
      "container instances of service Service/Service do not accept tcp 8081 from load balancer Alb's security group, so it cannot reach them",
      "load balancer Alb's security group lets no traffic out to the container instances of service Service/Service on tcp 8081",
    ]);
    // The same fixed host port, opened, passes.
    expect((await checkStack(albReachesTasks, ec2Stack({ hostPort: 8081 }))).status).toBe('pass');
  });

  it('Unknown: an EC2 service on a cluster this template does not define is skipped, with the reason', async () => {
    const template = {
      Resources: {
        Task: { Type: 'AWS::ECS::TaskDefinition', Properties: { NetworkMode: 'bridge', ContainerDefinitions: [{ Name: 'app', Image: 'nginx', PortMappings: [{ ContainerPort: 80 }] }] } },
        Service: { Type: 'AWS::ECS::Service', Properties: { Cluster: 'shared-cluster', LaunchType: 'EC2', TaskDefinition: { Ref: 'Task' }, DesiredCount: 2 } },
      },
    };
    const model = new StackModel(template);
    for (const check of [tasksInPrivateSubnets, multiAz, taskIngressFromAlbOnly]) {
      const r = await runCheck(check, { template, model, assemblyDir: '' });
      expect([check.id, r.status]).toEqual([check.id, 'skip']);
      expect(r.findings[0].message).toMatch(/container instances .*cannot be (told|known)|cluster shared-cluster/);
    }
  });
});
