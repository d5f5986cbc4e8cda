// A replay for the terminal, compact: the headline numbers, one sparkline row per AZ (tasks serving
// over time), one for the error rate, an axis marking when the fault began, and the key events.
// Pure: lines in, no terminal access; labelled as a prediction because offline it is one.
import picocolors from 'picocolors';
import type { FaultNumbers } from '../report/types';
import { wrapText } from '../ui/markdown-terminal';
import type { FaultEvent, FaultReplay, TimelineStep } from './types';

export interface RenderOptions {
  color: boolean;
  width: number;
}

/** Sparkline levels, empty to full; a zero shows as a dot so the baseline stays visible. */
const LEVELS = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
const ZERO = '·';
/** Labels take the longest AZ name plus a gap, within these bounds. */
const LABEL_MIN = 8;
const LABEL_MAX = 18;
const MAX_EVENTS = 8;
const MIN_WIDTH = 40;

export function renderReplay(replay: FaultReplay, options: RenderOptions): string[] {
  const c = picocolors.createColors(options.color);
  const width = Math.max(MIN_WIDTH, options.width);
  const lw = Math.min(LABEL_MAX, Math.max(LABEL_MIN, ...replay.azs.map((az) => az.length + 2)));
  const label = (text: string) => labelOf(text, lw);
  const cols = Math.max(8, width - lw - 2);
  const steps = replay.timeline;
  const out: string[] = [];

  const title = wrapText(`Predicted ${replay.experiment} on ${replay.target} (offline replay, not a measurement)`, width);
  out.push(...title.map((l, i) => (i === 0 ? c.bold(l) : l)));
  out.push(...wrapText(headline(replay), width - 2).map((l) => `  ${l}`));
  if (steps.length === 0) return out;

  const buckets = bucket(steps, cols);
  const maxTasks = Math.max(1, ...steps.flatMap((s) => Object.values(s.runningByAz)));
  for (const az of replay.azs) {
    const row = buckets.map((b) => level(Math.min(...b.map((s) => s.runningByAz[az] ?? 0)), maxTasks)).join('');
    out.push(`${label(az)}${c.cyan(row)}`);
  }
  const errors = buckets.map((b) => level(Math.max(...b.map((s) => s.errorRate)), 1)).join('');
  out.push(`${label('errors')}${colorErrors(errors, c)}`);
  out.push(`${label('')}${axis(replay, buckets, c)}`);

  const events = keyEvents(replay.events);
  for (const e of events.shown) {
    const at = `${e.atSecond} s`.padStart(7);
    const [first, ...rest] = wrapText(e.message, Math.max(20, width - 10));
    out.push(`${c.dim(at)}  ${first ?? ''}`);
    for (const line of rest) out.push(`${' '.repeat(9)}${line}`);
  }
  if (events.hidden > 0) out.push(c.dim(`${' '.repeat(9)}… ${events.hidden} more event${events.hidden === 1 ? '' : 's'}`));
  if (replay.assumed?.length) {
    out.push(...wrapText(`AWS defaults assumed (the stack does not say): ${replay.assumed.join('; ')}`, width - 2).map((l) => c.dim(`  ${l}`)));
  }
  return out;
}

/** The numbers before the fix (the break's replay) beside the numbers now. */
export function renderBeforeAfter(before: FaultNumbers, after: FaultReplay, options: Partial<RenderOptions> = {}): string[] {
  const c = picocolors.createColors(options.color ?? false);
  const better = after.availability > before.availability;
  const same = after.availability === before.availability;
  const arrow = same ? '=' : better ? c.green('▲') : c.red('▼');
  return [
    `${c.dim('before')}  ${numbers(before)}`,
    `${c.dim('after ')}  ${numbers(after)}  ${arrow}`,
  ];
}

function numbers(n: FaultNumbers): string {
  const recovery = n.recoverySeconds === null ? 'never recovered' : n.recoverySeconds === 0 && n.worstErrorRate === 0 ? 'no errors' : `recovered after ${n.recoverySeconds} s`;
  return `${percent(n.availability)} served · worst ${percent(n.worstErrorRate)} errors · ${recovery}`;
}

