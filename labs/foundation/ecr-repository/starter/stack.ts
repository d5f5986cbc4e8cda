// "The registry behind the service": the web app's images live in an ECR repository that this
// stack owns, and the service runs one release from it on Graviton (ARM64) Fargate tasks.
//
//   CI (docker-bake.hcl) ──push──▶ ECR "AppRepo" ──pull (execution role)──▶ tasks (ARM64)
//
// `lab check` synthesizes this stack and judges the template, plus docker-bake.hcl, which is what
// CI runs to build and push the image. Nothing is deployed and no image is built.
import { Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';

/** The release the service runs. CI pushes a new tag for every build; a tag never moves. */
const RELEASE = 'v1.4.2';

export class EcrRepositoryStack extends Stack {
  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);

    // ---- The repository ---------------------------------------------------------------------

    // TODO: images are encrypted with keys AWS owns (AES256). Encrypt them with a customer
    //       managed KMS key of this stack instead (see brief.md). Encryption is fixed when a
    //       repository is created, so in a real account this replaces the repository.
    const repository = new ecr.Repository(this, 'AppRepo', {
      repositoryName: 'ecs-lab/web',
      // Every push is scanned for known vulnerabilities before anything runs it.
      imageScanOnPush: true,
      // A tag names one image for ever: v1.4.2 cannot be pushed twice.
      imageTagMutability: ecr.TagMutability.IMMUTABLE,
      removalPolicy: RemovalPolicy.DESTROY,
      emptyOnDelete: true,
    });
    // Clean up, but keep what a rollback needs.
    repository.addLifecycleRule({ description: 'Drop untagged layers of failed builds', tagStatus: ecr.TagStatus.UNTAGGED, maxImageAge: Duration.days(7) });
    repository.addLifecycleRule({ description: 'Keep the last 10 images', tagStatus: ecr.TagStatus.ANY, maxImageCount: 10 });

    // The CI role of this account may push; the account's roles pull through their own IAM policies.
    const ciRole = new iam.Role(this, 'CiRole', {
      assumedBy: new iam.AccountPrincipal(this.account),
      description: 'CI: builds docker-bake.hcl and pushes to AppRepo',
    });
    repository.grantPullPush(ciRole);

    // ---- The service ------------------------------------------------------------------------

    const vpc = new ec2.Vpc(this, 'Vpc', { maxAzs: 2, natGateways: 1 });
    const cluster = new ecs.Cluster(this, 'Cluster', { vpc });

    const taskDefinition = new ecs.FargateTaskDefinition(this, 'TaskDef', {
      cpu: 256,
      memoryLimitMiB: 512,
      // Graviton: about 20 % cheaper than x86 on Fargate. The image must be built for arm64.
      runtimePlatform: { cpuArchitecture: ecs.CpuArchitecture.ARM64, operatingSystemFamily: ecs.OperatingSystemFamily.LINUX },
    });
    taskDefinition.addContainer('web', {
      // CDK grants the execution role the pull of this repository.
      image: ecs.ContainerImage.fromEcrRepository(repository, RELEASE),
      portMappings: [{ containerPort: 8080 }],
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
