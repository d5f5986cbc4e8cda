// Is the account/region bootstrapped for the CDK (the CDKToolkit stack with its bucket, ECR
// repository and deploy roles)? Checked and explained; never run on the learner's behalf.
import type { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { describeStack } from './cloudformation';

export const TOOLKIT_STACK = 'CDKToolkit';
/** The bootstrap version modern CDK apps require (aws-cdk-lib's DefaultStackSynthesizer checks ≥ 6). */
export const MIN_BOOTSTRAP_VERSION = 6;

export interface BootstrapStatus {
  ok: boolean;
  version?: number;
  what: string;
  fix?: string;
}

export const bootstrapCommand = (account: string, region: string) => `npx cdk bootstrap aws://${account}/${region}`;

export async function bootstrapStatus(cfn: Pick<CloudFormationClient, 'send'>, account: string, region: string): Promise<BootstrapStatus> {
  const stack = await describeStack(cfn, TOOLKIT_STACK);
  const fix = `bootstrap it once with \`${bootstrapCommand(account, region)}\` (an admin may need to; ecs-lab never does it for you)`;
  if (!stack || stack.status === 'DELETE_COMPLETE') return { ok: false, what: `${region} of account ${account} is not bootstrapped for the CDK (no ${TOOLKIT_STACK} stack)`, fix };
  if (/FAILED|ROLLBACK/.test(stack.status)) return { ok: false, what: `the ${TOOLKIT_STACK} stack is ${stack.status}`, fix: `repair it in the CloudFormation console, then ${fix}` };
  const raw = stack.outputs.BootstrapVersion;
  const version = raw === undefined ? undefined : Number(raw);
  if (version === undefined || !Number.isFinite(version)) return { ok: false, what: `the ${TOOLKIT_STACK} stack has no BootstrapVersion output`, fix };
  if (version < MIN_BOOTSTRAP_VERSION) return { ok: false, version, what: `CDK bootstrap version ${version} is older than ${MIN_BOOTSTRAP_VERSION}`, fix: `upgrade it with \`${bootstrapCommand(account, region)}\`` };
  return { ok: true, version, what: `CDK bootstrap version ${version} in ${region}` };
}
