// Test fixture for the compliance checks: the stores of an ECS service (log group, bucket, image
// repository, secret) and its load balancer, built from real constructs, compliant by default,
// with switches that undo one control at a time.
import { App, Stack, Tags } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';

export interface StoresOptions {
  /** Stores left on AWS's keys. */
  plain?: ('logs' | 'bucket' | 'repository' | 'secret')[];
  /** The access log bucket encrypted with KMS (which ELB cannot write to). */
  kmsAccessLogBucket?: boolean;
  accessLogs?: boolean;
  retention?: logs.RetentionDays;
  tags?: Record<string, string>;
  alb?: boolean;
}

export function storesStack(opts: StoresOptions = {}): Stack {
  // ELB access logs need the region (its log delivery account differs per region).
  const stack = new Stack(new App(), 'Test', { env: { region: 'us-east-1' } });
  const plain = new Set(opts.plain ?? []);
  const key = new kms.Key(stack, 'Key', { enableKeyRotation: true });
  new logs.LogGroup(stack, 'AppLogs', { retention: opts.retention ?? logs.RetentionDays.ONE_YEAR, ...(plain.has('logs') ? {} : { encryptionKey: key }) });
  new s3.Bucket(stack, 'Assets', plain.has('bucket') ? { encryption: s3.BucketEncryption.S3_MANAGED } : { encryption: s3.BucketEncryption.KMS, encryptionKey: key });
  new ecr.Repository(stack, 'Repository', plain.has('repository') ? {} : { encryption: ecr.RepositoryEncryption.KMS, encryptionKey: key });
  new secretsmanager.Secret(stack, 'DbSecret', plain.has('secret') ? {} : { encryptionKey: key });
  if (opts.alb !== false) {
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 0 });
    const alb = new elbv2.ApplicationLoadBalancer(stack, 'Alb', { vpc, internetFacing: true });
    alb.addListener('Http', { port: 80, defaultAction: elbv2.ListenerAction.fixedResponse(200) });
    const logBucket = opts.kmsAccessLogBucket
      ? new s3.Bucket(stack, 'AccessLogs', { encryption: s3.BucketEncryption.KMS, encryptionKey: key })
      : new s3.Bucket(stack, 'AccessLogs', { encryption: s3.BucketEncryption.S3_MANAGED });
    // CDK refuses a KMS bucket for access logs; the raw attribute shows what a hand-written template could do.
    if (opts.kmsAccessLogBucket) {
      alb.setAttribute('access_logs.s3.enabled', 'true');
      alb.setAttribute('access_logs.s3.bucket', logBucket.bucketName);
    } else if (opts.accessLogs !== false) alb.logAccessLogs(logBucket);
  }
  for (const [k, v] of Object.entries(opts.tags ?? { owner: 'team-web', 'data-classification': 'confidential' })) Tags.of(stack).add(k, v);
  return stack;
}
