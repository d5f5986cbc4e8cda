import { runsOnFailure } from '../../engine/model/workflow';
import { defineCheck } from '../../engine/types';
import { deployStepIndex, downstream, judgeDeployJobs, workflowFinding, workflowParams, type WorkflowParams } from './workflows';

/**
 * A failed deploy is acted on: a step after `cdk deploy` in the same job, or a job that needs the
 * deploy job, runs under `if: failure()` (notify, roll back).
 */
export const workflowFailurePath = defineCheck<WorkflowParams>({
  id: 'automation.workflow-failure-path',
  title: 'A failed deploy runs a failure path (notify, roll back)',
  severity: 'medium',
  why:
    'When a deploy fails, ECS and CloudFormation roll back what they can, but someone has to know, and some things (a ' +
    'migration, a feature flag, a half-published asset) need a deliberate step. A step or job under `if: failure()` runs only ' +
    'then: it pages the team and runs the rollback, instead of leaving a red run nobody opens.',
  refs: {
    wellArchitected: ['OPS06-BP01 Plan for unsuccessful changes'],
    docs: ['https://docs.github.com/en/actions/writing-workflows/choosing-what-your-workflow-does/using-conditions-to-control-job-execution', 'https://docs.github.com/en/actions/writing-workflows/choosing-what-your-workflow-does/evaluate-expressions-in-workflows-and-actions#failure'],
  },
  params: workflowParams,
  offline: (ctx) =>
    judgeDeployJobs(ctx, (wf, job) => {
      const after = job.steps.slice(deployStepIndex(job) + 1).some((s) => runsOnFailure(s.if));
      const later = downstream(wf, job).some((j) => runsOnFailure(j.if));
      if (after || later) return [];
      return [workflowFinding(wf, job.at, `nothing runs when job ${job.id}’s deploy fails: no later step or job has if: failure()`, 'Add a step after cdk deploy with `if: failure()` that notifies the team and rolls back.')];
    }),
});
