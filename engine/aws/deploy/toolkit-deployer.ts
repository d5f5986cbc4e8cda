// The Deployer on @aws-cdk/toolkit-lib: deploys from the cloud assembly directory the runner's
// isolated synthesis left (the learner's app is never run here), with the runner's IoHost so
// every approval is asked. Status and destroy go to CloudFormation directly: they need only the
// stack's name, so they work after a Ctrl-C or when the learner's code no longer synthesizes.
import type { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import type { IIoHost } from '@aws-cdk/toolkit-lib';
import { LabError } from '../../errors';
import type { AwsTarget } from '../clients';
import { assertNoExecutableAssets } from './assembly-safety';
import { LabIoHost } from './io-host';
import { deleteStack, describeStack, type DeleteOptions } from './cloudformation';
import type { DeployOptions, DeployOutcome, Deployer, StackStatus } from './deployer';

export interface ToolkitDeployerProps {
  target: AwsTarget;
  ioHost: IIoHost;
  cloudformation: Pick<CloudFormationClient, 'send'>;
  /** Passed to destroy, to render its events. */
  deleteOptions?: DeleteOptions;
}

export class ToolkitDeployer implements Deployer {
  constructor(private readonly props: ToolkitDeployerProps) {}

  async deploy(assemblyDir: string, stackName: string, opts: DeployOptions): Promise<DeployOutcome> {
    assertNoExecutableAssets(assemblyDir);
    // Loaded here: toolkit-lib takes a while to load and only deploys need it.
    const { Toolkit, BaseCredentials, StackSelectionStrategy } = await import('@aws-cdk/toolkit-lib');
    const toolkit = new Toolkit({
      ioHost: this.props.ioHost,
      color: false,
      emojis: false,
      sdkConfig: { baseCredentials: BaseCredentials.awsCliCompatible({ profile: this.props.target.profile, defaultRegion: this.props.target.region }) },
    });
    const cx = await toolkit.fromAssemblyDirectory(assemblyDir);
    const result = await toolkit
      .deploy(cx, {
        stacks: { strategy: StackSelectionStrategy.PATTERN_MUST_MATCH_SINGLE, patterns: [stackName] },
        tags: Object.entries(opts.tags).map(([Key, Value]) => ({ Key, Value })),
        // A change set, so CloudFormation shows what changes and a failed create leaves nothing half-made.
        deploymentMethod: { method: 'change-set' },
      })
      .catch((e: unknown) => {
        throw failedAt(stackName, this.props.ioHost, e);
      });
    const stack = result.stacks[0];
    if (!stack) throw new LabError('E_AWS', `the toolkit deployed nothing for ${stackName} — run \`lab check\` to see what your app synthesizes`);
    return { stackArn: stack.stackArn, outputs: stack.outputs };
  }

  async destroy(stackName: string): Promise<'deleted' | 'absent'> {
    return deleteStack(this.props.cloudformation, stackName, this.props.deleteOptions);
  }

  async status(stackName: string): Promise<StackStatus | undefined> {
    const s = await describeStack(this.props.cloudformation, stackName);
    return s && { status: s.status, reason: s.reason, tags: s.tags };
  }
}

/**
 * A deploy that failed on a resource, as one line naming the first resource that failed and
 * CloudFormation's reason (the toolkit's own error says only that the stack failed).
 */
export function failedAt(stackName: string, host: IIoHost, e: unknown): unknown {
  const first = host instanceof LabIoHost ? host.failures.find((f) => f.LogicalResourceId !== stackName) : undefined;
  if (!first) return e;
  return new LabError(
    'E_AWS',
    `deploy of ${stackName} failed at ${first.LogicalResourceId} (${first.ResourceType}): ${first.ResourceStatusReason} — fix it, run \`lab check\`, then \`lab deploy\` again (\`lab destroy\` removes what was made)`,
  );
}
