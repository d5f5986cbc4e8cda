import { describe, expect, it } from 'vitest';
import { StackModel } from '../model/model';
import type { CfnTemplate } from '../types';
import { isValidFargateSize } from './fargate-sizes';
import { estimateMonthlyCost, splitByStrategy } from './model';
import { taskHourPrice } from './prices';
import { cronHoursOfWeek, floorPerHour } from './schedule';

// Every expected number below is worked out by hand from data/prices.json.
const service = (props: Record<string, unknown>, td: Record<string, unknown>, extra: CfnTemplate['Resources'] = {}): StackModel =>
  new StackModel({
    Resources: {
      Cluster: { Type: 'AWS::ECS::Cluster', Properties: {} },
      TaskDef: { Type: 'AWS::ECS::TaskDefinition', Properties: { RequiresCompatibilities: ['FARGATE'], NetworkMode: 'awsvpc', ...td } },
      Service: { Type: 'AWS::ECS::Service', Properties: { Cluster: { Ref: 'Cluster' }, TaskDefinition: { Ref: 'TaskDef' }, ...props } },
      ...extra,
    },
  });
const ALB_AND_NAT = {
  Alb: { Type: 'AWS::ElasticLoadBalancingV2::LoadBalancer', Properties: { Type: 'application' } },
  Nat: { Type: 'AWS::EC2::NatGateway', Properties: {} },
};
const scalableTarget = (min: number, actions: unknown[]) => ({
  Target: {
    Type: 'AWS::ApplicationAutoScaling::ScalableTarget',
    Properties: {
      ServiceNamespace: 'ecs',
      ScalableDimension: 'ecs:service:DesiredCount',
      ResourceId: { 'Fn::Join': ['', ['service/', { Ref: 'Cluster' }, '/', { 'Fn::GetAtt': ['Service', 'Name'] }]] },
      MinCapacity: min,
      MaxCapacity: 8,
      ScheduledActions: actions,
    },
  },
});
const EVENING = { ScheduledActionName: 'evening', Schedule: 'cron(0 19 ? * MON-FRI *)', ScalableTargetAction: { MinCapacity: 2 } };
const MORNING = { ScheduledActionName: 'morning', Schedule: 'cron(0 7 ? * MON-FRI *)', ScalableTargetAction: { MinCapacity: 4 } };

