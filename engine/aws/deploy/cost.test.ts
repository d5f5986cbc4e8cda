import { describe, expect, it } from 'vitest';
import { estimateCost, formatCost } from './cost';
import { HOURS_PER_MONTH, PRICES } from './prices';

const template = {
  Resources: {
    TaskDef: { Type: 'AWS::ECS::TaskDefinition', Properties: { Cpu: '512', Memory: '1024' } },
    Service: { Type: 'AWS::ECS::Service', Properties: { LaunchType: 'FARGATE', DesiredCount: 2, TaskDefinition: { Ref: 'TaskDef' } } },
    Lb: { Type: 'AWS::ElasticLoadBalancingV2::LoadBalancer', Properties: { Type: 'application' } },
    Nlb: { Type: 'AWS::ElasticLoadBalancingV2::LoadBalancer', Properties: { Type: 'network' } },
    Nat: { Type: 'AWS::EC2::NatGateway', Properties: {} },
    EcrApi: { Type: 'AWS::EC2::VPCEndpoint', Properties: { VpcEndpointType: 'Interface', SubnetIds: ['a', 'b'] } },
    S3: { Type: 'AWS::EC2::VPCEndpoint', Properties: { VpcEndpointType: 'Gateway' } },
    Alarm: { Type: 'AWS::CloudWatch::Alarm', Properties: {} },
    Key: { Type: 'AWS::KMS::Key', Properties: {} },
    Bucket: { Type: 'AWS::S3::Bucket', Properties: {} },
  },
};

describe('estimateCost', () => {
  it('prices what runs by the hour, from the template', () => {
    const est = estimateCost(template);
    const fargate = 2 * (0.5 * PRICES.fargateVcpuHour + 1 * PRICES.fargateGbHour);
    const expected =
      fargate + PRICES.albHour + PRICES.albLcuHour + PRICES.natGatewayHour + PRICES.publicIpv4Hour + 2 * PRICES.interfaceEndpointAzHour +
      (PRICES.alarmMonth + PRICES.kmsKeyMonth) / HOURS_PER_MONTH;
    expect(est.perHour).toBeCloseTo(expected, 10);
    expect(est.perMonth).toBeCloseTo(expected * HOURS_PER_MONTH, 8);
    expect(est.lines.map((l) => l.what)).toEqual([
      'Fargate Service: 2 × 0.5 vCPU / 1 GB',
      'Application Load Balancer Lb (1 LCU assumed)',
      'NAT gateway Nat (+ its public IPv4)',
      'interface endpoint EcrApi in 2 AZs',
      'CloudWatch alarm Alarm',
      'KMS key Key',
    ]);
  });

  it('says what it guessed: a computed desired count counts as one, an unknown task size is left out', () => {
    const est = estimateCost({
      Resources: {
        Td: { Type: 'AWS::ECS::TaskDefinition', Properties: { Cpu: '256', Memory: '512', RuntimePlatform: { CpuArchitecture: 'ARM64' } } },
        S: { Type: 'AWS::ECS::Service', Properties: { CapacityProviderStrategy: [{ CapacityProvider: 'FARGATE_SPOT' }], DesiredCount: { Ref: 'Count' }, TaskDefinition: { Ref: 'Td' } } },
        U: { Type: 'AWS::ECS::Service', Properties: { LaunchType: 'FARGATE', TaskDefinition: { Ref: 'Missing' } } },
        Ec2: { Type: 'AWS::ECS::Service', Properties: { LaunchType: 'EC2', TaskDefinition: { Ref: 'Td' } } },
      },
    });
    expect(est.perHour).toBeCloseTo(0.25 * PRICES.fargateArmVcpuHour + 0.5 * PRICES.fargateArmGbHour, 10);
    expect(est.assumptions).toEqual(['S: desired count is computed at deploy time; counted as 1', 'U: task size unknown; not counted']);
  });

  it('an empty stack costs nothing, and the printout names per hour, per month and the TTL', () => {
    const est = estimateCost({ Resources: {} });
    expect(est.perHour).toBe(0);
    expect(formatCost(estimateCost(template), 4)[0]).toMatch(/^Estimated cost: \$0\.\d\d per hour · \$\d+\.\d\d per month if left running · \$\d\.\d\d for the 4 h until it expires$/);
  });
});
