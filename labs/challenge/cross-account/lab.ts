import { defineLab } from '../../../engine/types';

// The curriculum's advanced challenge "multi-account" (challenge/cross-account/*): two stacks for
// two accounts in one app, judged together by the cross-account IAM evaluation
// (engine/model/iam/cross-account.ts): identity policy in one account AND trust or resource policy
// in the other.

// The accounts and organization of the workspace's accounts.ts (the starter and the solution agree).
const TOOLING = { stack: 'CrossAccountTooling', account: '111111111111' };
const WORKLOAD = { stack: 'CrossAccountWorkload', account: '222222222222' };
const ORGANIZATION_ID = 'o-ecslab0001';

export default defineLab({
  id: 'challenge/cross-account',
  title: 'Challenge: cross-account — a pipeline in one account deploys into another',
  layer: 'challenge',
  order: 2,
  minutes: 75,
  objectives: [
    'Let exactly one role of the tooling account assume the deploy role of the workload account, from inside the organization',
    'See that a cross-account request needs both accounts to say yes: the caller\'s policy and the other side\'s trust or resource policy',
    'Pull the workload\'s image from the tooling account\'s repository through a repository policy',
    'Give the deploy role a permissions boundary it cannot drop and cannot leave off a role it creates',
    'Share the workload\'s metrics, logs and traces with a monitoring account through a CloudWatch OAM sink and link',
  ],
  covers: [
    'challenge/cross-account/trust-relationships',
    'challenge/cross-account/resource-sharing',
    'challenge/cross-account/security-boundaries',
    'challenge/cross-account/monitoring',
  ],
  entry: 'stack.ts',
  stackName: WORKLOAD.stack,
  breaks: [
    {
      id: 'open-repository',
      kind: 'code',
      story:
        'The first deploy failed with "access denied" on the image pull. To get it through, someone opened the tooling ' +
        'repository to every principal — of every account.',
      edits: [
        {
          file: 'tooling.ts',
          find: '    repository.grantPullPush(pipelineRole);\n',
          replace:
            '    repository.grantPullPush(pipelineRole);\n' +
            "    repository.addToResourcePolicy(new iam.PolicyStatement({ principals: [new iam.AnyPrincipal()], actions: ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'] }));\n",
        },
      ],
      breaks: ['crossaccount.trust-and-sharing'],
    },
  ],
  defaultBreak: 'open-repository',
  checks: [
    { id: 'ecs.service-behind-listener', points: 1 },
    // Guard: nothing the offline checks cannot see may change who can do what in either account.
    { id: 'app.verifiable-offline', params: { services: ['iam', 'sts', 'ecr', 'oam'] }, points: 1 },
    {
      id: 'crossaccount.trust-and-sharing',
      params: { tooling: TOOLING, workload: WORKLOAD, organizationId: ORGANIZATION_ID, pipelineRole: 'PipelineRole', deployRole: 'DeployRole' },
      points: 10,
    },
  ],
  taskChecks: ['crossaccount.trust-and-sharing'],
  hints: [
    'Read each finding as two questions: does the caller\'s own account allow it, and does the other account? Across accounts, both must — and neither should say yes to anyone else.',
    'Five places: the deploy role\'s trust (the pipeline role\'s ARN, a condition on aws:PrincipalOrgID); the pipeline role\'s policy (sts:AssumeRole on the deploy role); a managed policy as the deploy role\'s permissionsBoundary, and iam:CreateRole only with iam:PermissionsBoundary set to it; a repository policy naming the workload account; an oam.CfnSink in tooling.ts and an oam.CfnLink in workload.ts.',
    'assumedBy: new iam.ArnPrincipal(`arn:aws:iam::${TOOLING_ACCOUNT}:role/${PIPELINE_ROLE_NAME}`).withConditions({ StringEquals: { \'aws:PrincipalOrgID\': ORGANIZATION_ID } }); iam:CreateRole with conditions { StringEquals: { \'iam:PermissionsBoundary\': boundary.managedPolicyArn } } and no iam:*; a Deny of iam:DeleteRolePermissionsBoundary and iam:CreatePolicyVersion in the boundary; repository.addToResourcePolicy(AccountPrincipal(WORKLOAD_ACCOUNT), ecr:BatchGetImage, ecr:GetDownloadUrlForLayer); CfnSink policy Principal * with aws:PrincipalOrgID; CfnLink { sinkIdentifier: MONITORING_SINK_ARN, resourceTypes: SHARED_TELEMETRY }.',
  ],
});