describe('cost model', () => {
  it('prices a task hour: 0.5 vCPU / 1 GB on ARM = 0.5 × 0.03238 + 1 × 0.00356 = $0.01975; 2 vCPU / 8 GB on x86 = $0.11652', () => {
    expect(taskHourPrice(512, 1024, 'ARM64')).toBeCloseTo(0.01975, 6);
    expect(taskHourPrice(2048, 8192, 'X86_64')).toBeCloseTo(0.11652, 6);
  });

  it('knows the valid Fargate CPU/memory pairs', () => {
    expect(isValidFargateSize(256, 512)).toBe(true);
    expect(isValidFargateSize(256, 1536)).toBe(false);
    expect(isValidFargateSize(512, 1024)).toBe(true);
    expect(isValidFargateSize(1024, 1024)).toBe(false);
    expect(isValidFargateSize(4096, 30720)).toBe(true);
    expect(isValidFargateSize(8192, 20480)).toBe(true);
    expect(isValidFargateSize(8192, 18432)).toBe(false);
    expect(isValidFargateSize(3072, 8192)).toBe(false);
  });

  it('splits tasks over a strategy: base first, then by weight (4 tasks, FARGATE base 1 weight 1, SPOT weight 3 → 1.75 and 2.25)', () => {
    const s = [{ provider: 'FARGATE', base: 1, weight: 1 }, { provider: 'FARGATE_SPOT', base: 0, weight: 3 }];
    expect(splitByStrategy(4, s)).toEqual({ FARGATE: 1.75, FARGATE_SPOT: 2.25 });
    expect(splitByStrategy(1, s)).toEqual({ FARGATE: 1, FARGATE_SPOT: 0 });
  });

  it('reads weekly crons: 19:00 MON-FRI fires at hours 19, 43, 67, 91, 115 of the week; day numbers count from SUN = 1', () => {
    expect(cronHoursOfWeek('cron(0 19 ? * MON-FRI *)')).toEqual([19, 43, 67, 91, 115]);
    expect(cronHoursOfWeek('cron(0 7 ? * 2-6 *)')).toEqual([7, 31, 55, 79, 103]);
    expect(cronHoursOfWeek('cron(0 7 1 * ? *)')).toBeUndefined();
  });

  it('keeps 4 tasks in 60 business hours and 2 in the other 108 (456 task-hours a week), the weekend inheriting Friday evening', () => {
    const floor = floorPerHour(4, [
      { hours: cronHoursOfWeek(EVENING.Schedule)!, minCapacity: 2 },
      { hours: cronHoursOfWeek(MORNING.Schedule)!, minCapacity: 4 },
    ]);
    expect(floor.filter((n) => n === 4)).toHaveLength(60);
    expect(floor.reduce((a, b) => a + b, 0)).toBe(456);
    expect(floor[0]).toBe(2); // Monday 00:00
    expect(floor[7]).toBe(4); // Monday 07:00
  });

  it('the oversized service: 4 × 2 vCPU / 8 GB x86 around the clock + ALB + NAT = 340.2384 + 22.265 + 36.5 = $399.00 a month', () => {
    const report = estimateMonthlyCost(service({ DesiredCount: 4, LaunchType: 'FARGATE' }, { Cpu: '2048', Memory: '8192' }, ALB_AND_NAT));
    expect(report.lines.map((l) => l.logicalId)).toEqual(['Service', 'Alb', 'Nat']);
    expect(report.lines[0].monthly).toBeCloseTo(4 * 0.11652 * 730, 4);
    expect(report.monthly).toBeCloseTo(399.0034, 3);
  });

  it('the tuned service: 0.5 vCPU / 1 GB ARM, FARGATE base 1 + SPOT 3:1, 4 tasks in business hours and 2 off hours = $26.157 a month', () => {
    // weekly = 0.01975 × (60 × (1.75 + 2.25 × 0.3) + 108 × (1.25 + 0.75 × 0.3)) = 0.01975 × 304.8 = 6.0198; × 730 / 168
    const m = service(
      { DesiredCount: 4, CapacityProviderStrategy: [{ CapacityProvider: 'FARGATE', Base: 1, Weight: 1 }, { CapacityProvider: 'FARGATE_SPOT', Weight: 3 }] },
      { Cpu: '512', Memory: '1024', RuntimePlatform: { CpuArchitecture: 'ARM64', OperatingSystemFamily: 'LINUX' } },
      scalableTarget(4, [EVENING, MORNING]),
    );
    const report = estimateMonthlyCost(m);
    expect(report.monthly).toBeCloseTo((6.0198 * 730) / 168, 6);
    expect(report.assumptions.join('\n')).toMatch(/scaling minimum/);
  });

  it('uses the cluster\'s default strategy when the service names none, and leaves gateway endpoints free', () => {
    const m = service({ DesiredCount: 2 }, { Cpu: '256', Memory: '512' }, {
      Assoc: { Type: 'AWS::ECS::ClusterCapacityProviderAssociations', Properties: { Cluster: { Ref: 'Cluster' }, CapacityProviders: ['FARGATE_SPOT'], DefaultCapacityProviderStrategy: [{ CapacityProvider: 'FARGATE_SPOT', Weight: 1 }] } },
      S3: { Type: 'AWS::EC2::VPCEndpoint', Properties: { VpcEndpointType: 'Gateway' } },
      Logs: { Type: 'AWS::EC2::VPCEndpoint', Properties: { VpcEndpointType: 'Interface', SubnetIds: ['a', 'b'] } },
    });
    // 2 × (0.25 × 0.04048 + 0.5 × 0.004445) × 0.3 × 730 = 1.6166… ; endpoint 2 × 0.01 × 730 = 14.6
    const report = estimateMonthlyCost(m);
    expect(report.lines.find((l) => l.logicalId === 'Service')!.monthly).toBeCloseTo(2 * (0.01012 + 0.0022225) * 0.3 * 730, 6);
    expect(report.lines.find((l) => l.logicalId === 'Logs')!.monthly).toBeCloseTo(14.6, 6);
    expect(report.lines.some((l) => l.logicalId === 'S3')).toBe(false);
  });
});
