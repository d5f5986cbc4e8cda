// Guard rails of the aws target that come before any call to AWS: which region and profile to
// use, and whether an account may be touched at all. No deploy, break or destroy happens in an
// account that is not on the allow-list: a lab run by mistake in a production account is the
// one failure this product must never have.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { z } from 'zod';
import { LabError } from '../errors';
import type { AwsTarget } from './clients';

/** The allow-list file, looked for in the workspace folder, then in the folder holding the workspaces. */
export const CONFIG_FILE = 'ecs-lab.config.json';
/** Comma- or space-separated account ids; adds to the file's list. */
export const ACCOUNTS_ENV = 'ECS_LAB_ACCOUNTS';

const ACCOUNT_ID = /^\d{12}$/;

export const LabConfigSchema = z.object({
  /** The only AWS accounts a lab may deploy to, break or destroy in. */
  accounts: z.array(z.string().regex(ACCOUNT_ID, 'an AWS account id is 12 digits')).default([]),
  /** Default region for this workspace when neither --region nor AWS_REGION is set. */
  region: z.string().optional(),
  /** Default named profile when neither --profile nor AWS_PROFILE is set. */
  profile: z.string().optional(),
});
export type LabConfig = z.infer<typeof LabConfigSchema>;

/**
 * Regions (commercial partition) where ECS on Fargate, ELBv2 and the Fault Injection Service all
 * run, so every lab's stack and experiment can deploy. FIS is the narrowest of them.
 * Source: https://docs.aws.amazon.com/general/latest/gr/fis.html (Service endpoints), read Dec 2026.
 * China and GovCloud are left out: their partitions (aws-cn, aws-us-gov) change every ARN the labs use.
 */
export const SUPPORTED_REGIONS: readonly string[] = [
  'us-east-1', 'us-east-2', 'us-west-1', 'us-west-2', 'ca-central-1', 'ca-west-1',
  'sa-east-1', 'af-south-1', 'il-central-1', 'me-south-1', 'me-central-1',
  'eu-west-1', 'eu-west-2', 'eu-west-3', 'eu-central-1', 'eu-central-2', 'eu-north-1', 'eu-south-1', 'eu-south-2',
  'ap-east-1', 'ap-south-1', 'ap-south-2', 'ap-northeast-1', 'ap-northeast-2', 'ap-northeast-3',
  'ap-southeast-1', 'ap-southeast-2', 'ap-southeast-3', 'ap-southeast-4',
];

/** The places a config may sit: the workspace itself, then the root holding all workspaces. */
export function configPaths(workspaceDir: string): string[] {
  return [join(workspaceDir, CONFIG_FILE), join(dirname(workspaceDir), CONFIG_FILE)];
}

/** The first config found (workspace before root), validated; none is an empty config. */
export function readLabConfig(workspaceDir: string): LabConfig & { file?: string } {
  for (const file of configPaths(workspaceDir)) {
    if (!existsSync(file)) continue;
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(file, 'utf8'));
    } catch (e) {
      throw new LabError('E_AWS_CONFIG', `${file} is not valid JSON (${(e as Error).message}) — fix it or delete it`);
    }
    const parsed = LabConfigSchema.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new LabError('E_AWS_CONFIG', `${file}: ${issue.path.join('.') || 'root'}: ${issue.message} — e.g. { "accounts": ["123456789012"] }`);
    }
    return { ...parsed.data, file };
  }
  return { accounts: [] };
}

/** Account ids from ECS_LAB_ACCOUNTS; a malformed id is refused rather than silently dropped. */
export function accountsFromEnv(env: NodeJS.ProcessEnv = process.env): string[] {
  const ids = (env[ACCOUNTS_ENV] ?? '').split(/[\s,]+/).filter(Boolean);
  const bad = ids.find((id) => !ACCOUNT_ID.test(id));
  if (bad) throw new LabError('E_AWS_CONFIG', `${ACCOUNTS_ENV} holds "${bad}", which is not a 12-digit AWS account id`);
  return ids;
}

/** The allow-list: the config file's accounts plus ECS_LAB_ACCOUNTS. */
export function allowedAccounts(workspaceDir: string, env: NodeJS.ProcessEnv = process.env): string[] {
  return [...new Set([...readLabConfig(workspaceDir).accounts, ...accountsFromEnv(env)])];
}

/** Throws E_AWS_ACCOUNT (exit 2), naming the account, unless it is on the allow-list. */
export function assertAccountAllowed(accountId: string, workspaceDir: string, env: NodeJS.ProcessEnv = process.env): void {
  const allowed = allowedAccounts(workspaceDir, env);
  if (allowed.includes(accountId)) return;
  const how = `add it to "accounts" in ${CONFIG_FILE} (in your workspace or the folder holding it) or to ${ACCOUNTS_ENV}`;
  throw new LabError(
    'E_AWS_ACCOUNT',
    allowed.length === 0
      ? `account ${accountId} is not on the allow-list (the list is empty) — if this is a sandbox account meant for labs, ${how}`
      : `account ${accountId} is not on the allow-list (${allowed.join(', ')}) — nothing was changed; if it is a sandbox account meant for labs, ${how}`,
  );
}

