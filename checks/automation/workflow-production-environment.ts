import { defineCheck } from '../../engine/types';
import { judgeDeployJobs, workflowFinding, workflowParams, type WorkflowParams } from './workflows';

interface Params extends WorkflowParams {
  environment: string;
}

/**
 * The deploy job runs in the production environment: its protection rules (reviewers, branch
 * policy, wait timer) gate the deploy, and the OIDC token's sub names the environment.
 */
export const workflowProductionEnvironment = defineCheck<Params>({
  id: 'automation.workflow-production-environment',
  title: 'The deploy job runs in the production environment',
  severity: 'medium',
  why:
    'A GitHub environment is where deployment protection lives: required reviewers, which branches may deploy, a wait timer. ' +
    'A job that names it waits for those rules, and its OIDC token says `environment:production`, which the role trust can ' +
    'require. A job without one deploys on every push with nobody’s approval.',
  refs: {
    docs: [
      'https://docs.github.com/en/actions/managing-workflow-runs-and-deployments/managing-deployments/managing-environments-for-deployment',
      'https://docs.github.com/en/actions/security-for-github-actions/security-hardening-your-deployments/about-security-hardening-with-openid-connect#filtering-for-a-specific-environment',
    ],
  },
  params: (raw) => ({ ...workflowParams(raw), environment: typeof raw.environment === 'string' ? raw.environment : 'production' }),
  offline: (ctx) =>
    judgeDeployJobs(ctx, (wf, job) => {
      if (!job.environment) return [workflowFinding(wf, job.at, `job ${job.id} deploys outside any environment, so no protection rule gates it`, `Add \`environment: ${ctx.params.environment}\` to the job.`)];
      if (job.environment.name !== ctx.params.environment) {
        return [workflowFinding(wf, job.environment.at, `job ${job.id} runs in environment "${job.environment.name}", not "${ctx.params.environment}"`, `Use \`environment: ${ctx.params.environment}\`.`)];
      }
      return [];
    }),
});
