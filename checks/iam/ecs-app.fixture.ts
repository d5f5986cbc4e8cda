// For the IAM check tests: the task definition of the lab's app built from real constructs — a
// container whose image comes from an ECR repository of the stack, with an awslogs log group and
// a Secrets Manager secret injected, and a task role that reads one bucket. Options change one
// thing at a time so each test says what it breaks.
import { App, Stack } from 'aws-cdk-lib';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';

export interface AppParts {
  stack: Stack;
  bucket: s3.Bucket;
  repository: ecr.Repository;
  logGroup: logs.LogGroup;
  secret: secretsmanager.Secret;
  /** With `encrypted`: each store's own customer managed key, by store. */
  keys?: { bucket: kms.Key; repository: kms.Key; logGroup: kms.Key; secret: kms.Key };
}

export interface AppOptions {
  /** The task definition's roles; by default two roles trusted by ECS tasks. */
  roles?: (p: AppParts) => { taskRole?: iam.IRole; executionRole?: iam.IRole };
  /** What the task role gets; by default `bucket.grantRead(taskRole)`. */
  grant?: (p: AppParts & { taskRole: iam.IRole }) => void;
  /** What the execution role gets besides what CDK grants for the container; nothing by default. */
  grantExecution?: (p: AppParts & { executionRole: iam.IRole }) => void;
  image?: 'repository' | 'public';
  logs?: boolean;
  secret?: boolean;
  /** Every store encrypted with a customer managed KMS key of its own (the compliance-baseline lab's app). */
  encrypted?: boolean;
}

export const ecsTasks = () => new iam.ServicePrincipal('ecs-tasks.amazonaws.com');

export const LAB_PARAMS = {
  task: { bucket: 'Assets' },
  execution: { repository: 'Repository', logGroup: 'AppLogs', secret: 'DbSecret', bucket: 'Assets' },
};

export function ecsApp(opts: AppOptions = {}): AppParts & { taskDefinition: ecs.FargateTaskDefinition } {
  const stack = new Stack(new App(), 'Test');
  const keys = opts.encrypted
    ? { bucket: new kms.Key(stack, 'AssetsKey'), repository: new kms.Key(stack, 'ImagesKey'), logGroup: new kms.Key(stack, 'LogsKey'), secret: new kms.Key(stack, 'SecretsKey') }
    : undefined;
  const parts: AppParts = {
    stack,
    bucket: new s3.Bucket(stack, 'Assets', keys ? { encryption: s3.BucketEncryption.KMS, encryptionKey: keys.bucket } : {}),
    repository: new ecr.Repository(stack, 'Repository', keys ? { encryption: ecr.RepositoryEncryption.KMS, encryptionKey: keys.repository } : {}),
    logGroup: new logs.LogGroup(stack, 'AppLogs', keys ? { encryptionKey: keys.logGroup } : {}),
    secret: new secretsmanager.Secret(stack, 'DbSecret', keys ? { encryptionKey: keys.secret } : {}),
    keys,
  };
  const roles = opts.roles
    ? opts.roles(parts)
    : { taskRole: new iam.Role(stack, 'TaskRole', { assumedBy: ecsTasks() }), executionRole: new iam.Role(stack, 'ExecutionRole', { assumedBy: ecsTasks() }) };
  const taskDefinition = new ecs.FargateTaskDefinition(stack, 'TaskDef', roles);
  taskDefinition.addContainer('app', {
    image: opts.image === 'public' ? ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx') : ecs.ContainerImage.fromEcrRepository(parts.repository, 'latest'),
    logging: opts.logs === false ? undefined : ecs.LogDrivers.awsLogs({ logGroup: parts.logGroup, streamPrefix: 'app' }),
    secrets: opts.secret === false ? undefined : { DB_PASSWORD: ecs.Secret.fromSecretsManager(parts.secret, 'password') },
  });
  (opts.grant ?? ((p) => p.bucket.grantRead(p.taskRole)))({ ...parts, taskRole: taskDefinition.taskRole });
  if (opts.grantExecution && taskDefinition.executionRole) opts.grantExecution({ ...parts, executionRole: taskDefinition.executionRole });
  return { ...parts, taskDefinition };
}

/** The break of the lab: one role with AdministratorAccess, also assumable by the account. */
export function sharedAdminRole(p: AppParts): { taskRole: iam.IRole; executionRole: iam.IRole } {
  const role = new iam.Role(p.stack, 'AppRole', {
    assumedBy: new iam.CompositePrincipal(ecsTasks(), new iam.AccountRootPrincipal()),
    managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('AdministratorAccess')],
  });
  return { taskRole: role, executionRole: role };
}
