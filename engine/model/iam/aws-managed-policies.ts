// The documents of the AWS managed policies labs meet most, so a role that attaches one can be
// simulated offline. Keyed by the ARN's path after `policy/`. Copied from the AWS managed policy
// reference (default versions, 2026); a policy not listed here is reported as unknown, never
// treated as empty. `adminLevel` marks policies that hand out account- or IAM-wide power.

export interface AwsManagedPolicyData {
  adminLevel: boolean;
  /** Set when the document is deliberately coarser than the real one; says how. */
  approximation?: string;
  document: { Version: string; Statement: Record<string, unknown>[] };
}

const allowAll = (actions: string[], resource: string | string[] = '*', sid?: string) => ({
  ...(sid ? { Sid: sid } : {}),
  Effect: 'Allow',
  Action: actions,
  Resource: resource,
});
const doc = (...Statement: Record<string, unknown>[]) => ({ Version: '2012-10-17', Statement });

export const AWS_MANAGED_POLICIES: Record<string, AwsManagedPolicyData> = {
  AdministratorAccess: { adminLevel: true, document: doc({ Effect: 'Allow', Action: '*', Resource: '*' }) },
  // Every Lambda function CDK makes (custom resource providers included) attaches this one.
  'service-role/AWSLambdaBasicExecutionRole': {
    adminLevel: false,
    document: doc(allowAll(['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'])),
  },
  PowerUserAccess: {
    adminLevel: true,
    document: doc(
      { Effect: 'Allow', NotAction: ['iam:*', 'organizations:*', 'account:*'], Resource: '*' },
      allowAll([
        'account:GetAccountInformation',
        'account:GetPrimaryEmail',
        'account:ListRegions',
        'iam:CreateServiceLinkedRole',
        'iam:DeleteServiceLinkedRole',
        'iam:ListRoles',
        'organizations:DescribeOrganization',
      ]),
    ),
  },
  IAMFullAccess: {
    adminLevel: true,
    document: doc(
      allowAll([
        'iam:*',
        'organizations:DescribeAccount',
        'organizations:DescribeOrganization',
        'organizations:DescribeOrganizationalUnit',
        'organizations:DescribePolicy',
        'organizations:ListChildren',
        'organizations:ListParents',
        'organizations:ListPoliciesForTarget',
        'organizations:ListRoots',
        'organizations:ListPolicies',
        'organizations:ListTargetsForPolicy',
      ]),
    ),
  },
  AmazonS3FullAccess: { adminLevel: false, document: doc(allowAll(['s3:*', 's3-object-lambda:*'])) },
  AmazonS3ReadOnlyAccess: {
    adminLevel: false,
    document: doc(allowAll(['s3:Get*', 's3:List*', 's3:Describe*', 's3-object-lambda:Get*', 's3-object-lambda:List*'])),
  },
  SecretsManagerReadWrite: {
    adminLevel: false,
    document: doc(
      allowAll(
        [
          'secretsmanager:*',
          'cloudformation:CreateChangeSet',
          'cloudformation:DescribeChangeSet',
          'cloudformation:DescribeStackResource',
          'cloudformation:DescribeStacks',
          'cloudformation:ExecuteChangeSet',
          'docdb-elastic:GetCluster',
          'docdb-elastic:ListClusters',
          'ec2:DescribeSecurityGroups',
          'ec2:DescribeSubnets',
          'ec2:DescribeVpcs',
          'kms:DescribeKey',
          'kms:ListAliases',
          'kms:ListKeys',
          'lambda:ListFunctions',
          'rds:DescribeDBClusters',
          'rds:DescribeDBInstances',
          'redshift:DescribeClusters',
          'redshift-serverless:ListWorkgroups',
          'redshift-serverless:GetNamespace',
          'tag:GetResources',
        ],
        '*',
        'BasePermissions',
      ),
      allowAll(
        ['lambda:AddPermission', 'lambda:CreateFunction', 'lambda:GetFunction', 'lambda:InvokeFunction', 'lambda:UpdateFunctionConfiguration'],
        'arn:aws:lambda:*:*:function:SecretsManager*',
        'LambdaPermissions',
      ),
      allowAll(['serverlessrepo:CreateCloudFormationChangeSet', 'serverlessrepo:GetApplication'], 'arn:aws:serverlessrepo:*:*:applications/secretsmanager*', 'SARPermissions'),
      allowAll(['s3:GetObject'], ['arn:aws:s3:::awsserverlessrepo-changesets*', 'arn:aws:s3:::secrets-manager-rotation-apps-*/*'], 'S3Permissions'),
    ),
  },
  'service-role/AmazonECSTaskExecutionRolePolicy': {
    adminLevel: false,
    document: doc(
      allowAll([
        'ecr:GetAuthorizationToken',
        'ecr:BatchCheckLayerAvailability',
        'ecr:GetDownloadUrlForLayer',
        'ecr:BatchGetImage',
        'logs:CreateLogStream',
        'logs:PutLogEvents',
      ]),
    ),
  },
  AmazonEC2ContainerRegistryReadOnly: {
    adminLevel: false,
    document: doc(
      allowAll([
        'ecr:GetAuthorizationToken',
        'ecr:BatchCheckLayerAvailability',
        'ecr:GetDownloadUrlForLayer',
        'ecr:GetRepositoryPolicy',
        'ecr:DescribeRepositories',
        'ecr:ListImages',
        'ecr:DescribeImages',
        'ecr:BatchGetImage',
        'ecr:GetLifecyclePolicy',
        'ecr:GetLifecyclePolicyPreview',
        'ecr:ListTagsForResource',
        'ecr:DescribeImageScanFindings',
      ]),
    ),
  },
  CloudWatchLogsFullAccess: {
    adminLevel: false,
    document: doc(allowAll(['logs:*', 'cloudwatch:GenerateQuery', 'cloudwatch:GenerateQueryResultsSummary'], '*', 'CloudWatchLogsFullAccess')),
  },
  ReadOnlyAccess: {
    adminLevel: false,
    approximation:
      'the real policy lists ~2,000 read actions by name; this one allows every Get*, List*, Describe*, BatchGet*, ' +
      'Search*, Lookup*, View*, Query* and Scan* action of every service, a little more than the real one',
    document: doc(allowAll(['*:Get*', '*:List*', '*:Describe*', '*:BatchGet*', '*:Search*', '*:Lookup*', '*:View*', '*:Query*', '*:Scan*'])),
  },
};

const AWS_MANAGED_ARN = /^arn:[a-z-]+:iam::aws:policy\/(.+)$/;

/** `AdministratorAccess` for `arn:aws:iam::aws:policy/AdministratorAccess`; undefined for other ARNs. */
export function awsManagedPolicyName(arn: string): string | undefined {
  return AWS_MANAGED_ARN.exec(arn)?.[1];
}
