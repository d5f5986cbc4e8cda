// The workload account: checkout on Fargate behind a load balancer, and the role the tooling
// account's pipeline deploys with. Written in a hurry "to get the first deploy through".
import { Stack, type StackProps } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';
import { DEPLOY_ROLE_NAME, REGION, REPOSITORY_NAME, TOOLING_ACCOUNT } from './accounts';

const APP_PORT = 8080;

export class WorkloadStack extends Stack {
  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);

    // ---- The deploy role -----------------------------------------------------------------------
    // TODO: who may assume it, what it may do with IAM, and what it can never do (brief.md).
    const deployRole = new iam.Role(this, 'DeployRole', {
      roleName: DEPLOY_ROLE_NAME,
      assumedBy: new iam.AccountPrincipal(TOOLING_ACCOUNT),
    });
    deployRole.addToPolicy(
      new iam.PolicyStatement({
        sid: 'Deploy',
        actions: ['cloudformation:*', 'ecs:*', 'elasticloadbalancing:*', 'ec2:*', 'application-autoscaling:*', 'logs:*', 'cloudwatch:*', 'oam:*', 'ssm:GetParameters'],
        resources: ['*'],
      }),
    );
    deployRole.addToPolicy(
      new iam.PolicyStatement({ sid: 'Roles', actions: ['iam:*'], resources: [`arn:aws:iam::${this.account}:role/*`, `arn:aws:iam::${this.account}:policy/*`] }),
    );

    // ---- Checkout ------------------------------------------------------------------------------
    // Zones named explicitly: with an account in its env, a stack would otherwise look them up.
    const vpc = new ec2.Vpc(this, 'Vpc', { availabilityZones: [`${REGION}a`, `${REGION}b`], natGateways: 1 });
    const cluster = new ecs.Cluster(this, 'Cluster', { vpc });

    // The image comes from the tooling account's repository.
    const repository = ecr.Repository.fromRepositoryArn(this, 'ToolingRepository', `arn:aws:ecr:${REGION}:${TOOLING_ACCOUNT}:repository/${REPOSITORY_NAME}`);
    const taskDefinition = new ecs.FargateTaskDefinition(this, 'TaskDefinition', { cpu: 256, memoryLimitMiB: 512 });
    taskDefinition.addContainer('checkout', {
      image: ecs.ContainerImage.fromEcrRepository(repository, '1.4.2'),
      portMappings: [{ containerPort: APP_PORT }],
      logging: ecs.LogDrivers.awsLogs({ streamPrefix: 'checkout' }),
    });
    const service = new ecs.FargateService(this, 'Service', { cluster, taskDefinition, desiredCount: 2 });
    const alb = new elbv2.ApplicationLoadBalancer(this, 'Alb', { vpc, internetFacing: true });
    alb.addListener('Http', { port: 80 }).addTargets('Checkout', { port: APP_PORT, protocol: elbv2.ApplicationProtocol.HTTP, targets: [service] });

    // TODO: share checkout's metrics and logs with the tooling (monitoring) account.
  }
}
