// A small web app on ECS Fargate behind an internet-facing Application Load Balancer.
//
//   internet ──80──▶ ALB ──8080──▶ tasks (private subnets)
//                                    │ reads files from   ─▶ S3 bucket "Assets"
//                                    │ gets its password  ─▶ Secrets Manager "DbSecret"
//                                    │ image from         ─▶ ECR repository "Repository"
//                                    └ logs to            ─▶ CloudWatch log group "AppLogs"
//
// Every task runs with two IAM roles. Which one does what is the whole lab: see brief.md.
import { RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';

/** The port the container listens on. */
const APP_PORT = 8080;

export class IamRolesStack extends Stack {
  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);

    // Two Availability Zones; the tasks run in the private subnets and reach AWS through one NAT gateway.
    const vpc = new ec2.Vpc(this, 'Vpc', { maxAzs: 2, natGateways: 1 });
    const cluster = new ecs.Cluster(this, 'Cluster', { vpc });

    // ---- What the app works with ------------------------------------------------------------

    // The files the app serves. It only ever downloads them.
    const assets = new s3.Bucket(this, 'Assets', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      removalPolicy: RemovalPolicy.DESTROY,
    });

    // The app's container image.
    const repository = new ecr.Repository(this, 'Repository', {
      imageScanOnPush: true,
      removalPolicy: RemovalPolicy.DESTROY,
    });

    // Where the container's stdout and stderr go.
    const logGroup = new logs.LogGroup(this, 'AppLogs', {
      retention: logs.RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });

    // The database password, injected into the container as DB_PASSWORD when a task starts.
    const dbSecret = new secretsmanager.Secret(this, 'DbSecret', {
      description: 'Database credentials of the web app',
      generateSecretString: {
        secretStringTemplate: JSON.stringify({ username: 'app' }),
        generateStringKey: 'password',
        excludePunctuation: true,
      },
    });

    // ---- The task's two roles ---------------------------------------------------------------

    // The execution role is the ECS agent's: before your code runs, it pulls the image,
    // creates the log stream and fetches the injected secret.
    const executionRole = new iam.Role(this, 'ExecutionRole', {
      assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com'),
      description: 'ECS agent: pull the image, write the logs, read the injected secret',
    });
    // The task role is the app's own: the AWS SDK inside the container gets its credentials.
    const taskRole = new iam.Role(this, 'TaskRole', {
      assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com'),
      description: 'The web app itself: reads files from the assets bucket',
    });

    // TODO: the app only downloads files from this bucket (see brief.md).
    //       Give the task role what that takes, and nothing more.
    assets.grantReadWrite(taskRole);

    // ---- The service ------------------------------------------------------------------------

    const taskDefinition = new ecs.FargateTaskDefinition(this, 'TaskDef', {
      cpu: 256,
      memoryLimitMiB: 512,
      executionRole,
      taskRole,
    });
    // CDK grants the execution role exactly what this container needs to start:
    // pulling from the repository, writing to the log group, reading the secret.
    taskDefinition.addContainer('app', {
      image: ecs.ContainerImage.fromEcrRepository(repository, 'latest'),
      portMappings: [{ containerPort: APP_PORT }],
      environment: { ASSETS_BUCKET: assets.bucketName },
      secrets: { DB_PASSWORD: ecs.Secret.fromSecretsManager(dbSecret, 'password') },
      logging: ecs.LogDrivers.awsLogs({ logGroup, streamPrefix: 'app' }),
    });

    const service = new ecs.FargateService(this, 'Service', {
      cluster,
      taskDefinition,
      desiredCount: 2,
      assignPublicIp: false,
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
