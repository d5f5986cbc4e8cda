// The shop's checkout service on ECS Fargate behind an internet-facing Application Load Balancer.
//
//   internet ──80──▶ ALB (public subnets, 2 AZs) ──8080──▶ tasks (private subnets, 2 AZs)
//
// Built to survive a lost task, a lost Availability Zone and the evening rush: see brief.md.
import { Duration, Stack, type StackProps } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import type { Construct } from 'constructs';
import { AzOutageExperiment, StopTasksExperiment } from './faults';

/** The port the container listens on (nginx-unprivileged serves on 8080). */
const APP_PORT = 8080;
/** The lab's id: FIS finds the lab's tasks and subnets by a tag with this value. */
const LAB_ID = 'scenario/high-availability';

export class HighAvailabilityStack extends Stack {
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
    taskDefinition.addContainer('checkout', {
      image: ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx-unprivileged:stable-alpine'),
      portMappings: [{ containerPort: APP_PORT }],
      logging: ecs.LogDrivers.awsLogs({ streamPrefix: 'checkout' }),
      // ECS replaces a task whose app stops answering, even while its process is still alive:
      // three failed probes 10 s apart, after a 30 s start period for the app to boot.
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
      // Static stability: two tasks per Availability Zone, so either zone alone carries the normal
      // load (60 requests/s; 2 × 50 at full CPU) while ECS starts replacements in the other.
      desiredCount: 4,
      // The private subnets of both zones: ECS spreads the tasks across them.
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      assignPublicIp: false,
      // Never fewer serving tasks than asked for during a deployment; roll back one that cannot start.
      minHealthyPercent: 100,
      circuitBreaker: { rollback: true },
      // Time to boot before failed load balancer health checks count against a new task.
      healthCheckGracePeriod: Duration.seconds(60),
    });

    const alb = new elbv2.ApplicationLoadBalancer(this, 'Alb', { vpc, internetFacing: true });
    const targetGroup = alb.addListener('Http', { port: 80 }).addTargets('Checkout', {
      port: APP_PORT,
      protocol: elbv2.ApplicationProtocol.HTTP,
      targets: [service],
      // A target that stops answering leaves the rotation after 2 × 10 s, instead of 2 × 30 s;
      // a new one joins after 2 × 10 s, instead of 5 × 30 s.
      healthCheck: { path: '/', interval: Duration.seconds(10), timeout: Duration.seconds(5), healthyThresholdCount: 2, unhealthyThresholdCount: 2 },
      // In-flight requests get 30 s to finish when a task leaves (the default is 300 s).
      deregistrationDelay: Duration.seconds(30),
    });

    // The floor keeps the static stability above; the ceiling covers the evening rush.
    const scaling = service.autoScaleTaskCount({ minCapacity: 4, maxCapacity: 12 });
    // Requests per task react the moment traffic moves: half of the 3,000 a task serves per minute.
    scaling.scaleOnRequestCount('RequestScaling', {
      targetGroup,
      requestsPerTarget: 1500,
      scaleOutCooldown: Duration.seconds(60),
      scaleInCooldown: Duration.seconds(300),
    });
    // CPU covers requests that cost more than usual.
    scaling.scaleOnCpuUtilization('CpuScaling', {
      targetUtilizationPercent: 50,
      scaleOutCooldown: Duration.seconds(60),
      scaleInCooldown: Duration.seconds(300),
    });

    // ---- The faults the lab replays (leave these as they are) ---------------------------------

    // AWS FIS experiment templates: offline, `lab check` replays each fault against this stack;
    // with `--target aws` they run for real, on the lab's tagged resources only.
    new AzOutageExperiment(this, 'AzOutage', {
      labId: LAB_ID,
      service,
      targetGroup,
      vpc,
      duration: Duration.minutes(5),
      description: 'Checkout serves 99 % of a normal half hour in which one Availability Zone is lost for five minutes',
    });
    new StopTasksExperiment(this, 'StopTasks', {
      labId: LAB_ID,
      service,
      targetGroup,
      selection: { percent: 50 },
      description: 'Checkout keeps serving 99.9 % of requests when half of its tasks stop at once',
    });
  }
}
