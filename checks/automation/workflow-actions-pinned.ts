import type { UsesRef, Workflow } from '../../engine/model/workflow';
import { defineCheck, type Finding } from '../../engine/types';
import { judgeWorkflow, workflowFinding, workflowParams, type WorkflowParams } from './workflows';

/** GitHub's own actions (github.com/actions): the hardening guide's concern is everyone else's. */
const FIRST_PARTY = new Set(['actions']);

/**
 * Every third-party action and reusable workflow is pinned to a full commit SHA, every Docker
 * action to a digest: a tag or branch can be moved to other code after you reviewed it.
 */
export const workflowActionsPinned = defineCheck<WorkflowParams>({
  id: 'automation.workflow-actions-pinned',
  title: 'Third-party actions are pinned to full commit SHAs',
  severity: 'high',
  why:
    'A step that uses `owner/action@v4` or `@main` runs whatever that tag or branch points to at run time, with your job’s token ' +
    'and AWS credentials. Tags can be moved and branches pushed to: a compromised maintainer account turns into code running in ' +
    'your deploy. A full-length commit SHA is immutable; update it on purpose (Dependabot can) after reading the change.',
  refs: {
    docs: ['https://docs.github.com/en/actions/security-for-github-actions/security-guides/security-hardening-for-github-actions#using-third-party-actions'],
  },
  params: workflowParams,
  // Every job of the workflow, not only the deploy: a build job's action can poison the artifact the deploy ships.
  offline: (ctx) => judgeWorkflow(ctx, (wf) => unpinned(wf)),
});

function unpinned(wf: Workflow): Finding[] {
  const refs: { job: string; ref: UsesRef }[] = [];
  for (const job of wf.jobs) {
    if (job.uses) refs.push({ job: job.id, ref: job.uses });
    for (const s of job.steps) if (s.uses) refs.push({ job: job.id, ref: s.uses });
  }
  const out: Finding[] = [];
  for (const { job, ref } of refs) {
    if (ref.kind === 'remote' && !FIRST_PARTY.has(ref.owner.toLowerCase()) && !ref.shaPinned) {
      out.push(workflowFinding(wf, ref.at, `job ${job} uses ${ref.raw}, a movable ref (${ref.ref || 'no ref'}), not a full commit SHA`, `Pin it: ${ref.owner}/${ref.repo}${ref.path ? `/${ref.path}` : ''}@<40-character commit SHA> # ${ref.ref || 'version'}`));
    }
    if (ref.kind === 'docker' && !ref.digestPinned) {
      out.push(workflowFinding(wf, ref.at, `job ${job} runs the image ${ref.image} by tag, not by digest`, 'Pin it: docker://image@sha256:<digest>.'));
    }
  }
  return out;
}