function headline(r: FaultReplay): string {
  const parts = [`${percent(r.availability)} of requests served`];
  if (r.worstErrorRate === 0) parts.push('no errors');
  else {
    parts.push(`worst ${percent(r.worstErrorRate)} errors`);
    if (r.detectSeconds !== undefined) parts.push(`errors ${r.detectSeconds} s after the fault`);
    parts.push(r.recoverySeconds === null ? 'never recovered' : `recovered after ${r.recoverySeconds} s`);
  }
  if (r.deployment) {
    const d = r.deployment;
    parts.push(d.outcome === 'rolled-back' ? `rolled back at ${d.atSecond} s` : d.outcome === 'completed' ? `deployment completed at ${d.atSecond} s` : 'deployment never stabilised');
  }
  return parts.join(' · ');
}

/** Rounded down, so 99.89 % never shows as 99.9 %. */
function percent(share: number): string {
  return `${Number((Math.floor(share * 10000 + 1e-9) / 100).toFixed(2))} %`;
}

/** Splits the steps into at most `cols` consecutive groups of equal size (the last may be shorter). */
function bucket(steps: TimelineStep[], cols: number): TimelineStep[][] {
  const size = Math.ceil(steps.length / cols);
  const out: TimelineStep[][] = [];
  for (let i = 0; i < steps.length; i += size) out.push(steps.slice(i, i + size));
  return out;
}

function level(value: number, max: number): string {
  if (value <= 1e-6) return ZERO;
  const i = Math.min(LEVELS.length - 1, Math.max(0, Math.ceil((value / max) * LEVELS.length) - 1));
  return LEVELS[i];
}

/** A row label; a long AZ name keeps its end (ap-southeast-2a and -2b must stay apart). */
function labelOf(text: string, width: number): string {
  const t = text.length > width - 2 ? `…${text.slice(text.length - (width - 3))}` : text;
  return `  ${t.padEnd(width)}`;
}

function colorErrors(row: string, c: ReturnType<typeof picocolors.createColors>): string {
  return row.replace(/[^·]+/g, (m) => c.red(m));
}

/** 0 s at the left, the end at the right, ▲ under the column where the fault began. */
function axis(r: FaultReplay, buckets: TimelineStep[][], c: ReturnType<typeof picocolors.createColors>): string {
  const cells = buckets.map(() => ' ');
  const faultAt = r.startsAtSecond;
  const i = faultAt === undefined ? -1 : buckets.findIndex((b) => b[b.length - 1].atSecond >= faultAt);
  if (i >= 0) cells[i] = '▲';
  const end = `${r.timeline[r.timeline.length - 1].atSecond + r.stepSeconds} s`;
  overlay(cells, 0, '0 s');
  overlay(cells, cells.length - end.length, end);
  return c.dim(cells.join(''));
}

/** Writes `text` into `cells` from `at` when every cell it needs is free. */
function overlay(cells: string[], at: number, text: string): void {
  if (at < 0 || at + text.length > cells.length) return;
  if (cells.slice(at, at + text.length).some((x) => x !== ' ')) return;
  [...text].forEach((ch, j) => (cells[at + j] = ch));
}

/** The events worth a line: all of them when few, else the turning points first. */
function keyEvents(events: FaultEvent[]): { shown: FaultEvent[]; hidden: number } {
  if (events.length <= MAX_EVENTS) return { shown: events, hidden: 0 };
  const rank = (e: FaultEvent, i: number): number => {
    if (i === 0) return 0;
    if (/errors (begin|stop)|circuit breaker|rollback complete|COMPLETED|never|not recovered|unreachable|FIS/.test(e.message)) return 1;
    if (/scales|replacement|unhealthy/.test(e.message)) return 2;
    return 3;
  };
  const keep = new Set(
    events
      .map((e, i) => ({ e, i, r: rank(e, i) }))
      .sort((a, b) => a.r - b.r || a.i - b.i)
      .slice(0, MAX_EVENTS - 1)
      .map((x) => x.i),
  );
  const shown = events.filter((_, i) => keep.has(i));
  return { shown, hidden: events.length - shown.length };
}
