import { join, relative } from 'node:path';
import { listLabs } from '../../catalogue/catalogue';
import { LAYERS } from '../../types';
import { readProgress } from '../../workspace/progress';
import type { Io } from '../io';
import { resolveRoot } from './shared';

export const STATUS_SCHEMA = 'ecs-lab/status@1';

export async function status(io: Io, opts: { json?: boolean; dir?: string }): Promise<number> {
  const root = resolveRoot(io, opts.dir);
  const progress = readProgress(root).labs;
  const labs = listLabs().map((l) => {
    const p = progress[l.id];
    return {
      id: l.id,
      title: l.title,
      layer: l.layer,
      status: p?.status ?? ('not-started' as const),
      best: p?.best ?? null,
      hintsShown: p?.hintsShown ?? 0,
      workspace: p ? join(root, p.dir) : null,
    };
  });
  const totals = {
    passed: labs.filter((l) => l.status === 'passed').length,
    started: labs.filter((l) => l.status === 'started').length,
    total: labs.length,
  };
  if (opts.json) {
    io.out(JSON.stringify({ schema: STATUS_SCHEMA, root, labs, totals }, null, 2));
    return 0;
  }
  const c = io.color;
  io.out(c.bold(`Your path — ${totals.passed} of ${totals.total} labs passed, ${totals.started} in progress`));
  const width = Math.max(...labs.map((l) => l.id.length));
  for (const layer of LAYERS) {
    const mine = labs.filter((l) => l.layer === layer);
    const done = mine.filter((l) => l.status === 'passed').length;
    io.out('');
    io.out(`${c.bold(c.cyan(layer))} ${c.dim(mine.length ? `${done}/${mine.length}` : '(no labs yet)')}`);
    for (const l of mine) {
      const mark = l.status === 'passed' ? c.green('✓ passed ') : l.status === 'started' ? c.yellow('▸ started') : c.dim('· to do  ');
      const score = l.best ? `${l.best.points}/${l.best.maxPoints} pts` : '';
      const hints = l.hintsShown ? `${l.hintsShown} hint${l.hintsShown > 1 ? 's' : ''}` : '';
      const where = l.workspace ? relative(io.cwd, l.workspace) : '';
      io.out(`  ${mark}  ${l.id.padEnd(width)}  ${c.dim([score, hints, where].filter(Boolean).join(' · '))}`);
    }
  }
  // Carry on with a lab in progress before suggesting a new one.
  const next = labs.find((l) => l.status === 'started') ?? labs.find((l) => l.status !== 'passed');
  io.out('');
  io.out(next ? `Next: ${c.bold(`lab start ${next.id}`)}${next.status === 'started' ? ' (resumes it)' : ''}` : c.green('Every lab passed. Well done.'));
  return 0;
}
