// For the ECS Exec check tests: a Fargate service built from real constructs, with exec enabled,
// a KMS key and an encrypted session log group on the cluster, and an exec-ready container.
// Options change one thing at a time so each test says what it breaks.
import { App, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';

export interface ExecParts {
  stack: Stack;
  key: kms.Key;
  sessionLogs: logs.LogGroup;
}

export interface ExecAppOptions {
  /** The cluster's exec configuration; by default the key, OVERRIDE and the encrypted log group. */
  execConfig?: (p: ExecParts) => ecs.ExecuteCommandConfiguration | undefined;
  enableExecuteCommand?: boolean;
  /** The container's options beyond the image; by default an init process. */
  container?: (p: ExecParts) => Partial<ecs.ContainerDefinitionOptions>;
  platformVersion?: ecs.FargatePlatformVersion;
  /** Anything more, after the service exists. */
  after?: (p: ExecParts & { service: ecs.FargateService; taskDefinition: ecs.FargateTaskDefinition }) => void;
}

export const defaultExecConfig = (p: ExecParts): ecs.ExecuteCommandConfiguration => ({
  kmsKey: p.key,
  logging: ecs.ExecuteCommandLogging.OVERRIDE,
  logConfiguration: { cloudWatchLogGroup: p.sessionLogs, cloudWatchEncryptionEnabled: true },
});

export const initProcess = (p: ExecParts) => ({ linuxParameters: new ecs.LinuxParameters(p.stack, 'Linux', { initProcessEnabled: true }) });

export function execApp(opts: ExecAppOptions = {}) {
  const stack = new Stack(new App(), 'Test');
  const key = new kms.Key(stack, 'ExecKey', { enableKeyRotation: true });
  const parts: ExecParts = { stack, key, sessionLogs: new logs.LogGroup(stack, 'ExecLogs', { encryptionKey: key }) };
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1 });
  const cluster = new ecs.Cluster(stack, 'Cluster', { vpc, executeCommandConfiguration: (opts.execConfig ?? defaultExecConfig)(parts) });
  const taskDefinition = new ecs.FargateTaskDefinition(stack, 'TaskDef');
  taskDefinition.addContainer('app', {
    image: ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx'),
    ...(opts.container ?? initProcess)(parts),
  });
  const service = new ecs.FargateService(stack, 'Service', {
    cluster,
    taskDefinition,
    enableExecuteCommand: opts.enableExecuteCommand ?? true,
    platformVersion: opts.platformVersion,
  });
  opts.after?.({ ...parts, service, taskDefinition });
  return { ...parts, service, taskDefinition };
}

export const bucketLogging = (p: ExecParts): ecs.ExecuteCommandConfiguration => ({
  kmsKey: p.key,
  logging: ecs.ExecuteCommandLogging.OVERRIDE,
  logConfiguration: { s3Bucket: new s3.Bucket(p.stack, 'SessionBucket', { encryption: s3.BucketEncryption.S3_MANAGED }), s3EncryptionEnabled: true },
});