export interface TargetOptions {
  region?: string;
  profile?: string;
  /** The workspace whose ecs-lab.config.json may give a default region or profile. */
  workspaceDir?: string;
  env?: NodeJS.ProcessEnv;
  /** The profile's own region (shared config file); injected in tests. */
  regionOfProfile?: (profile: string | undefined) => Promise<string | undefined>;
}

/** The SDK's own resolution of a profile's region from ~/.aws/config, as the CDK CLI has it. */
async function sdkRegionOfProfile(profile: string | undefined): Promise<string | undefined> {
  try {
    return await new STSClient(profile ? { profile } : {}).config.region();
  } catch {
    return undefined; // no region anywhere: the caller says what to do
  }
}

/**
 * Region and profile as the CDK CLI resolves them: --profile, else AWS_PROFILE, else the config
 * file's; --region, else AWS_REGION / AWS_DEFAULT_REGION, else the config file's, else the
 * profile's region. A missing or unsupported region is E_AWS_REGION (exit 2) before any call.
 */
export async function resolveTarget(opts: TargetOptions = {}): Promise<Required<Pick<AwsTarget, 'region'>> & AwsTarget> {
  const env = opts.env ?? process.env;
  const config = opts.workspaceDir ? readLabConfig(opts.workspaceDir) : { accounts: [] as string[], region: undefined, profile: undefined };
  const profile = opts.profile ?? env.AWS_PROFILE ?? config.profile;
  const region =
    opts.region ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? config.region ?? (await (opts.regionOfProfile ?? sdkRegionOfProfile)(profile));
  if (!region) {
    throw new LabError('E_AWS_REGION', `no AWS region is set — pass --region <region> (e.g. --region eu-west-1) or set AWS_REGION${profile ? ` or a region in profile ${profile}` : ''}`);
  }
  assertRegionSupported(region);
  return { region, profile };
}

export function assertRegionSupported(region: string): void {
  if (SUPPORTED_REGIONS.includes(region)) return;
  const why = /^(cn|us-gov)-/.test(region)
    ? 'China and GovCloud regions are not supported by the labs'
    : /^[a-z]{2}(-[a-z]+)+-\d$/.test(region)
      ? 'the labs need ECS on Fargate and the Fault Injection Service there, which ecs-lab does not know to be available'
      : 'that is not an AWS region name';
  throw new LabError('E_AWS_REGION', `region "${region}" cannot host the labs (${why}) — pick another with --region, e.g. --region eu-west-1 or us-east-1`);
}

/** SDK error names that mean "who you are" failed, not "what you did": no, expired or wrong credentials. */
const CREDENTIAL_ERRORS = new Set([
  'CredentialsProviderError',
  'ExpiredToken',
  'ExpiredTokenException',
  'InvalidClientTokenId',
  'UnrecognizedClientException',
  'SignatureDoesNotMatch',
  'TokenRefreshRequired',
]);

export function isCredentialError(e: unknown): boolean {
  return e instanceof Error && (CREDENTIAL_ERRORS.has(e.name) || /credential|token.*expired|expired.*token/i.test(e.name));
}

/** A credential failure as the one-line E_AWS_CREDENTIALS error that says how to sign in. */
export function credentialError(e: unknown, profile?: string): LabError {
  const why = e instanceof Error ? e.message.split('\n')[0] : String(e);
  const how = profile ? `run \`aws sso login --profile ${profile}\` or check profile ${profile}` : 'run `aws configure` or `aws sso login`, or pass --profile';
  return new LabError('E_AWS_CREDENTIALS', `no valid AWS credentials (${why}) — ${how}; nothing was changed`);
}

export interface Caller {
  account: string;
  arn: string;
}

/**
 * Who the credentials belong to (STS GetCallerIdentity), refused unless the account is on the
 * allow-list. Every command that changes an account calls this first, before any other call.
 */
export async function assertCallerAllowed(sts: Pick<STSClient, 'send'>, workspaceDir: string, profile?: string, env: NodeJS.ProcessEnv = process.env): Promise<Caller> {
  let out;
  try {
    out = await sts.send(new GetCallerIdentityCommand({}));
  } catch (e) {
    if (isCredentialError(e)) throw credentialError(e, profile);
    throw e;
  }
  if (!out.Account) throw new LabError('E_AWS_CREDENTIALS', 'STS did not say which account these credentials belong to — check your credentials');
  assertAccountAllowed(out.Account, workspaceDir, env);
  return { account: out.Account, arn: out.Arn ?? '' };
}
