import { describe, expect, it } from 'vitest';
import { edited, GOOD_WORKFLOW, runOnWorkflow } from './workflow-fixtures';
import { workflowTestsBeforeDeploy } from './workflow-tests-before-deploy';

describe('automation.workflow-tests-before-deploy', () => {
  it('Compliance 1: the deploy job needs the test job', async () => {
    expect((await runOnWorkflow(workflowTestsBeforeDeploy, GOOD_WORKFLOW)).status).toBe('pass');
  });

  it('Compliance 2: a test step earlier in the deploy job itself', async () => {
    const wf = edited('    needs: test\n', '').replace('      - run: npx cdk deploy', '      - run: npx vitest run\n      - run: npx cdk deploy');
    expect((await runOnWorkflow(workflowTestsBeforeDeploy, wf)).status).toBe('pass');
  });

  it('Noncompliance 1: the deploy does not wait for the tests (no needs)', async () => {
    const r = await runOnWorkflow(workflowTestsBeforeDeploy, edited('    needs: test\n', ''));
    expect(r.status).toBe('fail');
    expect(r.findings[0].message).toMatch(/job deploy deploys without any test run before it/);
  });

  it('Noncompliance 2: tests after the deploy do not count', async () => {
    const wf = edited('    needs: test\n', '').replace('      - name: Tell', '      - run: npm test\n      - name: Tell');
    expect((await runOnWorkflow(workflowTestsBeforeDeploy, wf)).status).toBe('fail');
  });
});
