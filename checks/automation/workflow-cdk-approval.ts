import { existsSync, lstatSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defineCheck } from '../../engine/types';
import { deployStepIndex, judgeDeployJobs, workflowFinding, workflowParams, type WorkflowParams } from './workflows';

/** `--require-approval` levels of the CDK CLI (`cdk deploy --help`). */
const LEVELS = ['never', 'any-change', 'broadening'];
const APPROVAL = /--require-approval(?:\s+|=)([\w-]+)/;

/**
 * `cdk deploy` states its approval policy: in CI there is nobody at a terminal, so the decision
 * is made explicitly (and the review happens on the pull request and in the environment's rules).
 */
export const workflowCdkApproval = defineCheck<WorkflowParams>({
  id: 'automation.workflow-cdk-approval',
  title: '`cdk deploy` in the workflow has an explicit approval policy',
  severity: 'low',
  why:
    'By default `cdk deploy` asks for approval of security-broadening changes (IAM, security groups) at the terminal. In a ' +
    'workflow there is no terminal: the deploy fails or hangs, and people learn to add flags until it passes. Say which ' +
    'policy you mean with `--require-approval`, and put the human review where it works: the pull request and the environment.',
  refs: { docs: ['https://docs.aws.amazon.com/cdk/v2/guide/ref-cli-cmd-deploy.html'] },
  params: workflowParams,
  offline: (ctx) =>
    judgeDeployJobs(ctx, (wf, job) => {
      const step = job.steps[deployStepIndex(job)];
      // The flag wins; without it the CDK CLI takes the project's cdk.json (its settings, then the user's).
      const flag = APPROVAL.exec(step.commands ?? step.run ?? '')?.[1];
      const level = flag ?? projectApproval(ctx.workspaceDir);
      if (level && LEVELS.includes(level)) return [];
      const how = flag ? `with --require-approval ${level}` : `with requireApproval "${level}" from cdk.json`;
      const msg = level ? `job ${job.id} runs cdk deploy ${how}, which the CDK does not know` : `job ${job.id} runs cdk deploy without --require-approval (nor requireApproval in cdk.json), so it waits for an answer no one in CI can give`;
      return [workflowFinding(wf, step.at, msg, 'Add `--require-approval never` and gate the deploy with the environment’s reviewers.')];
    }),
});

/** `requireApproval` in the workspace's cdk.json, the CDK CLI's project settings; undefined when unset or unreadable. */
function projectApproval(workspaceDir: string | undefined): string | undefined {
  if (!workspaceDir) return undefined;
  const file = join(workspaceDir, 'cdk.json');
  try {
    if (!existsSync(file) || !lstatSync(file).isFile() || lstatSync(file).size > MAX_CDK_JSON_BYTES) return undefined;
    const value = (JSON.parse(readFileSync(file, 'utf8')) as { requireApproval?: unknown }).requireApproval;
    return typeof value === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}

/** A cdk.json is a few kilobytes of settings and context. */
const MAX_CDK_JSON_BYTES = 1024 * 1024;
