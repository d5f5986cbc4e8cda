// Test fixture for the simulator: a small CloudFormation template of one ECS service (subnets in a
// few AZs, a task definition, an ALB target group, optional auto scaling), written out by hand so
// each test states the exact numbers its hand-computed timeline uses.
import { StackModel } from '../model/model';
import type { CfnTemplate } from '../types';
import { selectService, type ServiceTopology } from './topology';

export interface ServiceFixture {
  azs?: string[];
  desired?: number;
  /** Task CPU units (default 1024: one vCPU). */
  cpu?: string;
  launchType?: string;
  /** Target group health check, or false for a service without a load balancer. */
  targetGroup?: { interval?: number; timeout?: number; healthy?: number; unhealthy?: number; enabled?: boolean } | false;
  containerHealthCheck?: { interval?: number; retries?: number; startPeriod?: number };
  grace?: number;
  deployment?: { min?: number; max?: number; circuitBreaker?: { enable: boolean; rollback: boolean } };
  scaling?: {
    min: number;
    max: number;
    policies?: { metric: string; target: number; scaleOutCooldown?: number; scaleInCooldown?: number; disableScaleIn?: boolean }[];
    step?: boolean;
  };
  idleTimeout?: number;
  /** ECS-native blue/green: the strategy, bake time, canary/linear step, hooks (stages each) and the green target group's rules. */
  blueGreen?: {
    strategy: 'BLUE_GREEN' | 'CANARY' | 'LINEAR';
    bakeMinutes?: number;
    step?: { percent: number; bakeMinutes: number };
    hooks?: string[][];
    /** The alternate target group (default true) and a test listener rule for it (default false). */
    alternate?: boolean;
    testListener?: boolean;
  };
}

