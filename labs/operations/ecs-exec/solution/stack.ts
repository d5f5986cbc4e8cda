// A small web app on ECS Fargate behind an internet-facing Application Load Balancer, set up so
// that on-call can open a shell in a running container with ECS Exec — and so that every such
// session is encrypted and recorded.
//
//   internet ──80──▶ ALB ──8080──▶ tasks (private subnets)
//                                    └ logs to ─▶ CloudWatch log group "AppLogs"
//
//   on-call ── aws ecs execute-command ──▶ SSM Session Manager ──▶ the SSM agent in the container
//                                            │ encrypted with ─▶ KMS key "ExecKey"
//                                            └ recorded in   ─▶ CloudWatch log group "ExecSessionLogs"
//
// What each piece is for, and what breaks exec when it is missing: see brief.md.
import { RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';

/** The port the container listens on. */
const APP_PORT = 8080;

export class EcsExecStack extends Stack {
  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);

    // Two Availability Zones; the tasks run in the private subnets and reach AWS (including the
    // Session Manager endpoints ECS Exec talks to) through one NAT gateway.
    const vpc = new ec2.Vpc(this, 'Vpc', { maxAzs: 2, natGateways: 1 });

    // ---- ECS Exec: the key and the record of every session --------------------------------

    // Encrypts the data of each exec session between the on-call's client and the container.
    const execKey = new kms.Key(this, 'ExecKey', {
      description: 'ECS Exec: encrypts the session data between client and container',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    // Every command typed in an exec session, and its output. Encrypted with the same key; kept a year.
    const execSessionLogs = new logs.LogGroup(this, 'ExecSessionLogs', {
      encryptionKey: execKey,
      retention: logs.RetentionDays.ONE_YEAR,
      removalPolicy: RemovalPolicy.DESTROY,
    });

    const cluster = new ecs.Cluster(this, 'Cluster', {
      vpc,
      executeCommandConfiguration: {
        kmsKey: execKey,
        logging: ecs.ExecuteCommandLogging.OVERRIDE,
        logConfiguration: { cloudWatchLogGroup: execSessionLogs, cloudWatchEncryptionEnabled: true },
      },
    });

    // ---- The service ------------------------------------------------------------------------

    // Where the container's stdout and stderr go.
    const appLogs = new logs.LogGroup(this, 'AppLogs', {
      retention: logs.RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });

    const taskDefinition = new ecs.FargateTaskDefinition(this, 'TaskDef', { cpu: 256, memoryLimitMiB: 512 });

    // The container can host an exec session:
    // - an init process as PID 1 reaps the shells and commands a session leaves behind;
    // - a writable root file system, because the SSM agent ECS adds writes its files into the
    //   container (ECS Exec does not support readonlyRootFilesystem). This trades away Security
    //   Hub ECS.5 for this container, knowingly: the exec sessions that may now change files are
    //   encrypted and recorded, and only on-call may start one (see brief.md).
    taskDefinition.addContainer('app', {
      image: ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx:stable'),
      portMappings: [{ containerPort: APP_PORT }],
      logging: ecs.LogDrivers.awsLogs({ logGroup: appLogs, streamPrefix: 'app' }),
      linuxParameters: new ecs.LinuxParameters(this, 'AppLinuxParameters', { initProcessEnabled: true }),
    });

    const service = new ecs.FargateService(this, 'Service', {
      cluster,
      taskDefinition,
      desiredCount: 2,
      assignPublicIp: false,
      // ECS Exec needs Fargate platform 1.4.0 or later: leave it at LATEST.
      // ECS starts each task with the SSM agent in its containers, and CDK grants the task role
      // what that agent needs (the Session Manager channels, the key, the session log group).
      enableExecuteCommand: true,
      // Keep both tasks serving during deployments, and roll back one that cannot start.
      minHealthyPercent: 100,
      circuitBreaker: { rollback: true },
    });

    const alb = new elbv2.ApplicationLoadBalancer(this, 'Alb', { vpc, internetFacing: true });
    alb.addListener('Http', { port: 80 }).addTargets('App', {
      port: APP_PORT,
      protocol: elbv2.ApplicationProtocol.HTTP,
      targets: [service],
      healthCheck: { path: '/health' },
    });
  }
}
