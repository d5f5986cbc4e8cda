import { resolveRoot } from './shared';
import { listLabs } from '../../catalogue/catalogue';
import { LAYERS } from '../../types';
import { readLabStatuses } from '../../workspace/progress-status';
import type { Io } from '../io';

export const LIST_SCHEMA = 'ecs-lab/list@1';

export async function list(io: Io, opts: { json?: boolean; dir?: string }): Promise<number> {
  const labs = listLabs();
  const statuses = readLabStatuses(resolveRoot(io, opts.dir));
  if (opts.json) {
    io.out(
      JSON.stringify(
        {
          schema: LIST_SCHEMA,
          labs: labs.map((l) => ({
            id: l.id,
            title: l.title,
            layer: l.layer,
            order: l.order,
            minutes: l.minutes,
            objectives: l.objectives,
            covers: l.covers,
            checks: l.checks.map((c) => c.id),
            status: statuses[l.id] ?? 'not-started',
          })),
        },
        null,
        2,
      ),
    );
    return 0;
  }
  const c = io.color;
  const width = Math.max(...labs.map((l) => l.id.length));
  io.out(c.bold(`ecs-lab — ${labs.length} labs across the five layers and the capstones`));
  for (const layer of LAYERS) {
    io.out('');
    io.out(c.bold(c.cyan(layer)));
    const mine = labs.filter((l) => l.layer === layer);
    if (mine.length === 0) io.out(c.dim('  (no labs yet)'));
    for (const l of mine) {
      const st = statuses[l.id];
      const mark = st === 'passed' ? c.green('✓') : st === 'started' ? c.yellow('▸') : c.dim('·');
      io.out(`  ${mark} ${l.id.padEnd(width)}  ${l.title}  ${c.dim(`${l.minutes} min`)}`);
    }
  }
  io.out('');
  io.out(`Start one with ${c.bold('lab start <layer|lab>')}, e.g. ${c.bold('lab start security')}`);
  return 0;
}
