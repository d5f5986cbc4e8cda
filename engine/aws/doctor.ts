// `lab doctor --target aws`: is this machine and account ready to deploy a lab? One finding per
// fact, each with what to do. Read-only: nothing is created, not even the service-linked roles.
import { DescribeAccountAttributesCommand, DescribeAddressesCommand, DescribeVpcsCommand, type EC2Client } from '@aws-sdk/client-ec2';
import { GetRoleCommand, type IAMClient } from '@aws-sdk/client-iam';
import type { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import type { STSClient } from '@aws-sdk/client-sts';
import { isLabError } from '../errors';
import { bootstrapStatus } from './deploy/bootstrap';
import { assertCallerAllowed, credentialError, isCredentialError } from './guard';

export interface Finding {
  /** 'warn' is shown with `!` and does not fail the doctor. */
  level: 'ok' | 'warn' | 'fail';
  what: string;
  fix?: string;
}

export interface DoctorClients {
  sts: Pick<STSClient, 'send'>;
  cloudformation: Pick<CloudFormationClient, 'send'>;
  iam: Pick<IAMClient, 'send'>;
  ec2: Pick<EC2Client, 'send'>;
}

/** Service-linked roles the labs rely on: ECS services and FIS experiments. */
export const SERVICE_LINKED_ROLES = [
  { name: 'AWSServiceRoleForECS', service: 'ecs.amazonaws.com', why: 'ECS services' },
  { name: 'AWSServiceRoleForFIS', service: 'fis.amazonaws.com', why: 'fault experiments (FIS)' },
] as const;

/** Default quotas (Service Quotas, per region) the labs hit first: a lab VPC with a NAT gateway per AZ. */
export const DEFAULT_VPCS_PER_REGION = 5; // https://docs.aws.amazon.com/vpc/latest/userguide/amazon-vpc-limits.html
/** Elastic IPs a lab with a NAT gateway in each of two AZs needs. */
export const LAB_ELASTIC_IPS = 2;
/** VPCs one lab creates. */
export const LAB_VPCS = 1;

const message = (e: unknown) => (e instanceof Error ? e.message.split('\n')[0] : String(e));

export async function awsFindings(clients: DoctorClients, where: { region: string; profile?: string; workspaceDir: string; env?: NodeJS.ProcessEnv }): Promise<Finding[]> {
  const out: Finding[] = [{ level: 'ok', what: `region ${where.region}${where.profile ? `, profile ${where.profile}` : ''}` }];
  let account: string;
  try {
    const caller = await assertCallerAllowed(clients.sts, where.workspaceDir, where.profile, where.env);
    account = caller.account;
    out.push({ level: 'ok', what: `credentials: ${caller.arn}` }, { level: 'ok', what: `account ${account} is on the allow-list` });
  } catch (e) {
    if (!isLabError(e)) throw isCredentialError(e) ? credentialError(e, where.profile) : e;
    const [what, fix] = e.message.split(' — ');
    out.push({ level: 'fail', what, fix });
    return out; // nothing else may be asked of an account that is not known or not allowed
  }
  const boot = await bootstrapStatus(clients.cloudformation, account, where.region).catch((e) => ({ ok: false, what: 'CDK bootstrap unknown', fix: message(e) }));
  out.push({ level: boot.ok ? 'ok' : 'fail', what: boot.what, fix: boot.fix });
  for (const role of SERVICE_LINKED_ROLES) out.push(await serviceLinkedRole(clients.iam, role));
  out.push(...(await quotas(clients.ec2)));
  return out;
}

async function serviceLinkedRole(iam: DoctorClients['iam'], role: (typeof SERVICE_LINKED_ROLES)[number]): Promise<Finding> {
  try {
    await iam.send(new GetRoleCommand({ RoleName: role.name }));
    return { level: 'ok', what: `service-linked role ${role.name} (${role.why})` };
  } catch (e) {
    if (e instanceof Error && e.name === 'NoSuchEntityException') {
      return {
        level: 'warn',
        what: `service-linked role ${role.name} does not exist yet (${role.why})`,
        fix: `AWS creates it on first use if you may call iam:CreateServiceLinkedRole; otherwise ask an admin to run \`aws iam create-service-linked-role --aws-service-name ${role.service}\``,
      };
    }
    return { level: 'warn', what: `service-linked role ${role.name} could not be read (${message(e)})`, fix: 'allow iam:GetRole on it (see docs/aws-iam-policy.json)' };
  }
}

async function quotas(ec2: DoctorClients['ec2']): Promise<Finding[]> {
  const out: Finding[] = [];
  try {
    const vpcs = (await ec2.send(new DescribeVpcsCommand({}))).Vpcs?.length ?? 0;
    const ok = vpcs + LAB_VPCS <= DEFAULT_VPCS_PER_REGION;
    out.push({
      level: ok ? 'ok' : 'warn',
      what: `${vpcs} VPC${vpcs === 1 ? '' : 's'} in this region (default quota ${DEFAULT_VPCS_PER_REGION}; a lab adds ${LAB_VPCS})`,
      fix: 'delete unused VPCs, `lab sweep` old labs, or request a higher "VPCs per Region" quota in Service Quotas',
    });
  } catch (e) {
    out.push({ level: 'warn', what: `VPC count unknown (${message(e)})`, fix: 'allow ec2:DescribeVpcs (see docs/aws-iam-policy.json)' });
  }
  try {
    // All attributes: the SDK's enum lists only two names, though the API also returns vpc-max-elastic-ips.
    const attrs = await ec2.send(new DescribeAccountAttributesCommand({}));
    const max = Number(attrs.AccountAttributes?.find((a) => a.AttributeName === 'vpc-max-elastic-ips')?.AttributeValues?.[0]?.AttributeValue);
    const used = (await ec2.send(new DescribeAddressesCommand({}))).Addresses?.length ?? 0;
    const ok = !Number.isFinite(max) || used + LAB_ELASTIC_IPS <= max;
    out.push({
      level: ok ? 'ok' : 'warn',
      what: `Elastic IPs: ${used} of ${Number.isFinite(max) ? max : '?'} used (a lab's NAT gateways need ${LAB_ELASTIC_IPS})`,
      fix: 'release unused Elastic IPs or request a higher "EC2-VPC Elastic IPs" quota in Service Quotas',
    });
  } catch (e) {
    out.push({ level: 'warn', what: `Elastic IP quota unknown (${message(e)})`, fix: 'allow ec2:DescribeAccountAttributes and ec2:DescribeAddresses' });
  }
  return out;
}
