// A web shop's API on ECS Fargate behind an internet-facing Application Load Balancer.
//
//   internet ──80──▶ ALB (public subnets, 2 AZs) ──8080──▶ tasks (private subnets, 2 AZs)
//
// The service scales itself with Application Auto Scaling: a scalable target on its task count
// (between a minimum and a maximum) and target tracking policies that add tasks when a metric is
// above its target and remove them when it is below. Whether that keeps up with a spike is the
// whole lab: see brief.md.
import { Duration, Stack, type StackProps } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import type { Construct } from 'constructs';
import { CpuStressExperiment, prepareTaskForFaults } from './faults';

/** The port the container listens on (nginx-unprivileged serves on 8080). */
const APP_PORT = 8080;
/** The lab's id: FIS finds the lab's tasks by a tag with this value. */
const LAB_ID = 'operations/scaling-policies';

export class ScalingPoliciesStack extends Stack {
  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);

    // Two Availability Zones, public subnets for the load balancer, private ones for the tasks.
    const vpc = new ec2.Vpc(this, 'Vpc', {
      maxAzs: 2,
      natGateways: 1,
      subnetConfiguration: [
        { name: 'Public', subnetType: ec2.SubnetType.PUBLIC, cidrMask: 24 },
        { name: 'App', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, cidrMask: 24 },
      ],
    });
    const cluster = new ecs.Cluster(this, 'Cluster', { vpc, containerInsightsV2: ecs.ContainerInsights.ENABLED });

    // Half a vCPU per task: at full CPU one task serves about 50 requests a second (brief.md).
    const taskDefinition = new ecs.FargateTaskDefinition(this, 'TaskDefinition', { cpu: 512, memoryLimitMiB: 1024 });
    taskDefinition.addContainer('api', {
      image: ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx-unprivileged:stable-alpine'),
      portMappings: [{ containerPort: APP_PORT }],
      logging: ecs.LogDrivers.awsLogs({ streamPrefix: 'api' }),
      // ECS replaces a task whose container stops answering.
      healthCheck: {
        command: ['CMD-SHELL', `wget -q -O /dev/null http://localhost:${APP_PORT}/ || exit 1`],
        interval: Duration.seconds(10),
        timeout: Duration.seconds(5),
        retries: 3,
        startPeriod: Duration.seconds(30),
      },
    });

    const service = new ecs.FargateService(this, 'Service', {
      cluster,
      taskDefinition,
      desiredCount: 2,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      assignPublicIp: false,
      minHealthyPercent: 100,
      circuitBreaker: { rollback: true },
    });

    const alb = new elbv2.ApplicationLoadBalancer(this, 'Alb', { vpc, internetFacing: true });
    // The target group: what a request-count policy counts (scaling.scaleOnRequestCount).
    const targetGroup = alb.addListener('Http', { port: 80 }).addTargets('Api', {
      port: APP_PORT,
      protocol: elbv2.ApplicationProtocol.HTTP,
      targets: [service],
      healthCheck: { path: '/', interval: Duration.seconds(10), healthyThresholdCount: 2, unhealthyThresholdCount: 2 },
      deregistrationDelay: Duration.seconds(30),
    });

    // ---- The fault the lab replays -------------------------------------------------------------

    // Friday's runaway job as an AWS FIS experiment: half of the CPU of half of the tasks, for five
    // minutes. Offline, `lab check` replays it; with `--target aws` it runs for real. FIS reaches
    // inside the tasks through an SSM agent sidecar, which prepareTaskForFaults adds.
    prepareTaskForFaults(this, taskDefinition);
    new CpuStressExperiment(this, 'CpuStress', {
      labId: LAB_ID,
      service,
      targetGroup,
      duration: Duration.minutes(5),
      percent: 50,
      selection: { percent: 50 },
      description: 'The API keeps serving 99 % of requests through the TV spot with half of its tasks CPU-stressed',
    });

    // ---- Auto scaling ------------------------------------------------------------------------

    // TODO: this is the policy the team wrote for launch day, "to keep the bill down".
    //       It has never met a real spike. Make it keep up with one (see brief.md): the task
    //       count's floor and ceiling, the metrics it tracks, their targets and the cooldowns.
    const scaling = service.autoScaleTaskCount({ minCapacity: 1, maxCapacity: 2 });
    scaling.scaleOnCpuUtilization('CpuScaling', {
      targetUtilizationPercent: 90,
      scaleOutCooldown: Duration.seconds(600),
    });
  }
}
