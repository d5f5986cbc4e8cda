// Small in-memory templates for the config checks: a service whose container takes settings by
// reference, logs to a log group of the stack encrypted with a key, and publishes EMF metrics
// that an alarm watches. Each test changes one thing.
import { runCheck } from '../../engine/checking/run-checks';
import { StackModel } from '../../engine/model/model';
import type { CfnTemplate, CheckDefinition, CheckResult } from '../../engine/types';

export interface ConfigOptions {
  container?: Record<string, unknown>;
  environment?: { Name: string; Value: string }[];
  secrets?: { Name: string; ValueFrom: unknown }[];
  logGroup?: Record<string, unknown>;
  keyPolicy?: unknown[];
  alarmNamespace?: string | null;
  extra?: Record<string, unknown>;
}

const logsService = { 'Fn::Join': ['', ['logs.', { Ref: 'AWS::Region' }, '.amazonaws.com']] };

export function configTemplate(o: ConfigOptions = {}): CfnTemplate {
  const keyPolicy = o.keyPolicy ?? [
    { Effect: 'Allow', Principal: { AWS: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::', { Ref: 'AWS::AccountId' }, ':root']] } }, Action: 'kms:*', Resource: '*' },
    { Effect: 'Allow', Principal: { Service: logsService }, Action: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'], Resource: '*', Condition: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': { 'Fn::Join': ['', ['arn:aws:logs:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':log-group:*']] } } } },
  ];
  return {
    Resources: {
      LogKey: { Type: 'AWS::KMS::Key', Properties: { EnableKeyRotation: true, KeyPolicy: { Version: '2012-10-17', Statement: keyPolicy } } },
      AppLogs: { Type: 'AWS::Logs::LogGroup', Properties: { RetentionInDays: 30, KmsKeyId: { 'Fn::GetAtt': ['LogKey', 'Arn'] }, ...o.logGroup } },
      DbHost: { Type: 'AWS::SSM::Parameter', Properties: { Type: 'String', Name: '/web/prod/db-host', Value: 'db.internal' } },
      TaskDef: {
        Type: 'AWS::ECS::TaskDefinition',
        Properties: {
          ContainerDefinitions: [
            {
              Name: 'web',
              Image: 'public.ecr.aws/nginx/nginx:1.27',
              Environment: o.environment ?? [
                { Name: 'LOG_LEVEL', Value: 'info' },
                { Name: 'AWS_EMF_NAMESPACE', Value: 'EcsLab/Web' },
                { Name: 'AWS_EMF_ENVIRONMENT', Value: 'Local' },
              ],
              Secrets: o.secrets ?? [{ Name: 'DB_HOST', ValueFrom: { 'Fn::Join': ['', ['arn:aws:ssm:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':parameter/web/prod/db-host']] } }],
              LogConfiguration: { LogDriver: 'awslogs', Options: { 'awslogs-group': { Ref: 'AppLogs' }, 'awslogs-stream-prefix': 'web', 'awslogs-region': { Ref: 'AWS::Region' } } },
              ...o.container,
            },
          ],
        },
      },
      Service: { Type: 'AWS::ECS::Service', Properties: { TaskDefinition: { Ref: 'TaskDef' } } },
      ...(o.alarmNamespace === null
        ? {}
        : { Alarm: { Type: 'AWS::CloudWatch::Alarm', Properties: { Namespace: o.alarmNamespace ?? 'EcsLab/Web', MetricName: 'PaymentErrors', Statistic: 'Sum', Period: 60, EvaluationPeriods: 1, Threshold: 1, ComparisonOperator: 'GreaterThanOrEqualToThreshold' } } }),
      ...o.extra,
    },
  };
}

export function run(check: CheckDefinition<any>, template: CfnTemplate, params: Record<string, unknown> = {}): Promise<CheckResult> {
  return runCheck(check, { template, model: new StackModel(template) }, params);
}

export const messages = (r: CheckResult) => r.findings.map((f) => f.message);
