// `lab workshop init`: one workspace root per learner (the folder `lab start --dir` would use),
// each with the chosen labs started exactly as `lab start` starts them — starter copied, break
// applied, questions drawn, progress recorded — but no check run (that is the learner's first step).
// Everything is validated before anything is written, so bad input leaves no half-made workshop.
import { existsSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { slugOf } from '../catalogue/catalogue';
import { LabError } from '../errors';
import type { LabManifest } from '../types';
import { updateProgress } from '../workspace/progress';
import { startWorkspace } from '../workspace/workspace';

export interface WorkshopLearner {
  name: string;
  /** The learner's workspace root: holds progress.json and one folder per lab. */
  root: string;
  /** Lab id → whether its workspace was created now (false: it existed and was kept). */
  labs: { id: string; dir: string; created: boolean }[];
}

export function initWorkshop(dir: string, learners: string[], labs: LabManifest[], cwd = process.cwd(), now = new Date()): WorkshopLearner[] {
  if (existsSync(dir) && !statSync(dir).isDirectory()) throw new LabError('E_USAGE', `--dir ${relative(cwd, dir) || dir} is a file — name a folder for the workshop`);
  for (const name of learners) {
    const root = join(dir, name);
    if (existsSync(root) && !statSync(root).isDirectory()) throw new LabError('E_DIR_NOT_WORKSPACE', `${relative(cwd, root)} is a file, not a learner's folder — move it away or rename the learner`);
  }
  return learners.map((name) => {
    const root = join(dir, name);
    const started = labs.map((lab) => {
      const { workspace, created } = startWorkspace(lab, root, now);
      updateProgress(root, lab.id, (cur) => cur ?? { status: 'started', startedAt: workspace.state.createdAt, hintsShown: 0, dir: slugOf(lab) });
      return { id: lab.id, dir: workspace.dir, created };
    });
    return { name, root, labs: started };
  });
}
