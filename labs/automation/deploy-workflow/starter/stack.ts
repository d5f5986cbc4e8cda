// The shop's web app on ECS Fargate behind an Application Load Balancer, and the way GitHub
// Actions deploys it: no AWS keys stored in GitHub. The workflow asks GitHub for an OIDC token
// that says which repository, branch or environment it runs for; STS trades that token for
// short-lived credentials of the deploy role, if the role's trust policy admits it.
//
// This stack is done. TODO: the work of this lab is in .github/workflows/deploy.yml, the
// workflow that deploys it: make it safe to run (see the brief).
//
//   GitHub Actions ──OIDC token──▶ STS ──▶ DeployRole ──assumes──▶ CDK bootstrap roles ──▶ CloudFormation
//   internet ──80──▶ ALB ──8080──▶ 2 tasks (private subnets)
import { Stack, type StackProps } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';

/** The repository whose workflow deploys this stack. */
const REPOSITORY = 'acme/shop';
const APP_PORT = 8080;

export class DeployWorkflowStack extends Stack {
  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);

    // ---- The app ----------------------------------------------------------------------------
    const vpc = new ec2.Vpc(this, 'Vpc', { maxAzs: 2, natGateways: 1 });
    const cluster = new ecs.Cluster(this, 'Cluster', { vpc });
    const taskDefinition = new ecs.FargateTaskDefinition(this, 'TaskDefinition', { cpu: 256, memoryLimitMiB: 512 });
    taskDefinition.addContainer('web', {
      image: ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx-unprivileged:stable-alpine'),
      portMappings: [{ containerPort: APP_PORT }],
      logging: ecs.LogDrivers.awsLogs({ streamPrefix: 'web' }),
    });
    const service = new ecs.FargateService(this, 'Service', {
      cluster,
      taskDefinition,
      desiredCount: 2,
      // Start new tasks before stopping old ones: a deploy never drops below two serving tasks.
      minHealthyPercent: 100,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
    });
    const alb = new elbv2.ApplicationLoadBalancer(this, 'Alb', { vpc, internetFacing: true });
    alb.addListener('Http', { port: 80 }).addTargets('Web', { port: APP_PORT, protocol: elbv2.ApplicationProtocol.HTTP, targets: [service] });

    // ---- How GitHub Actions gets in ------------------------------------------------------------
    // GitHub's OIDC provider, registered once per account. `sts.amazonaws.com` is the audience
    // aws-actions/configure-aws-credentials asks GitHub to put in the token.
    const github = new iam.OidcProviderNative(this, 'GitHubOidc', {
      url: 'https://token.actions.githubusercontent.com',
      clientIds: ['sts.amazonaws.com'],
    });

    // The role the workflow assumes. Its trust policy decides WHICH workflow runs may assume it:
    // the token's `aud` (who the token is for) and `sub` (repository + branch, environment or
    // pull request) are the condition keys.
    const deployRole = new iam.Role(this, 'DeployRole', {
      roleName: 'shop-github-deploy',
      description: `GitHub Actions deploys of ${REPOSITORY}`,
      assumedBy: new iam.OpenIdConnectPrincipal(github, {
        StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' },
        StringLike: {
          'token.actions.githubusercontent.com:sub': [`repo:${REPOSITORY}:ref:refs/heads/main`, `repo:${REPOSITORY}:environment:production`],
        },
      }),
    });

    // The deploy role's only power: assume the CDK bootstrap roles (deploy, file and image
    // publishing, lookup) of this account. `cdk deploy` does everything else through them.
    deployRole.addToPolicy(
      new iam.PolicyStatement({
        actions: ['sts:AssumeRole'],
        resources: [`arn:${this.partition}:iam::${this.account}:role/cdk-hnb659fds-*`],
      }),
    );
  }
}
