import { describe, expect, it } from 'vitest';
import { workflowCdkApproval } from './workflow-cdk-approval';
import { edited, GOOD_WORKFLOW, runOnWorkflow, WORKFLOW_FILE } from './workflow-fixtures';

describe('automation.workflow-cdk-approval', () => {
  it('Compliance 1: --require-approval never, and --require-approval=broadening', async () => {
    expect((await runOnWorkflow(workflowCdkApproval, GOOD_WORKFLOW)).status).toBe('pass');
    expect((await runOnWorkflow(workflowCdkApproval, edited('--require-approval never', '--require-approval=broadening'))).status).toBe('pass');
  });

  it('Compliance 2: no flag, but the project\'s cdk.json sets requireApproval (the CDK CLI reads it); the flag still wins', async () => {
    const noFlag = edited(' --require-approval never', '');
    const run = (cdkJson: object, wf = noFlag) => runOnWorkflow(workflowCdkApproval, wf, { workflow: WORKFLOW_FILE }, true, { 'cdk.json': JSON.stringify(cdkJson) });
    expect((await run({ app: 'npx tsx bin/app.ts', requireApproval: 'never' })).status).toBe('pass');
    expect((await run({ app: 'npx tsx bin/app.ts' })).status).toBe('fail');
    expect((await run({ requireApproval: 'sometimes' })).findings[0].message).toMatch(/does not know/);
    expect((await run({ requireApproval: 'never' }, edited('--require-approval never', '--require-approval nope'))).findings[0].message).toMatch(/does not know/);
  });

  it('Noncompliance 1: no approval policy; a level the CDK does not know', async () => {
    expect((await runOnWorkflow(workflowCdkApproval, edited(' --require-approval never', ''))).findings[0].message).toMatch(/without --require-approval/);
    expect((await runOnWorkflow(workflowCdkApproval, edited('--require-approval never', '--require-approval nope'))).findings[0].message).toMatch(/does not know/);
  });
});
