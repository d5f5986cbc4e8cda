import type { WorkflowJob, WorkflowStep } from '../../engine/model/workflow';
import { defineCheck } from '../../engine/types';
import { deployStepIndex, judgeDeployJobs, stepsBefore, upstream, workflowFinding, workflowParams, type WorkflowParams } from './workflows';

/** Commands that run a test suite (npm/pnpm/yarn/bun test, vitest, jest, pytest, go test, lab check). */
const TEST_COMMAND = /\b(?:(?:npm|pnpm|yarn|bun)\s+(?:run\s+)?test\b|vitest\b|jest\b|pytest\b|go\s+test\b|lab\s+check\b)/;

const runsTests = (s: WorkflowStep) => s.run !== undefined && TEST_COMMAND.test(s.commands ?? s.run) && s.if === undefined;

/**
 * The deploy runs only after the tests passed: a test step earlier in the deploy job, or a job
 * the deploy job `needs` (directly or through others) that runs them.
 */
export const workflowTestsBeforeDeploy = defineCheck<WorkflowParams>({
  id: 'automation.workflow-tests-before-deploy',
  title: 'The tests run and pass before anything is deployed',
  severity: 'medium',
  why:
    'A pipeline that deploys whatever was pushed makes production the test environment. Run the tests first and make the deploy ' +
    'depend on them (`needs:` or an earlier step), so a failing test stops the release before it reaches users.',
  refs: {
    wellArchitected: ['OPS05-BP02 Test and validate changes', 'OPS05-BP10 Fully automate integration and deployment'],
    docs: ['https://docs.github.com/en/actions/writing-workflows/workflow-syntax-for-github-actions#jobsjob_idneeds'],
  },
  params: workflowParams,
  offline: (ctx) =>
    judgeDeployJobs(ctx, (wf, job) => {
      const inJob = stepsBefore(job, deployStepIndex(job)).some(runsTests);
      const inNeeds = upstream(wf, job).some((j: WorkflowJob) => j.steps.some(runsTests));
      if (inJob || inNeeds) return [];
      return [workflowFinding(wf, job.at, `job ${job.id} deploys without any test run before it (no test step earlier in the job, no job it needs runs tests)`, 'Add a test job and `needs: test` on the deploy job.')];
    }),
});
