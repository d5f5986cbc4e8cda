// For lab tests: lay out a lab's starter (with a break) or solution in a temporary folder outside
// the repository, synthesize it as the engine does for a learner, and run the lab's checks.
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runChecksOnApp } from '../checking/run-on-app';
import { WorkspaceSynthesizer, type SynthResult } from '../synth';
import type { CheckResult, LabManifest } from '../types';
import { copyLibraries, labFolder, writeBreak } from '../workspace/workspace';

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
