// A small web app on ECS Fargate, as the SOC 2 auditor will see it.
//
//   internet ──80──▶ ALB ──8080──▶ tasks (private subnets)
//                     │              │ reads files from   ─▶ S3 bucket "Assets"
//                     │              │ gets its password  ─▶ Secrets Manager "DbSecret"
//                     │              │ image from         ─▶ ECR repository "Repository"
//                     │              └ logs to            ─▶ CloudWatch log group "AppLogs"
//                     └ access logs to (the task)         ─▶ S3 bucket "AccessLogs"
//
// Every store is encrypted with one of the team's own KMS keys, one key per store. What the auditor asks for,
// and why, is the lab: see brief.md. (TLS on the load balancer is the tls-termination lab's.)
import { Duration, RemovalPolicy, Stack, Tags, type StackProps } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';

/** The port the container listens on. */
const APP_PORT = 8080;

export class ComplianceBaselineStack extends Stack {
  constructor(scope: Construct, id: string, props?: StackProps) {
    // The region is fixed: load balancer access logs are delivered by a regional service.
    super(scope, id, { ...props, env: { region: 'eu-west-1', ...props?.env } });

    // Who answers for every resource, and how sensitive its data is: the auditor's asset inventory.
    Tags.of(this).add('owner', 'team-web');
    Tags.of(this).add('data-classification', 'confidential');

    const vpc = new ec2.Vpc(this, 'Vpc', { maxAzs: 2, natGateways: 1 });
    const cluster = new ecs.Cluster(this, 'Cluster', { vpc });

    // ---- Where the data lives ---------------------------------------------------------------

    // The team's own keys: a key policy says who may use each, and CloudTrail records every use.
    // One key per store, so the grant that lets the app decrypt its files decrypts nothing else.
    const key = (id: string, description: string) =>
      new kms.Key(this, id, { description, enableKeyRotation: true, rotationPeriod: Duration.days(365), removalPolicy: RemovalPolicy.DESTROY });
    const assetsKey = key('AssetsKey', 'Encrypts the files the web app serves');
    const imagesKey = key('ImagesKey', 'Encrypts the web app images');
    const logsKey = key('LogsKey', 'Encrypts the web app logs');
    const secretsKey = key('SecretsKey', 'Encrypts the web app secrets');

    const assets = new s3.Bucket(this, 'Assets', {
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: assetsKey,
      bucketKeyEnabled: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      removalPolicy: RemovalPolicy.DESTROY,
    });

    const repository = new ecr.Repository(this, 'Repository', {
      encryption: ecr.RepositoryEncryption.KMS,
      encryptionKey: imagesKey,
      imageScanOnPush: true,
      removalPolicy: RemovalPolicy.DESTROY,
    });

    const logGroup = new logs.LogGroup(this, 'AppLogs', {
      encryptionKey: logsKey,
      retention: logs.RetentionDays.ONE_YEAR,
      removalPolicy: RemovalPolicy.DESTROY,
    });

    const dbSecret = new secretsmanager.Secret(this, 'DbSecret', {
      description: 'Database credentials of the web app',
      encryptionKey: secretsKey,
      generateSecretString: { secretStringTemplate: JSON.stringify({ username: 'app' }), generateStringKey: 'password', excludePunctuation: true },
    });

    // ---- The service --------------------------------------------------------------------------

    const executionRole = new iam.Role(this, 'ExecutionRole', { assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com') });
    const taskRole = new iam.Role(this, 'TaskRole', { assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com') });
    // The app only downloads files from the bucket.
    assets.grantRead(taskRole);

    const taskDefinition = new ecs.FargateTaskDefinition(this, 'TaskDef', { cpu: 256, memoryLimitMiB: 512, executionRole, taskRole });
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

    // Every request the load balancer receives, kept as evidence. ELB writes access logs only to
    // buckets encrypted with S3 managed keys (SSE-S3), so this bucket uses no KMS key.
    const accessLogs = new s3.Bucket(this, 'AccessLogs', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      lifecycleRules: [{ expiration: Duration.days(400) }],
      removalPolicy: RemovalPolicy.DESTROY,
    });
    alb.logAccessLogs(accessLogs, 'alb');
  }
}
