// Imported and cross-stack resources (fromXxx, Fn::ImportValue, a listener on an imported load
// balancer): what the template does not define is unknown, so the checks skip with the reason
// instead of failing, and still fail on evidence they can see.
import { App, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { describe, expect, it } from 'vitest';
import { runCheck } from '../../engine/checking/run-checks';
import { StackModel } from '../../engine/model/model';
import { networkOf } from '../../engine/model/network';
import { checkStack } from '../../engine/testing/offline-context';
import { albReachesTasks } from './alb-reaches-tasks';
import { multiAz } from './multi-az';
import { taskIngressFromAlbOnly } from './task-ingress-from-alb-only';
import { tasksInPrivateSubnets } from './tasks-in-private-subnets';

const ALB_ARN = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/shared/0123456789abcdef';
const LISTENER_ARN = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/shared/0123456789abcdef/fedcba9876543210';

/** A service stack that lives in a platform team's VPC, behind their shared load balancer. */
function importedStack(opts: { sshFromAnywhere?: boolean } = {}) {
  const stack = new Stack(new App(), 'Test');
  const vpc = ec2.Vpc.fromVpcAttributes(stack, 'Vpc', {
    vpcId: 'vpc-0123456789abcdef0',
    availabilityZones: ['us-east-1a', 'us-east-1b'],
    privateSubnetIds: ['subnet-0aaaaaaaaaaaaaaa1', 'subnet-0aaaaaaaaaaaaaaa2'],
  });
  const cluster = ecs.Cluster.fromClusterAttributes(stack, 'Cluster', { clusterName: 'shared', vpc });
  const task = new ecs.FargateTaskDefinition(stack, 'Task');
  task.addContainer('app', { image: ecs.ContainerImage.fromRegistry('nginx'), portMappings: [{ containerPort: 8080 }] });
  const taskSg = new ec2.SecurityGroup(stack, 'TaskSg', { vpc });
  if (opts.sshFromAnywhere) taskSg.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(22));
  const service = new ecs.FargateService(stack, 'Service', { cluster, taskDefinition: task, desiredCount: 2, securityGroups: [taskSg] });
  const albSg = ec2.SecurityGroup.fromSecurityGroupId(stack, 'AlbSg', 'sg-0bbbbbbbbbbbbbbb1');
  const alb = elbv2.ApplicationLoadBalancer.fromApplicationLoadBalancerAttributes(stack, 'Alb', { loadBalancerArn: ALB_ARN, securityGroupId: albSg.securityGroupId, vpc });
  new elbv2.ApplicationListener(stack, 'Listener', { loadBalancer: alb, port: 8443, protocol: elbv2.ApplicationProtocol.HTTP, open: false })
    .addTargets('App', { port: 8080, targets: [service] });
  return stack;
}

describe('network checks on imported and cross-stack resources', () => {
  it('Unknown 1: an imported VPC, load balancer and cluster make every network check skip with a reason', async () => {
    const stack = importedStack();
    for (const check of [albReachesTasks, taskIngressFromAlbOnly, tasksInPrivateSubnets, multiAz]) {
      const r = await checkStack(check, stack);
      expect([check.id, r.status]).toEqual([check.id, 'skip']);
      expect(r.findings[0].message.length).toBeGreaterThan(10);
    }
  });

  it('keeps a listener on an imported load balancer, so the service is still its target', async () => {
    const { model } = (await import('../../engine/testing/offline-context')).offlineContext(importedStack());
    const net = networkOf(model);
    expect(net.listeners).toHaveLength(1);
    const [lb] = net.loadBalancersInFrontOf(net.services[0]);
    expect(lb).toMatchObject({ imported: true });
  });

  it('Noncompliance: what the stack does define is still judged (SSH open on the task group)', async () => {
    const r = await checkStack(taskIngressFromAlbOnly, importedStack({ sshFromAnywhere: true }));
    expect(r.status).toBe('fail');
    expect(r.findings.map((f) => f.message)).toEqual(['security group TaskSg of service Service/Service accepts tcp 22 from 0.0.0.0/0 (anyone on the internet)']);
  });

  it('Unknown 2: hand-written template with Fn::ImportValue subnets and groups, and a rule on an imported listener', async () => {
    const template = {
      Resources: {
        Task: { Type: 'AWS::ECS::TaskDefinition', Properties: { NetworkMode: 'awsvpc', RequiresCompatibilities: ['FARGATE'], ContainerDefinitions: [{ Name: 'app', Image: 'nginx', PortMappings: [{ ContainerPort: 80 }] }] } },
        Tg: { Type: 'AWS::ElasticLoadBalancingV2::TargetGroup', Properties: { Port: 80, Protocol: 'HTTP', TargetType: 'ip', VpcId: { 'Fn::ImportValue': 'net-VpcId' } } },
        Rule: { Type: 'AWS::ElasticLoadBalancingV2::ListenerRule', Properties: { ListenerArn: { 'Fn::ImportValue': 'net-HttpsListener' }, Priority: 10, Conditions: [], Actions: [{ Type: 'forward', TargetGroupArn: { Ref: 'Tg' } }] } },
        Service: {
          Type: 'AWS::ECS::Service',
          Properties: {
            Cluster: { 'Fn::ImportValue': 'net-Cluster' }, LaunchType: 'FARGATE', TaskDefinition: { Ref: 'Task' }, DesiredCount: 2,
            LoadBalancers: [{ ContainerName: 'app', ContainerPort: 80, TargetGroupArn: { Ref: 'Tg' } }],
            NetworkConfiguration: { AwsvpcConfiguration: { Subnets: { 'Fn::Split': [',', { 'Fn::ImportValue': 'net-PrivateSubnets' }] }, SecurityGroups: [{ 'Fn::ImportValue': 'net-TaskSg' }] } },
          },
        },
      },
    };
    const model = new StackModel(template);
    const net = networkOf(model);
    expect(net.listeners.map((l) => l.rules.length)).toEqual([1]);
    expect(net.loadBalancersInFrontOf(net.services[0])).toHaveLength(1);
    for (const check of [albReachesTasks, taskIngressFromAlbOnly, tasksInPrivateSubnets, multiAz]) {
      const r = await runCheck(check, { template, model, assemblyDir: '' });
      expect([check.id, r.status]).toEqual([check.id, 'skip']);
    }
  });

  it('a listener ARN in the template keeps the listener too', () => {
    const template = { Resources: { R: { Type: 'AWS::ElasticLoadBalancingV2::ListenerRule', Properties: { ListenerArn: LISTENER_ARN, Priority: 1, Actions: [{ Type: 'fixed-response' }] } } } };
    expect(networkOf(new StackModel(template)).listeners).toHaveLength(1);
  });
});
