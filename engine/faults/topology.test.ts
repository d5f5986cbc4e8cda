import { Duration } from 'aws-cdk-lib';
import * as autoscaling from 'aws-cdk-lib/aws-autoscaling';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { describe, expect, it } from 'vitest';
import { webStack } from '../../checks/network/fixtures';
import { StackModel } from '../model/model';
import { offlineContext } from '../testing/offline-context';
import { modelOf, serviceTemplate, topologyFixture } from './fixtures';
import { readTopologies, selectService, spread } from './topology';

describe('service topology from real CDK output', () => {
  it('reads the lab web app: Fargate, 2 AZs, 256 CPU units, CDK\'s grace period and deployment defaults, AWS defaults for the rest', () => {
    const stack = webStack();
    const service = stack.node.findChild('Service') as ecs.FargateService;
    const scaling = service.autoScaleTaskCount({ minCapacity: 2, maxCapacity: 6 });
    scaling.scaleOnCpuUtilization('Cpu', { targetUtilizationPercent: 60, scaleOutCooldown: Duration.seconds(60) });
    const [topo] = readTopologies(offlineContext(stack).model);
    expect(topo).toMatchObject({
      name: 'Service/Service',
      desiredCount: 2,
      launchType: 'FARGATE',
      azs: ['us-east-1a', 'us-east-1b'],
      initialTasksByAz: { 'us-east-1a': 1, 'us-east-1b': 1 },
      taskCpuUnits: 256,
      // CDK sets a 60 s grace period for a service behind a load balancer, and 50/200 % by default.
      healthCheckGracePeriodSeconds: 60,
      deployment: { minimumHealthyPercent: 50, maximumPercent: 200, circuitBreaker: { enable: false, rollback: false }, controller: 'ECS' },
      targetGroupHealthCheck: { enabled: true, intervalSeconds: 30, timeoutSeconds: 5, healthyThreshold: 5, unhealthyThreshold: 2 },
      loadBalancer: { azs: ['us-east-1a', 'us-east-1b'], idleTimeoutSeconds: 60 },
      autoScaling: {
        minCapacity: 2,
        maxCapacity: 6,
        stepScaling: [],
        targetTracking: [expect.objectContaining({ metric: 'cpu', metricName: 'ECSServiceAverageCPUUtilization', targetValue: 60, scaleOutCooldownSeconds: 60, scaleInCooldownSeconds: 300, disableScaleIn: false })],
      },
    });
    expect(topo.containerHealthCheck).toBeUndefined();
    expect(topo.assumed).toEqual(['target group interval 30 s, healthy threshold 5, unhealthy threshold 2', 'scaling cooldowns 300 s where unset']);
  });

  it('reads a circuit breaker, a container health check, request-count scaling and a tuned target group', () => {
    const stack = webStack();
    const service = stack.node.findChild('Service') as ecs.FargateService;
    const cfn = service.node.defaultChild as ecs.CfnService;
    cfn.addPropertyOverride('DeploymentConfiguration.DeploymentCircuitBreaker', { Enable: true, Rollback: true });
    cfn.addPropertyOverride('DeploymentConfiguration.MinimumHealthyPercent', 100);
    const td = service.taskDefinition.node.defaultChild as ecs.CfnTaskDefinition;
    td.addPropertyOverride('ContainerDefinitions.0.HealthCheck', { Command: ['CMD-SHELL', 'curl -f localhost:8080/health'], Interval: 10, Retries: 2, StartPeriod: 15 });
    const listener = stack.node.findChild('Alb').node.findChild('Https') as elbv2.ApplicationListener;
    const group = listener.node.findChild('AppGroup') as elbv2.ApplicationTargetGroup;
    group.configureHealthCheck({ path: '/', interval: Duration.seconds(5), healthyThresholdCount: 2, unhealthyThresholdCount: 2 });
    service.autoScaleTaskCount({ minCapacity: 2, maxCapacity: 8 }).scaleOnRequestCount('Requests', { requestsPerTarget: 1000, targetGroup: group });
    const [topo] = readTopologies(offlineContext(stack).model);
    expect(topo.deployment.circuitBreaker).toEqual({ enable: true, rollback: true });
    expect(topo.deployment.minimumHealthyPercent).toBe(100);
    expect(topo.containerHealthCheck).toEqual({ container: 'app', intervalSeconds: 10, timeoutSeconds: 5, retries: 2, startPeriodSeconds: 15 });
    expect(topo.targetGroupHealthCheck).toMatchObject({ intervalSeconds: 5, healthyThreshold: 2, unhealthyThreshold: 2 });
    expect(topo.autoScaling?.targetTracking).toEqual([expect.objectContaining({ metric: 'requests', metricName: 'ALBRequestCountPerTarget', targetValue: 1000 })]);
  });

  it('reads an EC2 service on container instances: its zones come from the capacity provider\'s Auto Scaling group', () => {
    const stack = webStack();
    const vpc = stack.node.findChild('Vpc') as ec2.Vpc;
    const cluster = stack.node.findChild('Cluster') as ecs.Cluster;
    const asg = new autoscaling.AutoScalingGroup(stack, 'Asg', {
      vpc, instanceType: new ec2.InstanceType('t3.medium'), machineImage: ecs.EcsOptimizedImage.amazonLinux2(), minCapacity: 2,
    });
    const provider = new ecs.AsgCapacityProvider(stack, 'Provider', { autoScalingGroup: asg });
    cluster.addAsgCapacityProvider(provider);
    const td = new ecs.Ec2TaskDefinition(stack, 'Ec2Task', { networkMode: ecs.NetworkMode.BRIDGE });
    td.addContainer('worker', { image: ecs.ContainerImage.fromRegistry('nginx'), memoryLimitMiB: 256, cpu: 512 });
    new ecs.Ec2Service(stack, 'Worker', { cluster, taskDefinition: td, desiredCount: 3, capacityProviderStrategies: [{ capacityProvider: provider.capacityProviderName, weight: 1 }] });
    const topo = selectService(offlineContext(stack).model, 'Worker');
    if ('reason' in topo) throw new Error(topo.reason);
    expect(topo).toMatchObject({ launchType: 'EC2', taskCpuUnits: 512, azs: ['us-east-1a', 'us-east-1b'], initialTasksByAz: { 'us-east-1a': 2, 'us-east-1b': 1 } });
    expect(topo.capacityProviders).toHaveLength(1);
    expect(topo.loadBalancer).toBeUndefined();
    expect(topo.targetGroupHealthCheck).toBeUndefined();
  });
});

