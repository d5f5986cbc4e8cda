// "Secrets that change": the web app gets its API key for the payment provider from Secrets
// Manager. ECS fetches it with the execution role when a task starts and hands it to the
// container as API_KEY; the app never calls Secrets Manager itself.
//
//   Secrets Manager "ApiKey" ──(execution role, at task start)──▶ container env API_KEY
//        │ encrypted with KMS "SecretKey"
//        └ rotated by a Lambda on a schedule (the TODO below)
//
// `lab check` synthesizes this stack and judges the template and the image CDK stages from app/.
import * as path from 'node:path';
import { Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';

export class SecretsStack extends Stack {
  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);

    const vpc = new ec2.Vpc(this, 'Vpc', { maxAzs: 2, natGateways: 1 });
    const cluster = new ecs.Cluster(this, 'Cluster', { vpc });

    // ---- The secret ---------------------------------------------------------------------------

    // Our own key: reading the secret also needs kms:Decrypt on it, which its key policy controls.
    const secretKey = new kms.Key(this, 'SecretKey', {
      description: 'Encrypts the web app secrets',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.DESTROY,
    });

    // Secrets Manager generates the value: it is never written in code or in the template.
    const apiKey = new secretsmanager.Secret(this, 'ApiKey', {
      description: 'API key of the payment provider, used by the web app',
      encryptionKey: secretKey,
      generateSecretString: { passwordLength: 40, excludePunctuation: true },
    });

    // The function that rotates the key: Secrets Manager calls it in four steps (createSecret,
    // setSecret, testSecret, finishSecret). Here a stand-in; see brief.md for what a real one does.
    const rotateApiKey = new lambda.Function(this, 'RotateApiKey', {
      runtime: lambda.Runtime.NODEJS_22_X,
      handler: 'index.handler',
      timeout: Duration.seconds(30),
      code: lambda.Code.fromInline(
        [
          'exports.handler = async (event) => {',
          '  // event.Step is createSecret | setSecret | testSecret | finishSecret.',
          '  console.log(JSON.stringify({ step: event.Step, secret: event.SecretId, version: event.ClientRequestToken }));',
          '};',
        ].join('\n'),
      ),
    });

    // TODO: the key never changes: nothing calls rotateApiKey. Rotate the secret with it on a
    //       schedule, at least every 30 days (see brief.md).
    void rotateApiKey;

    // ---- The task's two roles ---------------------------------------------------------------

    const executionRole = new iam.Role(this, 'ExecutionRole', {
      assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com'),
      description: 'ECS agent: pull the image, write the logs, read the injected secret',
    });
    const taskRole = new iam.Role(this, 'TaskRole', {
      assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com'),
      description: 'The web app itself: no AWS calls yet',
    });

    // ---- The service ------------------------------------------------------------------------

    const taskDefinition = new ecs.FargateTaskDefinition(this, 'TaskDef', { cpu: 256, memoryLimitMiB: 512, executionRole, taskRole });
    taskDefinition.addContainer('web', {
      image: ecs.ContainerImage.fromAsset(path.join(__dirname, 'app')),
      portMappings: [{ containerPort: 8080 }],
      environment: { PORT: '8080', LOG_LEVEL: 'info' },
      // The template holds only the secret's ARN. CDK grants the execution role the read of this
      // one secret and the decrypt with its key, through Secrets Manager.
      secrets: { API_KEY: ecs.Secret.fromSecretsManager(apiKey) },
      logging: ecs.LogDrivers.awsLogs({
        streamPrefix: 'web',
        logGroup: new logs.LogGroup(this, 'AppLogs', { retention: logs.RetentionDays.ONE_MONTH, removalPolicy: RemovalPolicy.DESTROY }),
      }),
    });

    const service = new ecs.FargateService(this, 'Service', { cluster, taskDefinition, desiredCount: 2 });

    const alb = new elbv2.ApplicationLoadBalancer(this, 'Alb', { vpc, internetFacing: true });
    alb.addListener('Http', { port: 80 }).addTargets('Web', {
      port: 8080,
      protocol: elbv2.ApplicationProtocol.HTTP,
      targets: [service],
      healthCheck: { path: '/health' },
    });
  }
}
