// The shop's checkout service on ECS Fargate behind an internet-facing Application Load Balancer.
//
//   internet ──80──▶ ALB (public subnets, 2 AZs) ──8080──▶ tasks (private subnets)
//
// It works on a quiet afternoon. Whether it keeps working when a task dies, when an Availability
// Zone goes dark or when the evening rush arrives is the whole lab: see brief.md.
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
    });

    // TODO: this is the whole service as it was first deployed "just to try it out".
    //       Make it survive a lost task, a lost Availability Zone and the evening rush (brief.md):
    //       where its tasks run and how many, how ECS and the load balancer tell a sick task
    //       from a healthy one, and how the task count follows the load.
    const service = new ecs.FargateService(this, 'Service', {
      cluster,
      taskDefinition,
      desiredCount: 1,
      // Pinned to the first private subnet while someone debugged a routing problem.
      vpcSubnets: { subnets: [vpc.privateSubnets[0]] },
      assignPublicIp: false,
    });

    const alb = new elbv2.ApplicationLoadBalancer(this, 'Alb', { vpc, internetFacing: true });
    const targetGroup = alb.addListener('Http', { port: 80 }).addTargets('Checkout', {
      port: APP_PORT,
      protocol: elbv2.ApplicationProtocol.HTTP,
      targets: [service],
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
