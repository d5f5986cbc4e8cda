import { App, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { describe, expect, it } from 'vitest';
import { offlineContext } from '../../testing/offline-context';
import { networkOf, zonesOf } from './index';

function serviceStack(opts: { publicTasks?: boolean; desired?: number; scaling?: number; importedSg?: boolean } = {}) {
  const stack = new Stack(new App(), 'Test');
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1 });
  const cluster = new ecs.Cluster(stack, 'Cluster', { vpc });
  const task = new ecs.FargateTaskDefinition(stack, 'Task');
  task.addContainer('app', { image: ecs.ContainerImage.fromRegistry('nginx'), portMappings: [{ containerPort: 8080 }] });
  const securityGroups = opts.importedSg ? [ec2.SecurityGroup.fromSecurityGroupId(stack, 'Shared', 'sg-0123456789abcdef0')] : undefined;
  const service = new ecs.FargateService(stack, 'Service', {
    cluster, taskDefinition: task, desiredCount: opts.desired, securityGroups,
    assignPublicIp: opts.publicTasks, vpcSubnets: opts.publicTasks ? { subnetType: ec2.SubnetType.PUBLIC } : undefined,
  });
  if (opts.scaling) service.autoScaleTaskCount({ minCapacity: opts.scaling, maxCapacity: 10 });
  const alb = new elbv2.ApplicationLoadBalancer(stack, 'Alb', { vpc, internetFacing: true });
  alb.addListener('Http', { port: 80 }).addTargets('App', { port: 8080, targets: [service], healthCheck: { port: '8081' } });
  new elbv2.ApplicationLoadBalancer(stack, 'Other', { vpc });
  return stack;
}

describe('network ECS services', () => {
  it('reads where the tasks run, their security groups and container ports', () => {
    const net = networkOf(offlineContext(serviceStack()).model);
    const [svc] = net.services;
    expect(svc).toMatchObject({ launchType: 'FARGATE', awsvpc: true, assignPublicIp: false, desiredCount: 1, externalSecurityGroups: [] });
    expect(svc.subnets.map((s) => s.subnet?.kind)).toEqual(['private', 'private']);
    expect(zonesOf(svc.subnets)).toEqual(['us-east-1a', 'us-east-1b']);
    expect(svc.securityGroups).toHaveLength(1);
    expect(svc.targets).toEqual([expect.objectContaining({ containerName: 'app', containerPort: 8080 })]);
    expect(net.loadBalancersInFrontOf(svc).map((lb) => net.model.describe(lb.logicalId))).toEqual(['Alb']);
    expect(net.targetPorts(svc)).toEqual([8080, 8081]);
  });

  it('sees public subnets and public IPs', () => {
    const [svc] = networkOf(offlineContext(serviceStack({ publicTasks: true })).model).services;
    expect(svc.assignPublicIp).toBe(true);
    expect(svc.subnets.map((s) => s.subnet?.kind)).toEqual(['public', 'public']);
  });

  it('counts tasks from DesiredCount or the auto scaling minimum', () => {
    expect(networkOf(offlineContext(serviceStack({ desired: 3 })).model).services[0].desiredCount).toBe(3);
    expect(networkOf(offlineContext(serviceStack({ scaling: 2 })).model).services[0].desiredCount).toBe(2);
  });

  it('keeps imported security groups apart from the stack\'s own', () => {
    const [svc] = networkOf(offlineContext(serviceStack({ importedSg: true })).model).services;
    expect(svc.securityGroups).toEqual([]);
    expect(svc.externalSecurityGroups).toEqual(['sg-0123456789abcdef0']);
  });

  it('builds the view once per model', () => {
    const { model } = offlineContext(serviceStack());
    expect(networkOf(model)).toBe(networkOf(model));
  });
});
