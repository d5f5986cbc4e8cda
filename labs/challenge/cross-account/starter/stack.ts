// Two stacks for two accounts in one app: the tooling account (pipeline, images, monitoring sink)
// and the workload account (checkout). The engine synthesizes both and judges them together.
// TODO: the work is in tooling.ts and workload.ts (brief.md); keep both stacks in their accounts.
import type { App } from 'aws-cdk-lib';
import { REGION, TOOLING_ACCOUNT, WORKLOAD_ACCOUNT } from './accounts';
import { ToolingStack } from './tooling';
import { WorkloadStack } from './workload';

export default function (app: App, stackName: string) {
  new ToolingStack(app, 'CrossAccountTooling', { env: { account: TOOLING_ACCOUNT, region: REGION } });
  return new WorkloadStack(app, stackName, { env: { account: WORKLOAD_ACCOUNT, region: REGION } });
}
