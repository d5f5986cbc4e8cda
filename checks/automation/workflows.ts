// The workflow a lab is about, as the automation checks judge it: read from the learner's
// workspace (engine/model/workflow), the deploy jobs found in it, and findings located at the
// workflow's file:line. A workflow GitHub would reject never reaches a check: loading it throws
// the LabError that ends `lab check` with exit 2 (see engine/checking/run-checks.ts).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { loadWorkflow, type Permissions, type Where, type Workflow, type WorkflowJob, type WorkflowStep } from '../../engine/model/workflow';
import type { CheckOutcome, Finding, OfflineCheckContext } from '../../engine/types';

/** The lab's workflow file, workspace-relative (param `workflow`). */
export interface WorkflowParams {
  workflow: string;
  /**
   * A lab named the file: it is the lab's subject, so a missing file or one that no longer deploys
   * is the learner's to fix (exit 2, or a failure). Unnamed (an audit of any app), such a workflow
   * is simply not there to judge: a skip.
   */
  named: boolean;
}

export const DEFAULT_WORKFLOW = '.github/workflows/deploy.yml';

export function workflowParams(raw: Record<string, unknown>): WorkflowParams {
  const workflow = raw.workflow ?? DEFAULT_WORKFLOW;
  if (typeof workflow !== 'string' || !/^\.github\/workflows\/[\w.-]+\.ya?ml$/.test(workflow)) {
    throw new Error(`workflow must be a file of .github/workflows/, got ${JSON.stringify(workflow)}`);
  }
  return { workflow, named: raw.workflow !== undefined };
}

/** `cdk deploy` in a run step (npx/npm exec prefixes and flags around it included). */
const CDK_DEPLOY = /\bcdk\s+deploy\b/;

export function deployStepIndex(job: WorkflowJob): number {
  return job.steps.findIndex((s) => s.run !== undefined && CDK_DEPLOY.test(s.commands ?? s.run));
}

/** Jobs that run `cdk deploy`. */
export function deployJobs(wf: Workflow): WorkflowJob[] {
  return wf.jobs.filter((j) => deployStepIndex(j) >= 0);
}

/**
 * Loads the workflow and runs a judgement on its deploy jobs. No workspace (a template judged
 * alone) is a skip; a workflow with no job running `cdk deploy` fails: the deploy is what the lab
 * is about, and a workflow that no longer deploys passes every other check vacuously.
 */
export function judgeDeployJobs(ctx: OfflineCheckContext<WorkflowParams>, judge: (wf: Workflow, job: WorkflowJob) => Finding[]): Promise<CheckOutcome> {
  return judgeWorkflow(ctx, (wf, jobs) => jobs.flatMap((job) => judge(wf, job)));
}

/** The same for a judgement of the whole workflow, given its deploy jobs. */
export async function judgeWorkflow(
  ctx: OfflineCheckContext<WorkflowParams>,
  judge: (wf: Workflow, deploys: WorkflowJob[]) => Finding[],
): Promise<CheckOutcome> {
  if (!ctx.workspaceDir) return { status: 'skip', reason: 'no workspace: the workflow files are not available' };
  if (!ctx.params.named && !existsSync(join(ctx.workspaceDir, ctx.params.workflow))) return { status: 'skip', reason: `the app has no ${ctx.params.workflow}` };
  const wf = await loadWorkflow(ctx.workspaceDir, ctx.params.workflow);
  const jobs = deployJobs(wf);
  if (!jobs.length && !ctx.params.named) return { status: 'skip', reason: `no job of ${ctx.params.workflow} runs \`cdk deploy\`` };
  if (!jobs.length) {
    return { status: 'fail', findings: [workflowFinding(wf, { line: 1, column: 1 }, 'no job of this workflow runs `cdk deploy`, so it deploys nothing', 'Keep a deploy job whose steps run `npx cdk deploy`.')] };
  }
  const findings = judge(wf, jobs);
  return findings.length ? { status: 'fail', findings } : { status: 'pass' };
}

/** A finding at a line of the workflow (editors and CI annotations land there). */
export function workflowFinding(wf: Workflow, at: Where, message: string, hint?: string): Finding {
  return { message: `${wf.file}:${at.line}: ${message}`, location: { file: wf.file, line: at.line, column: at.column }, ...(hint ? { hint } : {}) };
}

/** A job's permissions: its own, else the workflow's (a job-level block replaces the workflow's entirely). */
export function effectivePermissions(wf: Workflow, job: WorkflowJob): Permissions | undefined {
  return job.permissions ?? wf.permissions;
}

/** The steps of a job before its `cdk deploy`. */
export function stepsBefore(job: WorkflowJob, index: number): WorkflowStep[] {
  return job.steps.slice(0, index);
}

/** The jobs a job waits for, directly or through them. */
export function upstream(wf: Workflow, job: WorkflowJob): WorkflowJob[] {
  const byId = new Map(wf.jobs.map((j) => [j.id, j]));
  const seen = new Set<string>();
  const walk = (j: WorkflowJob) => {
    for (const id of j.needs) {
      if (seen.has(id) || !byId.has(id)) continue;
      seen.add(id);
      walk(byId.get(id)!);
    }
  };
  walk(job);
  return [...seen].map((id) => byId.get(id)!);
}

/** The jobs that wait for a job, directly or through others. */
export function downstream(wf: Workflow, job: WorkflowJob): WorkflowJob[] {
  return wf.jobs.filter((j) => upstream(wf, j).some((u) => u.id === job.id));
}
