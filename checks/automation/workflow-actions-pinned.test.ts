import { describe, expect, it } from 'vitest';
import { workflowActionsPinned } from './workflow-actions-pinned';
import { edited, GOOD_WORKFLOW, runOnWorkflow, SHA_CREDENTIALS, SHA_SLACK } from './workflow-fixtures';

describe('automation.workflow-actions-pinned', () => {
  it('Compliance 1: third-party actions on full SHAs (GitHub’s own actions/* may use tags)', async () => {
    const wf = GOOD_WORKFLOW.replaceAll('actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683', 'actions/checkout@v4');
    expect((await runOnWorkflow(workflowActionsPinned, wf)).status).toBe('pass');
  });

  it('Noncompliance 1: @main and a tag, each at its line', async () => {
    const wf = edited(`configure-aws-credentials@${SHA_CREDENTIALS}`, 'configure-aws-credentials@main').replace(`slack-github-action@${SHA_SLACK}`, 'slack-github-action@v2');
    const r = await runOnWorkflow(workflowActionsPinned, wf);
    expect(r.findings.map((f) => [f.location?.line, f.message.replace(/^[^ ]+ /, '')])).toEqual([
      [26, 'job deploy uses aws-actions/configure-aws-credentials@main, a movable ref (main), not a full commit SHA'],
      [34, 'job deploy uses slackapi/slack-github-action@v2, a movable ref (v2), not a full commit SHA'],
    ]);
  });

  it('Noncompliance 2: a short SHA, a reusable workflow on a branch, a Docker image by tag', async () => {
    const wf = `${edited(`configure-aws-credentials@${SHA_CREDENTIALS}`, 'configure-aws-credentials@e3dd6a4')}  notify:\n    needs: deploy\n    uses: acme/pipelines/.github/workflows/notify.yml@main\n  scan:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: docker://aquasec/trivy:latest\n`;
    const text = (await runOnWorkflow(workflowActionsPinned, wf)).findings.map((f) => f.message).join('\n');
    expect(text).toMatch(/configure-aws-credentials@e3dd6a4/);
    expect(text).toMatch(/acme\/pipelines\/.github\/workflows\/notify.yml@main/);
    expect(text).toMatch(/aquasec\/trivy:latest by tag/);
  });
});
