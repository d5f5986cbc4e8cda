import { defineCheck, type Finding } from '../../engine/types';
import { effectivePermissions, judgeDeployJobs, workflowFinding, workflowParams, type WorkflowParams } from './workflows';

/** Scopes a deploy job may write: only the OIDC token request. */
const WRITABLE = new Set(['id-token']);

/**
 * The deploy job's GITHUB_TOKEN gets only what it needs: `id-token: write` (to request the OIDC
 * token) and `contents: read` (to check out the code), never `write-all` and nothing else written.
 */
export const workflowPermissions = defineCheck<WorkflowParams>({
  id: 'automation.workflow-permissions',
  title: 'The deploy job’s token can request OIDC and read the code, nothing more',
  severity: 'high',
  why:
    'Every job gets a GITHUB_TOKEN; without a `permissions` block it gets the repository’s default, which may be write access to ' +
    'the code, releases and packages. A compromised step then pushes to your repository. The deploy needs `id-token: write` to ' +
    'ask GitHub for the OIDC token and `contents: read` to check out; any other scope is `none` once one is listed.',
  refs: {
    docs: [
      'https://docs.github.com/en/actions/security-for-github-actions/security-guides/security-hardening-for-github-actions#using-secrets',
      'https://docs.github.com/en/actions/writing-workflows/choosing-what-your-workflow-does/controlling-permissions-for-github_token',
      'https://docs.github.com/en/actions/security-for-github-actions/security-hardening-your-deployments/about-security-hardening-with-openid-connect#adding-permissions-settings',
    ],
  },
  params: workflowParams,
  offline: (ctx) =>
    judgeDeployJobs(ctx, (wf, job) => {
      const perms = effectivePermissions(wf, job);
      const out: Finding[] = [];
      if (!perms) {
        return [workflowFinding(wf, job.at, `job ${job.id} sets no permissions, so its token gets the repository’s defaults (possibly write to everything) and no id-token: write`, 'Add `permissions: { id-token: write, contents: read }` to the workflow or the job.')];
      }
      if (perms.kind === 'all') {
        const msg = perms.level === 'write-all' ? `job ${job.id} runs with permissions: write-all — its token can push code, publish releases and change settings` : `job ${job.id} runs with permissions: read-all, which has no id-token: write, so it cannot request the OIDC token`;
        return [workflowFinding(wf, perms.at, msg, 'List the scopes instead: `id-token: write` and `contents: read`.')];
      }
      if (perms.scopes['id-token'] !== 'write') out.push(workflowFinding(wf, perms.at, `job ${job.id} has no id-token: write, so it cannot request the OIDC token to assume the deploy role`, 'Add `id-token: write`.'));
      if (perms.scopes.contents !== 'read') out.push(workflowFinding(wf, perms.at, `job ${job.id} has contents: ${perms.scopes.contents ?? 'none'}, where the deploy needs exactly read to check out the code`, 'Set `contents: read`.'));
      const writes = Object.entries(perms.scopes).filter(([scope, level]) => level === 'write' && !WRITABLE.has(scope) && scope !== 'contents');
      if (writes.length) out.push(workflowFinding(wf, perms.at, `job ${job.id} can write ${writes.map(([s]) => s).join(', ')}, which a deploy does not need`, 'Remove the write scopes the deploy does not use.'));
      return out;
    }),
});
