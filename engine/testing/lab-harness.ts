// For lab tests: lay out a lab's starter (with a break) or solution in a temporary folder outside
// the repository, synthesize it as the engine does for a learner, and run the lab's checks.
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runChecksOnApp } from '../checking/run-on-app';
import { WorkspaceSynthesizer, type SynthResult } from '../synth';
import type { CheckResult, LabManifest } from '../types';
import { copyLibraries, labFolder, writeBreak } from '../workspace/workspace';
import { DEFAULT_TYPECHECK_LIMITS, parseCompilerOutput, projectFile, TypeChecker, type TypeCheckLimits } from '../synth/typecheck';
import { typecheckKey, writeCachedDiagnostics } from '../synth/typecheck-cache';

/** Copies the starter or solution to a fresh temp folder; the starter gets `breakId` applied. */
export function layOutVariant(lab: LabManifest, variant: 'starter' | 'solution', breakId?: string): string {
  const dir = mkdtempSync(join(tmpdir(), `ecs-lab-${lab.id.replace('/', '-')}-${variant}-`));
  cpSync(join(labFolder(lab), variant), dir, { recursive: true });
  copyLibraries(lab, dir);
  if (breakId) {
    const brk = lab.breaks.find((b) => b.id === breakId);
    if (!brk) throw new Error(`lab ${lab.id} has no break ${breakId}`);
    writeBreak(dir, brk);
  }
  return dir;
}

export interface VariantRun {
  dir: string;
  synth: SynthResult;
  results: CheckResult[];
}

/** Runs a variant; `laidOut` is a folder `layOutVariant` made for it before (e.g. type-checked in a batch). */
export async function runVariant(lab: LabManifest, variant: 'starter' | 'solution', breakId?: string, laidOut?: string): Promise<VariantRun> {
  const dir = laidOut ?? layOutVariant(lab, variant, breakId);
  const synth = await new WorkspaceSynthesizer(dir, lab.entry, lab.stackName).run();
  try {
    const results = await runChecksOnApp(lab.checks, { scenarios: synth.scenarios, assemblyDir: synth.assemblyDir, workspaceDir: dir });
    return { dir, synth, results };
  } finally {
    synth.dispose();
  }
}

/**
 * For the lab tests: type-checks many workspaces in one compiler run and remembers each one's
 * result in the cache, so their `lab check`s that follow skip the type check. The lab contract test lays out about 70
 * variants: one run parses aws-cdk-lib's declarations once instead of 70 times. Every workspace's
 * files are modules, so one program judges each as its own compiler would. (The lab's own starter
 * and solution only: learners' submissions each get a program of their own, see typecheck-server.ts.)
 */
export async function precheckWorkspaces(workspaces: { workspaceDir: string; entryFile: string }[], limits: TypeCheckLimits = DEFAULT_TYPECHECK_LIMITS): Promise<void> {
  if (workspaces.length === 0) return;
  const scratch = mkdtempSync(join(tmpdir(), 'ecs-lab-tsc-'));
  try {
    const project = projectFile(workspaces[0].entryFile) as { files: string[] };
    project.files = workspaces.map((w) => w.entryFile);
    writeFileSync(join(scratch, 'tsconfig.json'), JSON.stringify(project));
    const output = await new TypeChecker({ ...limits, timeoutMs: limits.timeoutMs * 4 }).compileProject(scratch);
    for (const w of workspaces) writeCachedDiagnostics(w.workspaceDir, typecheckKey(w.workspaceDir, w.entryFile), parseCompilerOutput(output, scratch, w.workspaceDir));
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
