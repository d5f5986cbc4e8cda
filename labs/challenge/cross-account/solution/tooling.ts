// The tooling account: the pipeline's role, the image repository, and the CloudWatch OAM sink
// that collects the workload account's metrics, logs and traces.
import { Stack, type StackProps } from 'aws-cdk-lib';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as oam from 'aws-cdk-lib/aws-oam';
import type { Construct } from 'constructs';
import { DEPLOY_ROLE_NAME, ORGANIZATION_ID, PIPELINE_ROLE_NAME, REPOSITORY_NAME, SHARED_TELEMETRY, WORKLOAD_ACCOUNT } from './accounts';

export class ToolingStack extends Stack {
  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);

    // The pipeline runs as this role; its own policy must allow the assume (the other half is the deploy role's trust).
    const pipelineRole = new iam.Role(this, 'PipelineRole', {
      roleName: PIPELINE_ROLE_NAME,
      assumedBy: new iam.ServicePrincipal('codebuild.amazonaws.com'),
    });
    pipelineRole.addToPolicy(
      new iam.PolicyStatement({ actions: ['sts:AssumeRole'], resources: [`arn:aws:iam::${WORKLOAD_ACCOUNT}:role/${DEPLOY_ROLE_NAME}`] }),
    );

    // The workload account pulls checkout's images from here: the repository policy is the tooling
    // account's half of a cross-account pull (the execution role's grant is the other).
    const repository = new ecr.Repository(this, 'Repository', { repositoryName: REPOSITORY_NAME, imageTagMutability: ecr.TagMutability.IMMUTABLE });
    repository.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'WorkloadPulls',
        principals: [new iam.AccountPrincipal(WORKLOAD_ACCOUNT)],
        actions: ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchCheckLayerAvailability'],
      }),
    );
    repository.grantPullPush(pipelineRole);

    // The monitoring side of CloudWatch cross-account observability: accounts of the organization
    // may link metrics, logs and traces, nothing else and no one else.
    new oam.CfnSink(this, 'MonitoringSink', {
      name: 'ecs-lab-monitoring',
      policy: {
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: '*',
            Action: ['oam:CreateLink', 'oam:UpdateLink'],
            Resource: '*',
            Condition: {
              StringEquals: { 'aws:PrincipalOrgID': ORGANIZATION_ID },
              'ForAllValues:StringEquals': { 'oam:ResourceTypes': SHARED_TELEMETRY },
            },
          },
        ],
      },
    });
  }
}