export function serviceTemplate(f: ServiceFixture = {}): CfnTemplate {
  const azs = f.azs ?? ['us-east-1a', 'us-east-1b'];
  const R: Record<string, any> = {
    Vpc: { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '10.0.0.0/16' } },
    Cluster: { Type: 'AWS::ECS::Cluster', Properties: {} },
    TaskDef: {
      Type: 'AWS::ECS::TaskDefinition',
      Properties: {
        Cpu: f.cpu ?? '1024',
        Memory: '2048',
        NetworkMode: 'awsvpc',
        RequiresCompatibilities: ['FARGATE'],
        ContainerDefinitions: [{
          Name: 'app', Image: 'nginx', Essential: true, PortMappings: [{ ContainerPort: 8080 }],
          ...(f.containerHealthCheck ? { HealthCheck: { Command: ['CMD-SHELL', 'curl -f http://localhost:8080/health'], Interval: f.containerHealthCheck.interval, Retries: f.containerHealthCheck.retries, StartPeriod: f.containerHealthCheck.startPeriod } } : {}),
        }],
      },
    },
  };
  azs.forEach((az, i) => {
    R[`Subnet${i}`] = { Type: 'AWS::EC2::Subnet', Properties: { VpcId: { Ref: 'Vpc' }, AvailabilityZone: az, CidrBlock: `10.0.${i}.0/24` } };
  });
  const service: Record<string, any> = {
    Cluster: { Ref: 'Cluster' },
    TaskDefinition: { Ref: 'TaskDef' },
    LaunchType: f.launchType ?? 'FARGATE',
    DesiredCount: f.desired ?? 2,
    NetworkConfiguration: { AwsvpcConfiguration: { Subnets: azs.map((_, i) => ({ Ref: `Subnet${i}` })) } },
  };
  if (f.grace !== undefined) service.HealthCheckGracePeriodSeconds = f.grace;
  if (f.deployment || f.blueGreen) {
    f.deployment ??= {};
    const bg = f.blueGreen;
    service.DeploymentConfiguration = {
      ...(bg ? { Strategy: bg.strategy } : {}),
      ...(bg?.bakeMinutes !== undefined ? { BakeTimeInMinutes: bg.bakeMinutes } : {}),
      ...(bg?.step && bg.strategy === 'CANARY' ? { CanaryConfiguration: { CanaryPercent: bg.step.percent, CanaryBakeTimeInMinutes: bg.step.bakeMinutes } } : {}),
      ...(bg?.step && bg.strategy === 'LINEAR' ? { LinearConfiguration: { StepPercent: bg.step.percent, StepBakeTimeInMinutes: bg.step.bakeMinutes } } : {}),
      ...(bg?.hooks ? { LifecycleHooks: bg.hooks.map((stages) => ({ HookTargetArn: 'arn:aws:lambda:us-east-1:123456789012:function:hook', RoleArn: 'arn:aws:iam::123456789012:role/hook', LifecycleStages: stages })) } : {}),
      ...(f.deployment.min !== undefined ? { MinimumHealthyPercent: f.deployment.min } : {}),
      ...(f.deployment.max !== undefined ? { MaximumPercent: f.deployment.max } : {}),
      ...(f.deployment.circuitBreaker ? { DeploymentCircuitBreaker: { Enable: f.deployment.circuitBreaker.enable, Rollback: f.deployment.circuitBreaker.rollback } } : {}),
    };
  }
  if (f.targetGroup !== false) {
    const tg = f.targetGroup ?? {};
    R.Alb = {
      Type: 'AWS::ElasticLoadBalancingV2::LoadBalancer',
      Properties: {
        Subnets: azs.map((_, i) => ({ Ref: `Subnet${i}` })),
        ...(f.idleTimeout !== undefined ? { LoadBalancerAttributes: [{ Key: 'idle_timeout.timeout_seconds', Value: String(f.idleTimeout) }] } : {}),
      },
    };
    R.Tg = {
      Type: 'AWS::ElasticLoadBalancingV2::TargetGroup',
      Properties: {
        Port: 8080, Protocol: 'HTTP', TargetType: 'ip', VpcId: { Ref: 'Vpc' },
        ...(tg.interval !== undefined ? { HealthCheckIntervalSeconds: tg.interval } : {}),
        ...(tg.timeout !== undefined ? { HealthCheckTimeoutSeconds: tg.timeout } : {}),
        ...(tg.healthy !== undefined ? { HealthyThresholdCount: tg.healthy } : {}),
        ...(tg.unhealthy !== undefined ? { UnhealthyThresholdCount: tg.unhealthy } : {}),
        ...(tg.enabled === false ? { HealthCheckEnabled: false } : {}),
      },
    };
    R.Listener = {
      Type: 'AWS::ElasticLoadBalancingV2::Listener',
      Properties: { LoadBalancerArn: { Ref: 'Alb' }, Port: 80, Protocol: 'HTTP', DefaultActions: [{ Type: 'forward', TargetGroupArn: { Ref: 'Tg' } }] },
    };
    const bg = f.blueGreen;
    const advanced = bg && bg.alternate !== false
      ? { AdvancedConfiguration: { AlternateTargetGroupArn: 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/green/1', ProductionListenerRule: 'arn:aws:elasticloadbalancing:us-east-1:123456789012:listener-rule/app/prod/1', RoleArn: 'arn:aws:iam::123456789012:role/ecs-elb', ...(bg.testListener ? { TestListenerRule: 'arn:aws:elasticloadbalancing:us-east-1:123456789012:listener-rule/app/test/1' } : {}) } }
      : {};
    service.LoadBalancers = [{ ContainerName: 'app', ContainerPort: 8080, TargetGroupArn: { Ref: 'Tg' }, ...advanced }];
  }
  R.Service = { Type: 'AWS::ECS::Service', Properties: service, DependsOn: f.targetGroup !== false ? ['Listener'] : undefined };
  if (f.scaling) {
    R.ScalingTarget = {
      Type: 'AWS::ApplicationAutoScaling::ScalableTarget',
      Properties: {
        MinCapacity: f.scaling.min, MaxCapacity: f.scaling.max, ServiceNamespace: 'ecs', ScalableDimension: 'ecs:service:DesiredCount',
        ResourceId: { 'Fn::Join': ['', ['service/', { Ref: 'Cluster' }, '/', { 'Fn::GetAtt': ['Service', 'Name'] }]] },
      },
    };
    (f.scaling.policies ?? []).forEach((p, i) => {
      R[`Policy${i}`] = {
        Type: 'AWS::ApplicationAutoScaling::ScalingPolicy',
        Properties: {
          PolicyName: `p${i}`, PolicyType: 'TargetTrackingScaling', ScalingTargetId: { Ref: 'ScalingTarget' },
          TargetTrackingScalingPolicyConfiguration: {
            TargetValue: p.target,
            PredefinedMetricSpecification: { PredefinedMetricType: p.metric },
            ...(p.scaleOutCooldown !== undefined ? { ScaleOutCooldown: p.scaleOutCooldown } : {}),
            ...(p.scaleInCooldown !== undefined ? { ScaleInCooldown: p.scaleInCooldown } : {}),
            ...(p.disableScaleIn ? { DisableScaleIn: true } : {}),
          },
        },
      };
    });
    if (f.scaling.step) {
      R.StepPolicy = {
        Type: 'AWS::ApplicationAutoScaling::ScalingPolicy',
        Properties: { PolicyName: 'step', PolicyType: 'StepScaling', ScalingTargetId: { Ref: 'ScalingTarget' }, StepScalingPolicyConfiguration: { AdjustmentType: 'ChangeInCapacity', StepAdjustments: [{ ScalingAdjustment: 1, MetricIntervalLowerBound: 0 }] } },
      };
    }
  }
  for (const [id, r] of Object.entries(R)) {
    if (r.DependsOn === undefined) delete r.DependsOn;
    r.Metadata = { 'aws:cdk:path': `Test/${id}/Resource` };
  }
  return { Resources: R };
}

export function modelOf(f: ServiceFixture = {}): StackModel {
  return new StackModel(serviceTemplate(f));
}

export function topologyFixture(f: ServiceFixture = {}): ServiceTopology {
  const t = selectService(modelOf(f));
  if ('reason' in t) throw new Error(t.reason);
  return t;
}
