// The workload account: checkout on Fargate behind a load balancer, the deploy role the tooling
// account's pipeline assumes, the permissions boundary that role cannot escape, and the OAM link
// that shares checkout's telemetry with the tooling (monitoring) account.
import { Stack, type StackProps } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as oam from 'aws-cdk-lib/aws-oam';
import type { Construct } from 'constructs';
import {
  DEPLOY_ROLE_NAME, MONITORING_SINK_ARN, ORGANIZATION_ID, PIPELINE_ROLE_NAME, REGION, REPOSITORY_NAME, SHARED_TELEMETRY, TOOLING_ACCOUNT,
} from './accounts';

const APP_PORT = 8080;

export class WorkloadStack extends Stack {
  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);

    // ---- The deploy role and its boundary ------------------------------------------------------
    // The most any role the deploy role creates (and the deploy role itself) may ever do.
    const boundary = new iam.ManagedPolicy(this, 'DeployBoundary', {
      managedPolicyName: 'ecs-lab-workload-boundary',
      statements: [
        new iam.PolicyStatement({
          sid: 'WorkloadServices',
          actions: ['ecs:*', 'ecr:*', 'logs:*', 'cloudwatch:*', 'elasticloadbalancing:*', 'ec2:*', 'application-autoscaling:*', 'cloudformation:*', 'ssm:GetParameters', 'oam:*', 'iam:CreateRole', 'iam:PutRolePolicy', 'iam:AttachRolePolicy', 'iam:DeleteRolePolicy', 'iam:DetachRolePolicy', 'iam:DeleteRole', 'iam:GetRole', 'iam:PassRole', 'iam:TagRole'],
          resources: ['*'],
        }),
        // No role under this boundary may loosen a boundary: not its own, not the policy itself.
        new iam.PolicyStatement({
          sid: 'NoBoundaryEscape',
          effect: iam.Effect.DENY,
          actions: ['iam:DeleteRolePermissionsBoundary', 'iam:CreatePolicyVersion', 'iam:DeletePolicy', 'iam:DeletePolicyVersion', 'iam:SetDefaultPolicyVersion'],
          resources: ['*'],
        }),
      ],
    });

    // Only the tooling account's pipeline role, and only from inside the organization.
    const deployRole = new iam.Role(this, 'DeployRole', {
      roleName: DEPLOY_ROLE_NAME,
      assumedBy: new iam.ArnPrincipal(`arn:aws:iam::${TOOLING_ACCOUNT}:role/${PIPELINE_ROLE_NAME}`).withConditions({
        StringEquals: { 'aws:PrincipalOrgID': ORGANIZATION_ID },
      }),
      permissionsBoundary: boundary,
    });
    deployRole.addToPolicy(
      new iam.PolicyStatement({
        sid: 'Deploy',
        actions: ['cloudformation:*', 'ecs:*', 'elasticloadbalancing:*', 'ec2:*', 'application-autoscaling:*', 'logs:*', 'cloudwatch:*', 'oam:*', 'ssm:GetParameters'],
        resources: ['*'],
      }),
    );
    // It may create and change the workload's roles only with the boundary attached, so a role it
    // makes can never do more than the boundary allows.
    deployRole.addToPolicy(
      new iam.PolicyStatement({
        sid: 'RolesOnlyWithBoundary',
        actions: ['iam:CreateRole', 'iam:PutRolePolicy', 'iam:AttachRolePolicy', 'iam:DeleteRolePolicy', 'iam:DetachRolePolicy'],
        resources: [`arn:aws:iam::${this.account}:role/*`],
        conditions: { StringEquals: { 'iam:PermissionsBoundary': boundary.managedPolicyArn } },
      }),
    );
    deployRole.addToPolicy(
      new iam.PolicyStatement({ sid: 'ManageRoles', actions: ['iam:GetRole', 'iam:PassRole', 'iam:TagRole', 'iam:DeleteRole'], resources: [`arn:aws:iam::${this.account}:role/*`] }),
    );

    // ---- Checkout ------------------------------------------------------------------------------
    // Zones named explicitly: with an account in its env, a stack would otherwise look them up.
    const vpc = new ec2.Vpc(this, 'Vpc', { availabilityZones: [`${REGION}a`, `${REGION}b`], natGateways: 1 });
    const cluster = new ecs.Cluster(this, 'Cluster', { vpc });

    // The image comes from the tooling account's repository: the execution role's pull grant is the
    // workload's half of the cross-account pull.
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

    // ---- Telemetry to the monitoring account -----------------------------------------------------
    new oam.CfnLink(this, 'MonitoringLink', {
      sinkIdentifier: MONITORING_SINK_ARN,
      resourceTypes: SHARED_TELEMETRY,
      labelTemplate: '$AccountName',
    });
  }
}
