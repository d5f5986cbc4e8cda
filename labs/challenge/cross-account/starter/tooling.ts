// The tooling account: the pipeline's role and the image repository. It is also the monitoring
// account that should see the workload's metrics, logs and traces.
import { Stack, type StackProps } from 'aws-cdk-lib';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';
import { PIPELINE_ROLE_NAME, REPOSITORY_NAME } from './accounts';

export class ToolingStack extends Stack {
  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);

    // The pipeline runs as this role. TODO: it has to deploy into the workload account (brief.md).
    const pipelineRole = new iam.Role(this, 'PipelineRole', {
      roleName: PIPELINE_ROLE_NAME,
      assumedBy: new iam.ServicePrincipal('codebuild.amazonaws.com'),
    });

    // Checkout's images. TODO: the workload account pulls from here.
    const repository = new ecr.Repository(this, 'Repository', { repositoryName: REPOSITORY_NAME, imageTagMutability: ecr.TagMutability.IMMUTABLE });
    repository.grantPullPush(pipelineRole);

    // TODO: cross-account observability — the monitoring side (brief.md).
  }
}
