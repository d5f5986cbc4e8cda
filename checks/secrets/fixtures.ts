// Small in-memory templates for the secrets checks: a secret encrypted with a key of the stack,
// injected into a service's container, its execution role allowed to read it, and a rotation
// schedule with its Lambda. Each test changes one thing.
import { runCheck } from '../../engine/checking/run-checks';
import { StackModel } from '../../engine/model/model';
import type { CfnTemplate, CheckDefinition, CheckResult } from '../../engine/types';

const trust = (service: string) => ({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole' }] });
const doc = (...Statement: unknown[]) => ({ Version: '2012-10-17', Statement });
export const secretArn = { Ref: 'DbSecret' };
export const keyArn = { 'Fn::GetAtt': ['SecretKey', 'Arn'] };

export interface SecretsOptions {
  secret?: Record<string, unknown>;
  /** Statements of the execution role's policy (default: read the secret, decrypt with the key). */
  execution?: unknown[];
  /** Statements of the task role's policy (default: none). */
  task?: unknown[];
  /** The secret's resource policy statements. */
  resourcePolicy?: unknown[];
  rotation?: Record<string, unknown> | null;
  environment?: { Name: string; Value: string }[];
  extra?: Record<string, unknown>;
}

export function secretsTemplate(o: SecretsOptions = {}): CfnTemplate {
  const execution = o.execution ?? [
    { Effect: 'Allow', Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'], Resource: secretArn },
    { Effect: 'Allow', Action: 'kms:Decrypt', Resource: keyArn, Condition: { StringEquals: { 'kms:ViaService': 'secretsmanager.us-east-1.amazonaws.com' } } },
  ];
  return {
    Resources: {
      SecretKey: { Type: 'AWS::KMS::Key', Properties: { EnableKeyRotation: true, KeyPolicy: doc({ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::123456789012:root' }, Action: 'kms:*', Resource: '*' }) } },
      DbSecret: { Type: 'AWS::SecretsManager::Secret', Properties: { KmsKeyId: keyArn, GenerateSecretString: { SecretStringTemplate: '{"username":"app"}', GenerateStringKey: 'password' }, ...o.secret } },
      ExecutionRole: { Type: 'AWS::IAM::Role', Properties: { AssumeRolePolicyDocument: trust('ecs-tasks.amazonaws.com') } },
      ExecutionPolicy: { Type: 'AWS::IAM::Policy', Properties: { PolicyName: 'exec', Roles: [{ Ref: 'ExecutionRole' }], PolicyDocument: doc(...execution) } },
      TaskRole: { Type: 'AWS::IAM::Role', Properties: { AssumeRolePolicyDocument: trust('ecs-tasks.amazonaws.com'), ...(o.task ? { Policies: [{ PolicyName: 'app', PolicyDocument: doc(...o.task) }] } : {}) } },
      TaskDef: {
        Type: 'AWS::ECS::TaskDefinition',
        Properties: {
          ExecutionRoleArn: { 'Fn::GetAtt': ['ExecutionRole', 'Arn'] },
          TaskRoleArn: { 'Fn::GetAtt': ['TaskRole', 'Arn'] },
          ContainerDefinitions: [
            {
              Name: 'web',
              Image: 'public.ecr.aws/nginx/nginx:1.27',
              Secrets: [{ Name: 'DB_PASSWORD', ValueFrom: { 'Fn::Join': ['', [secretArn, ':password::']] } }],
              Environment: o.environment ?? [{ Name: 'LOG_LEVEL', Value: 'info' }],
            },
          ],
        },
      },
      Service: { Type: 'AWS::ECS::Service', Properties: { TaskDefinition: { Ref: 'TaskDef' } } },
      ...(o.rotation === null
        ? {}
        : {
            RotationRole: { Type: 'AWS::IAM::Role', Properties: { AssumeRolePolicyDocument: trust('lambda.amazonaws.com'), Policies: [{ PolicyName: 'rotate', PolicyDocument: doc({ Effect: 'Allow', Action: ['secretsmanager:GetSecretValue', 'secretsmanager:PutSecretValue'], Resource: secretArn }) }] } },
            RotationFn: { Type: 'AWS::Lambda::Function', Properties: { Role: { 'Fn::GetAtt': ['RotationRole', 'Arn'] }, Runtime: 'nodejs22.x', Handler: 'index.handler', Code: { ZipFile: 'x' } } },
            Rotation: { Type: 'AWS::SecretsManager::RotationSchedule', Properties: { SecretId: secretArn, RotationLambdaARN: { 'Fn::GetAtt': ['RotationFn', 'Arn'] }, RotationRules: { ScheduleExpression: 'rate(30 days)' }, ...o.rotation } },
          }),
      ...(o.resourcePolicy ? { SecretPolicy: { Type: 'AWS::SecretsManager::ResourcePolicy', Properties: { SecretId: secretArn, ResourcePolicy: doc(...o.resourcePolicy) } } } : {}),
      ...o.extra,
    },
  };
}

export function run(check: CheckDefinition<any>, template: CfnTemplate, params: Record<string, unknown> = {}): Promise<CheckResult> {
  return runCheck(check, { template, model: new StackModel(template) }, params);
}

export const messages = (r: CheckResult) => r.findings.map((f) => f.message);
