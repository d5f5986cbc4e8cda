import { describe, expect, it } from 'vitest';
import { workflowDeployConcurrency } from './workflow-deploy-concurrency';
import { edited, GOOD_WORKFLOW, runOnWorkflow } from './workflow-fixtures';

const JOB_GROUP = '    concurrency:\n      group: deploy-production\n      cancel-in-progress: false\n';

describe('automation.workflow-deploy-concurrency', () => {
  it('Compliance 1: a group on the deploy job, never cancelled', async () => {
    expect((await runOnWorkflow(workflowDeployConcurrency, GOOD_WORKFLOW)).status).toBe('pass');
  });

  it('Compliance 2: a bare group for the whole workflow (cancel-in-progress defaults to false)', async () => {
    const wf = edited(JOB_GROUP, '').replace('permissions:\n  contents: read\n', 'permissions:\n  contents: read\nconcurrency: production\n');
    expect((await runOnWorkflow(workflowDeployConcurrency, wf)).status).toBe('pass');
  });

  it('Noncompliance 1: no concurrency at all', async () => {
    expect((await runOnWorkflow(workflowDeployConcurrency, edited(JOB_GROUP, ''))).findings[0].message).toMatch(/no concurrency group/);
  });

  it('Noncompliance 2: cancel-in-progress: true, and an expression', async () => {
    expect((await runOnWorkflow(workflowDeployConcurrency, edited('cancel-in-progress: false', 'cancel-in-progress: true'))).findings[0].message).toMatch(/cancels a deploy halfway/);
    expect((await runOnWorkflow(workflowDeployConcurrency, edited('cancel-in-progress: false', "cancel-in-progress: ${{ github.ref != 'refs/heads/main' }}"))).findings[0].message).toMatch(/is an expression/);
  });
});
