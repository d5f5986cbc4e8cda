// Bare `lab`: a menu on a terminal, the help text anywhere else.
import type { Command } from 'commander';
import { listLabs } from '../../catalogue/catalogue';
import type { Io } from '../io';
import { workspaceDirAbove } from './shared';

export async function menu(io: Io, program: Command): Promise<number> {
  if (!io.interactive) {
    io.out(program.helpInformation());
    return 0;
  }
  const { select, isCancel, intro, outro } = await import('@clack/prompts');
  const inWorkspace = !!workspaceDirAbove(io.cwd);
  intro('ecs-lab');
  const choice = await select({
    message: inWorkspace ? 'What next in this lab?' : 'What would you like to do?',
    options: inWorkspace
      ? [
          { value: 'check', label: 'Check my work', hint: 'lab check' },
          { value: 'watch', label: 'Check on every save', hint: 'lab check --watch' },
          { value: 'hint', label: 'Show a hint', hint: 'lab hint' },
          { value: 'quiz', label: 'Answer the key questions', hint: 'lab quiz' },
          { value: 'brief', label: 'Read the brief again', hint: 'lab brief' },
          { value: 'status', label: 'See my progress', hint: 'lab status' },
        ]
      : [
          ...listLabs().map((l) => ({ value: `start:${l.id}`, label: `Start ${l.id}`, hint: l.title })),
          { value: 'status', label: 'See my progress', hint: 'lab status' },
          { value: 'list', label: 'List all labs', hint: 'lab list' },
        ],
  });
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
