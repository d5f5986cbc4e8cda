import { actionName, secretsIn, type Workflow, type WorkflowJob } from '../../engine/model/workflow';
import { defineCheck, type Finding } from '../../engine/types';
import { judgeDeployJobs, stepsBefore, deployStepIndex, workflowFinding, workflowParams, type WorkflowParams } from './workflows';

const CONFIGURE_CREDENTIALS = 'aws-actions/configure-aws-credentials';
/** Inputs of configure-aws-credentials that take long-lived keys (its action.yml). */
const KEY_INPUTS = ['aws-access-key-id', 'aws-secret-access-key', 'aws-session-token'];
/** Environment variables the AWS SDKs and CLI read keys from. */
const KEY_ENV = ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN'];

/**
 * The deploy gets AWS credentials from OIDC: configure-aws-credentials with `role-to-assume`,
 * before `cdk deploy`, and no access keys anywhere in the workflow (inputs or environment).
 */
export const workflowNoStaticKeys = defineCheck<WorkflowParams>({
  id: 'automation.workflow-no-static-keys',
  title: 'The deploy assumes a role through OIDC; no AWS access keys are stored in GitHub',
  severity: 'critical',
  why:
    'An access key in a GitHub secret never expires by itself, works from anywhere and is readable by every workflow step that ' +
    'can see it, including a compromised third-party action. With OIDC the job asks GitHub for a token that proves which ' +
    'repository and branch it runs for, and STS trades it for credentials that expire within the hour: nothing to rotate or leak.',
  refs: {
    securityHub: ['IAM.3'],
    wellArchitected: ['SEC02-BP02 Use temporary credentials'],
    docs: [
      'https://docs.github.com/en/actions/security-for-github-actions/security-hardening-your-deployments/configuring-openid-connect-in-amazon-web-services',
      'https://github.com/aws-actions/configure-aws-credentials#oidc',
    ],
  },
  params: workflowParams,
  offline: (ctx) => judgeDeployJobs(ctx, (wf, job) => [...keysIn(wf, job), ...oidcStep(wf, job)]),
});

function oidcStep(wf: Workflow, job: WorkflowJob): Finding[] {
  const before = stepsBefore(job, deployStepIndex(job));
  const configure = before.filter((s) => s.uses && actionName(s.uses) === CONFIGURE_CREDENTIALS);
  if (!configure.length) {
    return [workflowFinding(wf, job.at, `job ${job.id} runs cdk deploy without getting credentials from ${CONFIGURE_CREDENTIALS} first`, `Add a ${CONFIGURE_CREDENTIALS} step with role-to-assume before the deploy.`)];
  }
  return configure.filter((s) => !s.with['role-to-assume']).map((s) => workflowFinding(wf, s.at, `${CONFIGURE_CREDENTIALS} in job ${job.id} has no role-to-assume, so it does not use OIDC`, 'Give it `role-to-assume: <the deploy role ARN>` and the region.'));
}

function keysIn(wf: Workflow, job: WorkflowJob): Finding[] {
  const out: Finding[] = [];
  for (const step of job.steps) {
    const inputs = KEY_INPUTS.filter((k) => step.with[k] !== undefined);
    if (inputs.length) out.push(workflowFinding(wf, step.at, `a step of job ${job.id} passes long-lived keys (${inputs.join(', ')}${describeSecrets(inputs.map((k) => step.with[k]))})`, 'Remove the key inputs, use role-to-assume, and delete the keys and their secrets.'));
    const env = KEY_ENV.filter((k) => step.env[k] !== undefined);
    if (env.length) out.push(workflowFinding(wf, step.at, `a step of job ${job.id} sets ${env.join(', ')} in its environment`, 'Remove them: configure-aws-credentials with role-to-assume sets short-lived credentials.'));
  }
  const jobEnv = KEY_ENV.filter((k) => job.env[k] !== undefined);
  if (jobEnv.length) out.push(workflowFinding(wf, job.at, `job ${job.id} sets ${jobEnv.join(', ')} in its environment`, 'Remove them and assume the deploy role through OIDC.'));
  const wfEnv = KEY_ENV.filter((k) => wf.env[k] !== undefined);
  if (wfEnv.length) out.push(workflowFinding(wf, { line: 1, column: 1 }, `the workflow sets ${wfEnv.join(', ')} for every job`, 'Remove them and assume the deploy role through OIDC.'));
  return out;
}

function describeSecrets(values: string[]): string {
  const secrets = values.flatMap((v) => secretsIn(v));
  return secrets.length ? ` from secrets ${secrets.join(', ')}` : '';
}
