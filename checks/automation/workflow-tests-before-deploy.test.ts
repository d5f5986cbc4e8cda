import { describe, expect, it } from 'vitest';
import { edited, GOOD_WORKFLOW, runOnWorkflow, WORKFLOW_FILE } from './workflow-fixtures';
import { workflowCdkApproval } from './workflow-cdk-approval';
import { workflowTestsBeforeDeploy } from './workflow-tests-before-deploy';

describe('automation.workflow-tests-before-deploy', () => {
  it('Compliance 1: the deploy job needs the test job', async () => {
    expect((await runOnWorkflow(workflowTestsBeforeDeploy, GOOD_WORKFLOW)).status).toBe('pass');
  });

  it('Compliance 2: a test step earlier in the deploy job itself', async () => {
    const wf = edited('    needs: test\n', '').replace('      - run: npx cdk deploy', '      - run: npx vitest run\n      - run: npx cdk deploy');
    expect((await runOnWorkflow(workflowTestsBeforeDeploy, wf)).status).toBe('pass');
  });

  it('Compliance 3: tests and the deploy behind the team\'s own scripts (npm run, a shell script) count as what they run', async () => {
    const wf = edited('    needs: test\n', '').replace('      - run: npx cdk deploy --require-approval never', '      - run: npm run verify\n      - run: npm run release');
    const files = {
      'package.json': JSON.stringify({ scripts: { verify: 'npm run unit', unit: 'vitest run', release: 'bash scripts/release.sh' } }),
      'scripts/release.sh': 'set -e\nnpx cdk deploy --require-approval never --all\n',
    };
    expect((await runOnWorkflow(workflowTestsBeforeDeploy, wf, { workflow: WORKFLOW_FILE }, true, files)).status).toBe('pass');
    expect((await runOnWorkflow(workflowCdkApproval, wf, { workflow: WORKFLOW_FILE }, true, files)).status).toBe('pass');
    // The same workflow whose wrapper does not run the tests still fails.
    const untested = { ...files, 'package.json': JSON.stringify({ scripts: { verify: 'echo ok', release: 'bash scripts/release.sh' } }) };
    expect((await runOnWorkflow(workflowTestsBeforeDeploy, wf, { workflow: WORKFLOW_FILE }, true, untested)).status).toBe('fail');
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
