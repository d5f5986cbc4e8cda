import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { DescribeAccountAttributesCommand, DescribeAddressesCommand, DescribeVpcsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { GetRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { awsFindings } from './doctor';
import { mockSdk, type SdkStub } from './sdk-mock';
import { ACCOUNT, OTHER_ACCOUNT, tempWorkspace } from './testing/fixtures';

const REGION = 'eu-west-1';
let stubs: SdkStub[];
let sts: SdkStub, cfn: SdkStub, iam: SdkStub, ec2: SdkStub;
beforeEach(() => {
  stubs = [(sts = mockSdk(STSClient)), (cfn = mockSdk(CloudFormationClient)), (iam = mockSdk(IAMClient)), (ec2 = mockSdk(EC2Client))];
  sts.on(GetCallerIdentityCommand).resolves({ Account: ACCOUNT, Arn: `arn:aws:iam::${ACCOUNT}:user/learner` });
  cfn.on(DescribeStacksCommand).resolves({ Stacks: [{ StackName: 'CDKToolkit', StackStatus: 'CREATE_COMPLETE', CreationTime: new Date(), Outputs: [{ OutputKey: 'BootstrapVersion', OutputValue: '5' }] }] });
  iam.on(GetRoleCommand, { RoleName: 'AWSServiceRoleForECS' }).resolves({ Role: { RoleName: 'AWSServiceRoleForECS', Path: '/', Arn: 'a', RoleId: 'r', CreateDate: new Date() } });
  iam.on(GetRoleCommand, { RoleName: 'AWSServiceRoleForFIS' }).rejects(Object.assign(new Error('The role with name AWSServiceRoleForFIS cannot be found.'), { name: 'NoSuchEntityException' }));
  ec2.on(DescribeVpcsCommand).resolves({ Vpcs: [{}, {}, {}, {}, {}] });
  ec2.on(DescribeAccountAttributesCommand).resolves({ AccountAttributes: [{ AttributeName: 'vpc-max-elastic-ips', AttributeValues: [{ AttributeValue: '5' }] }] });
  ec2.on(DescribeAddressesCommand).resolves({ Addresses: [{}] });
});
afterEach(() => stubs.forEach((s) => s.restore()));

const clients = () => ({ sts: new STSClient({}), cloudformation: new CloudFormationClient({}), iam: new IAMClient({}), ec2: new EC2Client({}) });

describe('awsFindings', () => {
  it('one line per fact with what to do: old bootstrap, missing FIS role, VPC quota full, EIPs fine', async () => {
    const f = await awsFindings(clients(), { region: REGION, workspaceDir: tempWorkspace().dir, env: {} });
    expect(f.map((x) => `${x.level} ${x.what}`)).toEqual([
      `ok region ${REGION}`,
      `ok credentials: arn:aws:iam::${ACCOUNT}:user/learner`,
      `ok account ${ACCOUNT} is on the allow-list`,
      'fail CDK bootstrap version 5 is older than 6',
      'ok service-linked role AWSServiceRoleForECS (ECS services)',
      'warn service-linked role AWSServiceRoleForFIS does not exist yet (fault experiments (FIS))',
      'warn 5 VPCs in this region (default quota 5; a lab adds 1)',
      "ok Elastic IPs: 1 of 5 used (a lab's NAT gateways need 2)",
    ]);
    expect(f[3].fix).toBe(`upgrade it with \`npx cdk bootstrap aws://${ACCOUNT}/${REGION}\``);
    expect(f[5].fix).toMatch(/aws iam create-service-linked-role --aws-service-name fis\.amazonaws\.com/);
  });

  it('stops at an account outside the allow-list: nothing else is asked of it', async () => {
    sts.on(GetCallerIdentityCommand).resolves({ Account: OTHER_ACCOUNT, Arn: 'x' });
    const f = await awsFindings(clients(), { region: REGION, workspaceDir: tempWorkspace().dir, env: {} });
    expect(f.at(-1)).toMatchObject({ level: 'fail', what: expect.stringContaining(`account ${OTHER_ACCOUNT} is not on the allow-list`) });
    expect(cfn.calls()).toHaveLength(0);
    expect(ec2.calls()).toHaveLength(0);
  });

  it('no credentials is a failing line saying how to sign in, and the end of the list', async () => {
    sts.on(GetCallerIdentityCommand).rejects(Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError' }));
    const f = await awsFindings(clients(), { region: REGION, workspaceDir: tempWorkspace().dir, env: {} });
    expect(f.at(-1)).toEqual({
      level: 'fail',
      what: 'no valid AWS credentials (Could not load credentials from any providers)',
      fix: 'run `aws configure` or `aws sso login`, or pass --profile; nothing was changed',
    });
    expect(cfn.calls()).toHaveLength(0);
  });
});
