import { describe, expect, it } from 'vitest';
import { workflowFailurePath } from './workflow-failure-path';
import { edited, GOOD_WORKFLOW, runOnWorkflow } from './workflow-fixtures';

describe('automation.workflow-failure-path', () => {
  it('Compliance 1: a step after cdk deploy under if: failure()', async () => {
    expect((await runOnWorkflow(workflowFailurePath, GOOD_WORKFLOW)).status).toBe('pass');
  });

  it('Compliance 2: a rollback job that needs the deploy and runs on its failure', async () => {
    const wf = `${edited('        if: failure()\n', '')}  rollback:\n    needs: deploy\n    if: \${{ failure() }}\n    runs-on: ubuntu-latest\n    steps:\n      - run: ./scripts/rollback.sh\n`;
    expect((await runOnWorkflow(workflowFailurePath, wf)).status).toBe('pass');
  });

  it('Noncompliance 1: the notify step runs only on success; a failure step before the deploy does not count', async () => {
    expect((await runOnWorkflow(workflowFailurePath, edited('if: failure()', 'if: success()'))).findings[0].message).toMatch(/nothing runs when job deploy’s deploy fails/);
    const before = edited('        if: failure()\n', '').replace('      - run: npm ci\n      - run: npx cdk', '      - run: npm ci\n        if: failure()\n      - run: npx cdk');
    expect((await runOnWorkflow(workflowFailurePath, before)).status).toBe('fail');
  });
});
