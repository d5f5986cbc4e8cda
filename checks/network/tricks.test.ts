// Network tricks the model used to misread: a rule attached to its group through a form other
// than a bare Ref/GetAtt, a load balancer's security group shared with an EC2 instance, and a
// scheduled scaling action that lowers the service's floor below what multi-AZ needs.
import { Duration } from 'aws-cdk-lib';
import * as appscaling from 'aws-cdk-lib/aws-applicationautoscaling';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { describe, expect, it } from 'vitest';
import { runCheck } from '../../engine/checking/run-checks';
import { StackModel } from '../../engine/model/model';
import { checkStack } from '../../engine/testing/offline-context';
import { webStack } from './fixtures';
import { multiAz } from './multi-az';
import { taskIngressFromAlbOnly } from './task-ingress-from-alb-only';

/** A hand-written service template whose extra task rule names its group through `groupId`. */
function templateWithRule(groupId: unknown) {
  return {
    Resources: {
      Vpc: { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '10.0.0.0/16' } },
      A: { Type: 'AWS::EC2::Subnet', Properties: { VpcId: { Ref: 'Vpc' }, CidrBlock: '10.0.1.0/24', AvailabilityZone: 'us-east-1a' } },
      B: { Type: 'AWS::EC2::Subnet', Properties: { VpcId: { Ref: 'Vpc' }, CidrBlock: '10.0.2.0/24', AvailabilityZone: 'us-east-1b' } },
      AlbSg: { Type: 'AWS::EC2::SecurityGroup', Properties: { GroupDescription: 'alb', VpcId: { Ref: 'Vpc' }, SecurityGroupIngress: [{ CidrIp: '0.0.0.0/0', IpProtocol: 'tcp', FromPort: 443, ToPort: 443 }] } },
      TaskSg: {
        Type: 'AWS::EC2::SecurityGroup',
        Properties: { GroupDescription: 'task', VpcId: { Ref: 'Vpc' }, SecurityGroupIngress: [{ SourceSecurityGroupId: { 'Fn::GetAtt': ['AlbSg', 'GroupId'] }, IpProtocol: 'tcp', FromPort: 80, ToPort: 80 }] },
      },
      Ssh: { Type: 'AWS::EC2::SecurityGroupIngress', Properties: { GroupId: groupId, CidrIp: '0.0.0.0/0', IpProtocol: 'tcp', FromPort: 22, ToPort: 22 } },
      Alb: { Type: 'AWS::ElasticLoadBalancingV2::LoadBalancer', Properties: { Subnets: [{ Ref: 'A' }, { Ref: 'B' }], SecurityGroups: [{ Ref: 'AlbSg' }] } },
      Tg: { Type: 'AWS::ElasticLoadBalancingV2::TargetGroup', Properties: { Port: 80, Protocol: 'HTTP', TargetType: 'ip', VpcId: { Ref: 'Vpc' } } },
      Listener: { Type: 'AWS::ElasticLoadBalancingV2::Listener', Properties: { LoadBalancerArn: { Ref: 'Alb' }, Port: 443, Protocol: 'HTTPS', DefaultActions: [{ Type: 'forward', TargetGroupArn: { Ref: 'Tg' } }] } },
      Task: { Type: 'AWS::ECS::TaskDefinition', Properties: { NetworkMode: 'awsvpc', ContainerDefinitions: [{ Name: 'app', Image: 'nginx', PortMappings: [{ ContainerPort: 80 }] }] } },
      Service: {
        Type: 'AWS::ECS::Service',
        Properties: {
          LaunchType: 'FARGATE', TaskDefinition: { Ref: 'Task' }, DesiredCount: 2,
          LoadBalancers: [{ ContainerName: 'app', ContainerPort: 80, TargetGroupArn: { Ref: 'Tg' } }],
          NetworkConfiguration: { AwsvpcConfiguration: { Subnets: [{ Ref: 'A' }, { Ref: 'B' }], SecurityGroups: [{ Ref: 'TaskSg' }] } },
        },
      },
    },
  };
}

async function judge(template: ReturnType<typeof templateWithRule>) {
  return runCheck(taskIngressFromAlbOnly, { template, model: new StackModel(template), assemblyDir: '' });
}

describe('network tricks', () => {
  it('Compliance: the hand-written service without the extra rule passes', async () => {
    const template = templateWithRule({ Ref: 'TaskSg' });
    delete (template.Resources as Record<string, unknown>).Ssh;
    expect((await judge(template)).status).toBe('pass');
  });

  for (const [form, groupId] of [
    ['Ref', { Ref: 'TaskSg' }],
    ['GetAtt GroupId', { 'Fn::GetAtt': ['TaskSg', 'GroupId'] }],
    ['Fn::Select of a list', { 'Fn::Select': [0, [{ 'Fn::GetAtt': ['TaskSg', 'GroupId'] }]] }],
    ['Fn::Join into a string', { 'Fn::Join': ['', [{ Ref: 'TaskSg' }]] }],
    ['Fn::Sub', { 'Fn::Sub': '${TaskSg.GroupId}' }],
  ] as const) {
    it(`Noncompliance: an SSH rule attached to the task group through ${form}`, async () => {
      const r = await judge(templateWithRule(groupId));
      expect(r.status).toBe('fail');
      expect(r.findings.map((f) => f.message)).toEqual(['security group TaskSg of service Service accepts tcp 22 from 0.0.0.0/0 (anyone on the internet)']);
      expect(r.findings[0].logicalId).toBe('Ssh');
    });
  }

  it('Noncompliance: the load balancer\'s security group is shared with an EC2 instance', async () => {
    const stack = webStack();
    const vpc = stack.node.findChild('Vpc') as ec2.Vpc;
    const albSg = stack.node.findChild('AlbSg') as ec2.SecurityGroup;
    new ec2.Instance(stack, 'Worker', { vpc, securityGroup: albSg, instanceType: new ec2.InstanceType('t3.micro'), machineImage: ec2.MachineImage.latestAmazonLinux2023() });
    const r = await checkStack(taskIngressFromAlbOnly, stack);
    expect(r.status).toBe('fail');
    expect(r.findings.map((f) => f.message)).toEqual([
      "load balancer Alb's security group AlbSg is also attached to instance Worker, so the tasks' rule that lets the load balancer in lets that instance in too",
    ]);
  });

  it('Noncompliance: a scheduled action lowers the auto scaling floor to one task at night', async () => {
    const stack = webStack();
    const service = stack.node.findChild('Service') as ecs.FargateService;
    const scaling = service.autoScaleTaskCount({ minCapacity: 2, maxCapacity: 4 });
    scaling.scaleOnSchedule('Night', { schedule: appscaling.Schedule.cron({ hour: '22', minute: '0' }), minCapacity: 1 });
    const r = await checkStack(multiAz, stack);
    expect(r.status).toBe('fail');
    expect(r.findings.map((f) => f.message)).toEqual([
      'service Service/Service can run 1 task when scheduled scaling action Night lowers its minimum, so at those times it lives in at most 1 Availability Zone',
    ]);
    void Duration;
  });

  it('Compliance: a scheduled action that keeps the floor at two passes', async () => {
    const stack = webStack();
    const service = stack.node.findChild('Service') as ecs.FargateService;
    service.autoScaleTaskCount({ minCapacity: 2, maxCapacity: 4 }).scaleOnSchedule('Night', { schedule: appscaling.Schedule.cron({ hour: '22', minute: '0' }), minCapacity: 2, maxCapacity: 2 });
    expect((await checkStack(multiAz, stack)).status).toBe('pass');
  });
});
