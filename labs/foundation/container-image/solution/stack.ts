// "A small, safe image": a Node.js app (app/) that CDK builds into a container image and runs on
// Fargate behind an internet-facing Application Load Balancer.
//
// `lab check` synthesizes this stack and judges the result: the CloudFormation template and the
// build context CDK stages for the image. Nothing is deployed and no image is built.
import * as path from 'node:path';
import { Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';

export class ContainerImageStack extends Stack {
  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);

    // Two Availability Zones: public subnets for the load balancer, private ones for the tasks.
    const vpc = new ec2.Vpc(this, 'Vpc', { maxAzs: 2, natGateways: 1 });
    const cluster = new ecs.Cluster(this, 'Cluster', { vpc });

    // The app's API key lives in Secrets Manager. ECS reads it when a task starts and hands it to
    // the container as the API_KEY variable (see `secrets` below): it is never part of the image.
    const apiKey = new secretsmanager.Secret(this, 'ApiKey', {
      description: 'API key of the hello-ecs app',
    });

    // Everything the container writes to stdout/stderr ends up here, kept for a month.
    const logGroup = new logs.LogGroup(this, 'AppLogs', {
      retention: logs.RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });

    const taskDefinition = new ecs.FargateTaskDefinition(this, 'TaskDef', {
      cpu: 256,
      memoryLimitMiB: 512,
    });

    taskDefinition.addContainer('web', {
      // CDK stages app/ (minus what app/.dockerignore excludes) and builds it with Docker at deploy time.
      image: ecs.ContainerImage.fromAsset(path.join(__dirname, 'app')),
      portMappings: [{ containerPort: 8080 }],
      // Plain settings go in `environment`, secrets in `secrets`.
      environment: { PORT: '8080', LOG_LEVEL: 'info' },
      secrets: { API_KEY: ecs.Secret.fromSecretsManager(apiKey) },
      logging: ecs.LogDrivers.awsLogs({ logGroup, streamPrefix: 'web' }),
      // ECS ignores the HEALTHCHECK in app/Dockerfile; this is the check it runs. A task whose app
      // stops answering /health turns UNHEALTHY and the service replaces it.
      healthCheck: {
        command: ['CMD', 'node', 'src/healthcheck.js'],
        interval: Duration.seconds(30),
        timeout: Duration.seconds(5),
        retries: 3,
        startPeriod: Duration.seconds(10),
      },
    });

    const service = new ecs.FargateService(this, 'Service', {
      cluster,
      taskDefinition,
      desiredCount: 2,
    });

    const alb = new elbv2.ApplicationLoadBalancer(this, 'Alb', { vpc, internetFacing: true });
    const listener = alb.addListener('Http', { port: 80 });
    listener.addTargets('Web', {
      port: 8080,
      protocol: elbv2.ApplicationProtocol.HTTP,
      targets: [service],
      healthCheck: { path: '/health' },
    });
  }
}
