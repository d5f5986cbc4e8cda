// Reads the workspace's workflows (`.github/workflows/*.yml|yaml`) for the automation checks. The
// files are the learner's, so untrusted: size-capped, parsed, never run. A file GitHub would reject
// is an input error (LabError, exit 2) that names its file:line, like a TypeScript syntax error.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { LabError } from '../../errors';
import { LIMITS, readCapped } from '../../limits';
import { parseWorkflowText, WorkflowSyntaxError } from './parse';
import { expandRun } from './scripts';
import type { Workflow } from './types';

/** Where GitHub looks for workflows (docs.github.com, "About workflows"). */
export const WORKFLOWS_DIR = '.github/workflows';
/** A workflow is a few hundred lines; a larger file is refused rather than parsed. */
export const WORKFLOW_MAX_BYTES = LIMITS.dockerTextBytes;

/** Every workflow file of the workspace, parsed; none when the folder does not exist. */
export async function loadWorkflows(workspaceDir: string): Promise<Workflow[]> {
  const dir = join(workspaceDir, WORKFLOWS_DIR);
  if (!existsSync(dir)) return [];
  const files = readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isFile() && /\.ya?ml$/.test(e.name))
    .map((e) => e.name)
    .sort();
  const out: Workflow[] = [];
  for (const name of files) out.push(await loadWorkflow(workspaceDir, `${WORKFLOWS_DIR}/${name}`));
  return out;
}

/** One workflow file, by its workspace-relative path. A missing file is an input error too. */
export async function loadWorkflow(workspaceDir: string, file: string): Promise<Workflow> {
  const path = join(workspaceDir, file);
  if (!existsSync(path)) throw new LabError('E_WORKFLOW', `${file}: the workflow file is missing — restore it (\`lab reset\` brings back the starter)`);
  const text = readCapped(path, WORKFLOW_MAX_BYTES, file, 'a workflow is a few hundred lines');
  try {
    const wf = await parseWorkflowText(file, text);
    for (const job of wf.jobs) for (const step of job.steps) if (step.run !== undefined) step.commands = expandRun(step.run, workspaceDir);
    return wf;
  } catch (e) {
    if (e instanceof WorkflowSyntaxError) throw new LabError('E_WORKFLOW', `${e.message} (GitHub would not run this workflow)`);
    throw e;
  }
}
