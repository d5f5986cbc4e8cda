import { describe, expect, it } from 'vitest';
import { edited, GOOD_WORKFLOW, runOnWorkflow } from './workflow-fixtures';
import { workflowNoStaticKeys } from './workflow-no-static-keys';

const ROLE = '          role-to-assume: ${{ vars.DEPLOY_ROLE_ARN }}\n';
const KEYS = '          aws-access-key-id: ${{ secrets.AWS_ACCESS_KEY_ID }}\n          aws-secret-access-key: ${{ secrets.AWS_SECRET_ACCESS_KEY }}\n';

describe('automation.workflow-no-static-keys', () => {
  it('Compliance 1: configure-aws-credentials with role-to-assume before cdk deploy', async () => {
    expect((await runOnWorkflow(workflowNoStaticKeys, GOOD_WORKFLOW)).status).toBe('pass');
  });

  it('Noncompliance 1: access keys from secrets instead of a role', async () => {
    const r = await runOnWorkflow(workflowNoStaticKeys, edited(ROLE, KEYS));
    const text = r.findings.map((f) => f.message).join('\n');
    expect(text).toMatch(/long-lived keys \(aws-access-key-id, aws-secret-access-key from secrets AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY\)/);
    expect(text).toMatch(/has no role-to-assume/);
  });

  it('Noncompliance 2: keys in the job environment, beside a role', async () => {
    const wf = edited('    environment: production\n', '    environment: production\n    env:\n      AWS_SECRET_ACCESS_KEY: ${{ secrets.KEY }}\n');
    expect((await runOnWorkflow(workflowNoStaticKeys, wf)).findings[0].message).toMatch(/job deploy sets AWS_SECRET_ACCESS_KEY/);
  });

  it('Noncompliance 3: credentials configured only after the deploy', async () => {
    const wf = edited('      - run: npx cdk deploy --require-approval never\n', '').replace('      - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683\n      - uses: aws', '      - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683\n      - run: npx cdk deploy --require-approval never\n      - uses: aws');
    expect((await runOnWorkflow(workflowNoStaticKeys, wf)).findings[0].message).toMatch(/without getting credentials/);
  });
});
