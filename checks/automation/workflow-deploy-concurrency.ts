import { defineCheck } from '../../engine/types';
import { judgeDeployJobs, workflowFinding, workflowParams, type WorkflowParams } from './workflows';

/**
 * Deploys to one environment run one at a time and are never cancelled halfway: a `concurrency`
 * group on the workflow or the deploy job, with `cancel-in-progress` false (the default).
 */
export const workflowDeployConcurrency = defineCheck<WorkflowParams>({
  id: 'automation.workflow-deploy-concurrency',
  title: 'Deploys are serialised and never cancelled in progress',
  severity: 'high',
  why:
    'Two pushes in a row start two deploys. Without a concurrency group they race, and the older commit can finish last. ' +
    '`cancel-in-progress: true` stops the runner mid-deploy: CloudFormation goes on alone, the workflow’s checks and rollback ' +
    'steps never run, and the next deploy finds the stack still updating. Queue deploys instead.',
  refs: {
    wellArchitected: ['OPS06-BP03 Employ safe deployment strategies'],
    docs: ['https://docs.github.com/en/actions/writing-workflows/choosing-what-your-workflow-does/control-the-concurrency-of-workflows-and-jobs'],
  },
  params: workflowParams,
  offline: (ctx) =>
    judgeDeployJobs(ctx, (wf, job) => {
      const c = job.concurrency ?? wf.concurrency;
      if (!c || !c.group.trim()) {
        return [workflowFinding(wf, job.at, `job ${job.id} deploys with no concurrency group, so two pushes run two deploys at once`, 'Add `concurrency: { group: deploy-production, cancel-in-progress: false }`.')];
      }
      if (c.cancelInProgress === true) return [workflowFinding(wf, c.at, `the concurrency group of job ${job.id} has cancel-in-progress: true, which cancels a deploy halfway`, 'Set `cancel-in-progress: false`: a newer deploy waits for the running one.')];
      if (c.cancelInProgress === 'expression') return [workflowFinding(wf, c.at, `cancel-in-progress of job ${job.id} is an expression, so whether a running deploy is cancelled depends on the run`, 'Set `cancel-in-progress: false` for the deploy.')];
      return [];
    }),
});
