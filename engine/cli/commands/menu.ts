// Bare `lab`: a menu on a terminal, the help text anywhere else. Outside a workspace it reads the
// progress the runner stores (progress.json beside the workspaces): resume the lab in progress,
// every lab with its title and a ✓ once passed, and the next unfinished lab suggested.
import type { Command } from 'commander';
import { listLabs } from '../../catalogue/catalogue';
import type { LabManifest } from '../../types';
import { nextLab, statusMark } from '../../ui/path';
import { readProgress } from '../../workspace/progress';
import type { LabStatus } from '../../workspace/progress-status';
import type { Io } from '../io';
import { resolveRoot, workspaceDirAbove } from './shared';

export interface MenuOption {
  value: string;
  label: string;
  hint?: string;
}

/** What progress.json says of each lab, and when each was started (to resume the latest). */
export interface PathProgress {
  statuses: Record<string, LabStatus>;
  startedAt: Record<string, string>;
}

/**
 * The menu outside a workspace: "Resume <lab>" for the lab in progress started last, "Start <next>"
 * for the next unfinished lab, then every lab (✓ passed, ▸ started) with its title.
 */
export function pathMenu(labs: LabManifest[], progress: PathProgress): MenuOption[] {
  const started = labs
    .filter((l) => progress.statuses[l.id] === 'started')
    .sort((a, b) => (progress.startedAt[b.id] ?? '').localeCompare(progress.startedAt[a.id] ?? ''));
  const resume = started[0];
  const next = nextLab(labs, progress.statuses, resume?.id);
  const top: MenuOption[] = [];
  if (resume) top.push({ value: `start:${resume.id}`, label: `Resume ${resume.id} — ${resume.title}`, hint: 'in progress' });
  if (next && next.id !== resume?.id) {
    const verb = progress.statuses[next.id] === 'started' ? 'Or resume' : resume ? 'Or start the next lab:' : 'Start the next lab:';
    top.push({ value: `start:${next.id}`, label: `${verb} ${next.id} — ${next.title}`, hint: 'suggested' });
  }
  const every = labs.map((l) => {
    const status = progress.statuses[l.id];
    return { value: `start:${l.id}`, label: `${statusMark(status)} ${l.id} — ${l.title}`, hint: status === 'passed' ? 'passed' : status === 'started' ? 'in progress' : `${l.minutes} min` };
  });
  return [...top, ...every, { value: 'status', label: 'See my progress', hint: 'lab status' }, { value: 'list', label: 'List all labs', hint: 'lab list' }];
}

export function pathProgress(root: string): PathProgress {
  const labs = readProgress(root).labs;
  const statuses: Record<string, LabStatus> = {};
  const startedAt: Record<string, string> = {};
  for (const [id, p] of Object.entries(labs)) {
    statuses[id] = p.status;
    startedAt[id] = p.startedAt;
  }
  return { statuses, startedAt };
}

export async function menu(io: Io, program: Command): Promise<number> {
  if (!io.interactive) {
    io.out(program.helpInformation());
    return 0;
  }
  const { select, isCancel, intro, outro } = await import('@clack/prompts');
  const inWorkspace = !!workspaceDirAbove(io.cwd);
  intro('ecs-lab');
  const options: MenuOption[] = inWorkspace
    ? [
        { value: 'check', label: 'Check my work', hint: 'lab check' },
        { value: 'watch', label: 'Check on every save', hint: 'lab check --watch' },
        { value: 'hint', label: 'Show a hint', hint: 'lab hint' },
        { value: 'quiz', label: 'Answer the key questions', hint: 'lab quiz' },
        { value: 'brief', label: 'Read the brief again', hint: 'lab brief' },
        { value: 'status', label: 'See my progress', hint: 'lab status' },
      ]
    : pathMenu(listLabs(), pathProgress(resolveRoot(io)));
  const choice = await select({ message: inWorkspace ? 'What next in this lab?' : 'What would you like to do?', options, maxItems: 12 });
  if (isCancel(choice)) {
    outro('Bye.');
    return 0;
  }
  const value = String(choice);
  if (value.startsWith('start:')) return (await import('./start')).start(io, value.slice(6), {});
  switch (value) {
    case 'check':
      return (await import('./check')).check(io, {});
    case 'watch':
      return (await import('./check')).check(io, { watch: true });
    case 'hint':
      return (await import('./hint')).hint(io);
    case 'quiz':
      return (await import('./quiz')).quiz(io);
    case 'brief':
      return (await import('./brief')).brief(io);
    case 'status':
      return (await import('./status')).status(io, {});
    default:
      return (await import('./list')).list(io, {});
  }
}
