// `lab workshop init --learners <n|names.txt> --labs <ids> [--dir D]`: an instructor lays out a
// workshop — one workspace root per learner, each with the chosen labs started (see docs/getting-started.md).
import { relative, resolve } from 'node:path';
import { LabError } from '../../errors';
import { initWorkshop } from '../../workshop/init';
import { parseLabs } from '../../workshop/labs';
import { parseLearners } from '../../workshop/learners';
import type { Io } from '../io';

/** Where the learners' folders go without --dir. */
export const DEFAULT_WORKSHOP_DIR = 'workshop';

export interface WorkshopInitOptions {
  learners?: string;
  labs?: string;
  dir?: string;
}

export async function workshopInit(io: Io, opts: WorkshopInitOptions): Promise<number> {
  if (!opts.learners || !opts.labs) {
    throw new LabError('E_USAGE', 'name the learners and the labs — e.g. `lab workshop init --learners names.txt --labs security/iam-roles`');
  }
  // Both parsed before anything is written: a typo costs nothing.
  const learners = parseLearners(opts.learners, io.cwd);
  const labs = parseLabs(opts.labs);
  const dir = resolve(io.cwd, opts.dir ?? DEFAULT_WORKSHOP_DIR);
  const made = initWorkshop(dir, learners, labs, io.cwd);
  const c = io.color;
  const where = relative(io.cwd, dir) || '.';
  const created = made.reduce((n, l) => n + l.labs.filter((x) => x.created).length, 0);
  const kept = made.length * labs.length - created;
  io.out(c.bold(`◆ ecs-lab workshop · ${made.length} learner${made.length === 1 ? '' : 's'} × ${labs.length} lab${labs.length === 1 ? '' : 's'} in ${where}`));
  io.out(`  ${created} workspace${created === 1 ? '' : 's'} created${kept ? `, ${kept} already there (kept as they were)` : ''}`);
  io.out(`  Each learner: ${c.bold(`cd ${where}/<name>/${labs[0].id.split('/')[1]}`)} and run ${c.bold('lab check --watch')}`);
  io.out(`  Grade the class: ${c.bold(`lab grade --lab ${labs[0].id} '${where}/*/${labs[0].id.split('/')[1]}' --html report.html`)}`);
  return 0;
}
