// The AWS SDK clients the aws target uses, made in one place: one region, one credential chain
// (the standard one, as the CDK CLI has it: environment, SSO, shared config and credentials files,
// `--profile` / AWS_PROFILE), the SDK's standard retries. Tests inject clients mocked with
// aws-sdk-client-mock instead (never real AWS in tests or CI).
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { EC2Client } from '@aws-sdk/client-ec2';
import { ECSClient } from '@aws-sdk/client-ecs';
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { FisClient } from '@aws-sdk/client-fis';
import { IAMClient } from '@aws-sdk/client-iam';
import { ResourceGroupsTaggingAPIClient } from '@aws-sdk/client-resource-groups-tagging-api';
import { STSClient } from '@aws-sdk/client-sts';
import { fromNodeProviderChain } from '@aws-sdk/credential-providers';

export interface AwsTarget {
  /** The region labs deploy to: `--region`, else AWS_REGION / AWS_DEFAULT_REGION, else the profile's. */
  region?: string;
  /** A named profile: `--profile`, else AWS_PROFILE. */
  profile?: string;
}

export interface AwsClients {
  cloudformation: CloudFormationClient;
  ec2: EC2Client;
  ecs: ECSClient;
  elbv2: ElasticLoadBalancingV2Client;
  fis: FisClient;
  iam: IAMClient;
  sts: STSClient;
  tagging: ResourceGroupsTaggingAPIClient;
}

// The SDK warns once per copy of @aws-sdk/core (several are installed) that future versions need
// Node 22: noise in the middle of a lab that the learner cannot act on there. `lab doctor` checks Node.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

/** Standard retries with the SDK's adaptive mode, so throttling backs off instead of failing a check. */
const MAX_ATTEMPTS = 5;

/** Extra client configuration for tests (a fake HTTP handler, static credentials). */
export interface ClientOverrides {
  requestHandler?: unknown;
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
}

export function createClients(target: AwsTarget = {}, overrides: ClientOverrides = {}): AwsClients {
  const credentials = overrides.credentials ?? fromNodeProviderChain(target.profile ? { profile: target.profile } : {});
  const config = {
    region: target.region,
    credentials,
    maxAttempts: MAX_ATTEMPTS,
    retryMode: 'adaptive' as const,
    ...(overrides.requestHandler ? { requestHandler: overrides.requestHandler as never } : {}),
  };
  return {
    cloudformation: new CloudFormationClient(config),
    ec2: new EC2Client(config),
    ecs: new ECSClient(config),
    elbv2: new ElasticLoadBalancingV2Client(config),
    fis: new FisClient(config),
    iam: new IAMClient(config),
    sts: new STSClient(config),
    tagging: new ResourceGroupsTaggingAPIClient(config),
  };
}
