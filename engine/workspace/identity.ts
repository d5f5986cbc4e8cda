// Which lab a workspace is graded as. `.lab/state.json` is the workspace's own file: a learner can
// point it at an easier lab and copy that lab's solution. So a grader names the lab itself
// (`lab check --lab <id>`), and a workspace it does not match is refused. Without `--lab`, the lab
// in the state is checked against what the workspace holds, and refused when they disagree.
import { existsSync, lstatSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { findLab, listLabs, requireLab, slugOf } from '../catalogue/catalogue';
import { LabError } from '../errors';
import { RUNNER_VERSION } from '../paths';
import type { LabManifest } from '../types';
import { findUp } from './find';
import { readProgress } from './progress';
import { sealMatches } from './seal';
import { hasState, STATE_SCHEMA } from './state';
import { openWorkspace, seedInAnswers, type Workspace } from './workspace';

/**
 * The workspace to grade as `labId`: the one around `cwd` when its state names that lab, or `cwd`
 * itself when it has no state (a learner's repository checked out in CI). Never recorded then.
 */
export function openPinnedWorkspace(cwd: string, labId: string): { workspace: Workspace; ephemeral: boolean } {
  const lab = requireLab(labId);
  const dir = findUp(cwd, hasState);
  if (!dir) {
    const now = new Date().toISOString();
    // The draw answers.md was written for (its header names the seed), else one fixed per lab;
    // a grader that needs a draw the learner did not pick passes --seed.
    const seed = seedInAnswers(cwd, lab.id) ?? `pinned:${lab.id}`;
    return {
      workspace: {
        dir: cwd,
        root: dirname(cwd),
        lab,
        state: { schema: STATE_SCHEMA, lab: lab.id, createdAt: now, runnerVersion: RUNNER_VERSION, target: 'offline', break: null, hintsShown: 0, seed },
      },
      ephemeral: true,
    };
  }
  const ws = openWorkspace(dir, cwd);
  if (ws.lab.id !== lab.id) {
    throw new LabError('E_LAB_MISMATCH', `this workspace is for ${ws.lab.id}, not ${lab.id} — grade it with \`--lab ${ws.lab.id}\`, or run the check in the ${lab.id} workspace`);
  }
  return { workspace: ws, ephemeral: false };
}

/** Refuses a workspace whose content says it belongs to another lab than its state claims. */
export function assertWorkspaceMatchesState(ws: Workspace): void {
  const problem = mismatch(ws);
  if (!problem) return;
  throw new LabError(
    'E_LAB_MISMATCH',
    `.lab/state.json says this workspace is ${ws.lab.id}, but ${problem} — grade it as the lab you mean with \`lab check --lab <id>\`, or rebuild it with \`lab reset ${ws.lab.id} --yes\` (restores the starter, keeps answers.md)`,
  );
}

/** Why the workspace does not look like one of `ws.lab`, or undefined when it does. */
export function mismatch(ws: Workspace): string | undefined {
  if (lstatSync(join(ws.dir, '.lab')).isSymbolicLink()) return 'its .lab folder is a link to somewhere else';
  if (!sealMatches(ws.state, ws.state.seal)) return 'the state was not written by ecs-lab on this machine (edited by hand, or copied from elsewhere)';
  // `lab start` names the folder for the lab's slug; a folder named for another lab was made for it.
  const other = findLab(basename(ws.dir));
  if (other && other.id !== ws.lab.id && slugOf(other) === basename(ws.dir)) return `its folder is named for ${other.id}`;
  // The progress index beside the workspaces records which lab each folder was started for.
  const name = relative(ws.root, ws.dir);
  for (const [labId, p] of Object.entries(readProgress(ws.root).labs)) {
    if (p.dir === name && labId !== ws.lab.id && findLab(labId)) return `it was started as ${labId} (see ${relative(ws.dir, join(ws.root, 'progress.json'))})`;
  }
  // The files a lab's breaks edit are the files it is about. A workspace missing one of them while
  // holding all of another lab's is that lab's. (Missing alone is the learner's business: the
  // checks judge what the app builds.)
  const mine = aboutFiles(ws.lab);
  const missing = mine.find((f) => !existsSync(join(ws.dir, f)));
  if (!missing) return undefined;
  const owner = listLabs().find((l) => l.id !== ws.lab.id && aboutFiles(l).every((f) => existsSync(join(ws.dir, f))) && aboutFiles(l).some((f) => !mine.includes(f)));
  return owner ? `it holds the files of ${owner.id} and has no ${missing}` : undefined;
}

function aboutFiles(lab: LabManifest): string[] {
  return [...new Set([lab.entry, ...lab.breaks.flatMap((b) => b.edits.map((e) => e.file))])];
}
