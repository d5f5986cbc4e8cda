import { describe, expect, it } from 'vitest';
import { workflowCdkApproval } from './workflow-cdk-approval';
import { edited, GOOD_WORKFLOW, runOnWorkflow } from './workflow-fixtures';

describe('automation.workflow-cdk-approval', () => {
  it('Compliance 1: --require-approval never, and --require-approval=broadening', async () => {
    expect((await runOnWorkflow(workflowCdkApproval, GOOD_WORKFLOW)).status).toBe('pass');
    expect((await runOnWorkflow(workflowCdkApproval, edited('--require-approval never', '--require-approval=broadening'))).status).toBe('pass');
  });

  it('Noncompliance 1: no approval policy; a level the CDK does not know', async () => {
    expect((await runOnWorkflow(workflowCdkApproval, edited(' --require-approval never', ''))).findings[0].message).toMatch(/without --require-approval/);
    expect((await runOnWorkflow(workflowCdkApproval, edited('--require-approval never', '--require-approval nope'))).findings[0].message).toMatch(/does not know/);
  });
});
