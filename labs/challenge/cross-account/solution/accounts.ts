// The organization the lab pretends to have: one tooling account that runs the pipeline and holds
// the images and the shared telemetry, one workload account that runs checkout. Replace them with
// your own before a real deploy.
export const REGION = 'eu-west-1';
export const TOOLING_ACCOUNT = '111111111111';
export const WORKLOAD_ACCOUNT = '222222222222';
/** The AWS Organizations id both accounts belong to (Organizations console, or `aws organizations describe-organization`). */
export const ORGANIZATION_ID = 'o-ecslab0001';

/** Role names fixed in advance, so each account can name the other's role in its policies. */
export const PIPELINE_ROLE_NAME = 'ecs-lab-pipeline';
export const DEPLOY_ROLE_NAME = 'ecs-lab-deploy';
export const REPOSITORY_NAME = 'checkout';
/**
 * The tooling account's OAM sink, as its first deploy outputs it (the id is made by AWS, so a
 * stack in another account cannot reference it: it is passed on as a value).
 */
export const MONITORING_SINK_ARN = `arn:aws:oam:${REGION}:${TOOLING_ACCOUNT}:sink/7c1f0e2a-5b7d-4c8e-9f10-2a3b4c5d6e7f`;
/** What the workload shares with the monitoring account. */
export const SHARED_TELEMETRY = ['AWS::CloudWatch::Metric', 'AWS::Logs::LogGroup', 'AWS::XRay::Trace'];
