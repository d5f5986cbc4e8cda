import { describe, expect, it } from 'vitest';
import { edited, GOOD_WORKFLOW, runOnWorkflow } from './workflow-fixtures';
import { workflowPermissions } from './workflow-permissions';

describe('automation.workflow-permissions', () => {
  it('Compliance 1: the deploy job has id-token: write and contents: read', async () => {
    expect((await runOnWorkflow(workflowPermissions, GOOD_WORKFLOW)).status).toBe('pass');
  });

  it('Compliance 2: the permissions set once for the whole workflow', async () => {
    const wf = edited('permissions:\n  contents: read\n', 'permissions:\n  id-token: write\n  contents: read\n').replace('    permissions:\n      id-token: write\n      contents: read\n', '');
    expect((await runOnWorkflow(workflowPermissions, wf)).status).toBe('pass');
  });

  it('Noncompliance 1: write-all, at the line that says it', async () => {
    const wf = edited('    permissions:\n      id-token: write\n      contents: read\n', '    permissions: write-all\n');
    const r = await runOnWorkflow(workflowPermissions, wf);
    expect(r.status).toBe('fail');
    expect(r.findings[0].message).toMatch(/^\.github\/workflows\/deploy\.yml:18: job deploy runs with permissions: write-all/);
    expect(r.findings[0].location).toEqual({ file: '.github/workflows/deploy.yml', line: 18, column: 5 });
  });

  it('Noncompliance 2: no permissions anywhere takes the repository defaults', async () => {
    const wf = edited('permissions:\n  contents: read\n', '').replace('    permissions:\n      id-token: write\n      contents: read\n', '');
    expect((await runOnWorkflow(workflowPermissions, wf)).findings[0].message).toMatch(/sets no permissions/);
  });

  it('Noncompliance 3: contents: write and packages: write beside id-token', async () => {
    const wf = edited('      contents: read\n    concurrency', '      contents: write\n      packages: write\n    concurrency');
    const text = (await runOnWorkflow(workflowPermissions, wf)).findings.map((f) => f.message).join('\n');
    expect(text).toMatch(/contents: write/);
    expect(text).toMatch(/can write packages/);
  });

  it('Noncompliance 4: the job-level block replaces the workflow’s, so id-token there does not reach the job', async () => {
    const wf = edited('permissions:\n  contents: read\n', 'permissions:\n  id-token: write\n  contents: read\n').replace('      id-token: write\n      contents: read\n', '      contents: read\n');
    expect((await runOnWorkflow(workflowPermissions, wf)).findings[0].message).toMatch(/no id-token: write/);
  });

  it('a workflow that no longer deploys fails; no workspace skips', async () => {
    const wf = edited('npx cdk deploy --require-approval never', 'echo skipped');
    expect((await runOnWorkflow(workflowPermissions, wf)).findings[0].message).toMatch(/no job of this workflow runs `cdk deploy`/);
    expect((await runOnWorkflow(workflowPermissions, GOOD_WORKFLOW, undefined, false)).status).toBe('skip');
  });

  it('unnamed (an audit of any app): a missing workflow or one that does not deploy is skipped, not an error', async () => {
    expect((await runOnWorkflow(workflowPermissions, undefined, {})).status).toBe('skip');
    expect((await runOnWorkflow(workflowPermissions, edited('npx cdk deploy --require-approval never', 'echo skipped'), {})).status).toBe('skip');
    expect((await runOnWorkflow(workflowPermissions, edited('    permissions:\n      id-token: write\n      contents: read\n', '    permissions: write-all\n'), {})).status).toBe('fail');
  });

  it('a workflow GitHub rejects, or a missing one, ends the run with the LabError (exit 2), not a check error', async () => {
    await expect(runOnWorkflow(workflowPermissions, edited('    runs-on: ubuntu-latest\n    environment', '    runs-on: ubuntu-latest\n    stepz: []\n    environment'))).rejects.toMatchObject({ code: 'E_WORKFLOW', exitCode: 2 });
    await expect(runOnWorkflow(workflowPermissions, undefined)).rejects.toMatchObject({ code: 'E_WORKFLOW', message: expect.stringMatching(/missing/) });
  });
});
