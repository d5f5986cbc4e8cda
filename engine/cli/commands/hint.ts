import { hyperlink, supportsHyperlinks } from '../../ui/hyperlink';
import { readState, updateState } from '../../workspace/state';
import { updateProgress } from '../../workspace/progress';
import { findWorkspace, type Workspace } from '../../workspace/workspace';
import type { Io } from '../io';

const LEVELS = ['a nudge', 'a pointer', 'nearly the answer'];

export async function hint(io: Io): Promise<number> {
  const ws = findWorkspace(io.cwd);
  // The check library (for its doc links) loads only now: a bad folder fails fast above.
  const { checkById } = await import('../../checking/registry');
  showHint(io, ws, undefined, hintDocs(ws, (id) => checkById(id)?.refs.docs ?? []));
  return 0;
}

/** Shows the next hint level and records it (hints are counted in progress). */
export function showHint(io: Io, ws: Workspace, again = 'Run `lab hint` again for a stronger hint.', docs: string[] = []): void {
  const c = io.color;
  const hints = ws.lab.hints;
  // Another terminal may have shown hints since this workspace was opened (a running watch).
  const shown = readState(ws.dir).hintsShown;
  if (shown >= hints.length) {
    io.out(c.bold(`All ${hints.length} hints for ${ws.lab.id}:`));
    hints.forEach((h, i) => io.out(`  ${i + 1}. ${h}`));
    for (const url of docs) io.out(`  ${c.dim('docs')} ${hyperlink(url, supportsHyperlinks(process.env, !!process.stdout.isTTY))}`);
    io.out(c.dim('That is every hint there is. `lab check` tells you which checks still fail.'));
    return;
  }
  const level = shown + 1;
  io.out(c.bold(`Hint ${level} of ${hints.length} (${LEVELS[shown]}):`));
  io.out(`  ${hints[shown]}`);
  for (const url of docs) io.out(`  ${c.dim('docs')} ${hyperlink(url, supportsHyperlinks(process.env, !!process.stdout.isTTY))}`);
  if (level < hints.length) io.out(c.dim(again));
  ws.state = updateState(ws.dir, () => ({ hintsShown: level }));
  updateProgress(ws.root, ws.lab.id, (cur) => ({
    status: cur?.status ?? 'started',
    startedAt: cur?.startedAt ?? ws.state.createdAt,
    passedAt: cur?.passedAt,
    best: cur?.best,
    hintsShown: level,
    dir: cur?.dir ?? ws.dir.slice(ws.root.length + 1),
  }));
}

/** Links shown under a hint: at most this many, so the hint stays the main thing on screen. */
const HINT_DOCS = 3;

/**
 * The documentation of the checks still failing at the last check (every check of the lab before
 * the first one), deduplicated, in the lab's order.
 */
export function hintDocs(ws: Pick<Workspace, 'lab' | 'state'>, docsOf: (checkId: string) => string[]): string[] {
  const failing = ws.state.lastCheck?.failing;
  const ids = ws.lab.checks.map((c) => c.id).filter((id) => !failing || failing.includes(id));
  return [...new Set(ids.flatMap(docsOf))].slice(0, HINT_DOCS);
}
