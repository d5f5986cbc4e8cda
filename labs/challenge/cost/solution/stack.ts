// The shop's checkout service on ECS Fargate behind an internet-facing Application Load Balancer,
// right-sized from two weeks of utilization data (brief.md):
//
//   internet ──80──▶ ALB (public subnets, 2 AZs) ──8080──▶ tasks (private subnets, NAT for egress)
//
// 0.5 vCPU / 1 GB on Graviton; one task on on-demand Fargate, the rest three to one on Fargate Spot;
// four tasks in business hours, two at night and at weekends; target tracking above that floor;
// cost allocation tags copied to every task.
import { Stack, Tags, type StackProps } from 'aws-cdk-lib';
import * as appscaling from 'aws-cdk-lib/aws-applicationautoscaling';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import type { Construct } from 'constructs';

const APP_PORT = 8080;
/** Published for linux/amd64 and linux/arm64 (a multi-arch image index), so Graviton can run it. */
const IMAGE = 'public.ecr.aws/nginx/nginx-unprivileged:stable-alpine';
/** The data set: p99 1,304 CPU units in business hours → 1,863 at 70 % → four tasks of 512. */
const BUSINESS_HOURS_TASKS = 4;
/** Off hours: p99 661 units → 945 at 70 % → two tasks of 512 (and one can be lost). */
const OFF_HOURS_TASKS = 2;

export class CostLabStack extends Stack {
  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);

    const vpc = new ec2.Vpc(this, 'Vpc', {
      maxAzs: 2,
      natGateways: 1,
      subnetConfiguration: [
        { name: 'Public', subnetType: ec2.SubnetType.PUBLIC, cidrMask: 24 },
        { name: 'App', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, cidrMask: 24 },
      ],
    });
    // The cluster offers both Fargate capacity providers; the service chooses its mix.
    const cluster = new ecs.Cluster(this, 'Cluster', { vpc, containerInsightsV2: ecs.ContainerInsights.ENABLED, enableFargateCapacityProviders: true });

    // The busiest task used 571 MiB: 1 GB leaves a quarter of headroom; 0.5 vCPU is the smallest CPU that takes 1 GB.
    const taskDefinition = new ecs.FargateTaskDefinition(this, 'TaskDefinition', {
      cpu: 512,
      memoryLimitMiB: 1024,
      runtimePlatform: { cpuArchitecture: ecs.CpuArchitecture.ARM64, operatingSystemFamily: ecs.OperatingSystemFamily.LINUX },
    });
    taskDefinition.addContainer('checkout', {
      image: ecs.ContainerImage.fromRegistry(IMAGE),
      portMappings: [{ containerPort: APP_PORT }],
      logging: ecs.LogDrivers.awsLogs({ streamPrefix: 'checkout' }),
    });

    const service = new ecs.FargateService(this, 'Service', {
      cluster,
      taskDefinition,
      desiredCount: BUSINESS_HOURS_TASKS,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      assignPublicIp: false,
      // One task always on on-demand Fargate; the rest three to one on Spot (70 % cheaper, may be reclaimed with two minutes' warning).
      capacityProviderStrategies: [
        { capacityProvider: 'FARGATE', base: 1, weight: 1 },
        { capacityProvider: 'FARGATE_SPOT', weight: 3 },
      ],
      // Fargate bills the tasks: they must carry the tags for Cost Explorer to attribute them.
      propagateTags: ecs.PropagatedTagSource.SERVICE,
      enableECSManagedTags: true,
    });
    Tags.of(service).add('cost-center', 'shop-checkout');
    Tags.of(service).add('application', 'checkout');

    const scaling = service.autoScaleTaskCount({ minCapacity: BUSINESS_HOURS_TASKS, maxCapacity: 12 });
    scaling.scaleOnCpuUtilization('Cpu', { targetUtilizationPercent: 60 });
    // Fewer tasks at night and at weekends, back before the morning: the floor follows the data set.
    scaling.scaleOnSchedule('EveningScaleIn', {
      schedule: appscaling.Schedule.cron({ minute: '0', hour: '19', weekDay: 'MON-FRI' }),
      minCapacity: OFF_HOURS_TASKS,
    });
    scaling.scaleOnSchedule('MorningScaleOut', {
      schedule: appscaling.Schedule.cron({ minute: '0', hour: '7', weekDay: 'MON-FRI' }),
      minCapacity: BUSINESS_HOURS_TASKS,
    });

    const alb = new elbv2.ApplicationLoadBalancer(this, 'Alb', { vpc, internetFacing: true });
    alb.addListener('Http', { port: 80 }).addTargets('Checkout', {
      port: APP_PORT,
      protocol: elbv2.ApplicationProtocol.HTTP,
      targets: [service],
    });
  }
}
