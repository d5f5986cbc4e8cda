// The seam between the lab flow and the CDK toolkit: tests inject a fake Deployer, the CLI the
// toolkit-lib one (toolkit-deployer.ts).
export interface DeployOptions {
  /** Stack tags: CloudFormation copies them to every resource that supports tags. */
  tags: Record<string, string>;
}

export interface DeployOutcome {
  stackArn: string;
  outputs: Record<string, string>;
}

export interface StackStatus {
  status: string;
  reason?: string;
  tags: Record<string, string>;
}

export interface Deployer {
  /** Deploys one stack of a synthesized cloud assembly (never runs the app that made it). */
  deploy(assemblyDir: string, stackName: string, opts: DeployOptions): Promise<DeployOutcome>;
  /** Deletes the stack; 'absent' when there was nothing to delete. */
  destroy(stackName: string): Promise<'deleted' | 'absent'>;
  /** The stack as CloudFormation has it, or undefined when it does not exist. */
  status(stackName: string): Promise<StackStatus | undefined>;
}