describe('service topology from hand-written templates', () => {
  it('gives absent facts AWS\'s defaults and says so', () => {
    const topo = topologyFixture({ targetGroup: {} });
    expect(topo).toMatchObject({
      healthCheckGracePeriodSeconds: 0,
      deployment: { minimumHealthyPercent: 100, maximumPercent: 200 },
      targetGroupHealthCheck: { intervalSeconds: 30, timeoutSeconds: 5, healthyThreshold: 5, unhealthyThreshold: 2 },
    });
    expect(topo.assumed).toEqual([
      'target group interval 30 s, healthy threshold 5, unhealthy threshold 2',
      'health check grace period 0 s',
      'minimum healthy percent 100',
      'maximum percent 200',
    ]);
  });

  it('a service without DesiredCount runs 1 task, or the scaling minimum', () => {
    const t = serviceTemplate();
    delete t.Resources!.Service.Properties!.DesiredCount;
    expect((selectService(new StackModel(t)) as any).desiredCount).toBe(1);
    expect(topologyFixture({ desired: 1, scaling: { min: 3, max: 5 } }).desiredCount).toBe(3);
  });

  it('reports step scaling as present and keeps scaling without policies', () => {
    const topo = topologyFixture({ scaling: { min: 2, max: 4, step: true } });
    expect(topo.autoScaling).toMatchObject({ minCapacity: 2, maxCapacity: 4, targetTracking: [], stepScaling: ['StepPolicy'] });
  });

  it('reads the idle timeout and a disabled health check', () => {
    const topo = topologyFixture({ idleTimeout: 120, targetGroup: { enabled: false } });
    expect(topo.loadBalancer?.idleTimeoutSeconds).toBe(120);
    expect(topo.targetGroupHealthCheck?.enabled).toBe(false);
  });

  it('imported subnets leave the zones unknown', () => {
    const t = serviceTemplate();
    t.Resources!.Service.Properties!.NetworkConfiguration.AwsvpcConfiguration.Subnets = ['subnet-0123', 'subnet-0456'];
    const topo = selectService(new StackModel(t)) as any;
    expect(topo.azs).toEqual([]);
    expect(topo.initialTasksByAz).toEqual({});
  });

  it('a target group outside the stack: no health check, and it says so', () => {
    const t = serviceTemplate();
    t.Resources!.Service.Properties!.LoadBalancers[0].TargetGroupArn = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/shared/0123456789abcdef';
    const topo = selectService(new StackModel(t)) as any;
    expect(topo.targetGroupHealthCheck).toBeUndefined();
    expect(topo.assumed).toContain('no target group health check (the service\'s target group is not defined in this stack)');
  });

  it('reads a circuit breaker threshold and the deployment strategy', () => {
    const t = serviceTemplate({ deployment: { circuitBreaker: { enable: true, rollback: true } } });
    t.Resources!.Service.Properties!.DeploymentConfiguration.DeploymentCircuitBreaker.ThresholdConfiguration = { Type: 'COUNT', Value: 2 };
    t.Resources!.Service.Properties!.DeploymentConfiguration.Strategy = 'LINEAR';
    const topo = selectService(new StackModel(t)) as any;
    expect(topo.deployment.circuitBreaker).toEqual({ enable: true, rollback: true, threshold: { type: 'COUNT', value: 2 } });
    expect(topo.deployment.strategy).toBe('LINEAR');
  });

  it('selects by construct id, and says why it cannot', () => {
    expect(selectService(modelOf(), 'Service')).toMatchObject({ logicalId: 'Service' });
    expect(selectService(modelOf(), 'Nope')).toEqual({ reason: 'the stack has no ECS service Nope' });
  });

  it('spreads tasks round-robin over sorted zones', () => {
    expect(spread(5, ['a', 'b', 'c'])).toEqual({ a: 2, b: 2, c: 1 });
    expect(spread(0, ['a'])).toEqual({ a: 0 });
  });
});
