// Predicted vs observed, for the terminal: one row per 10-second sample of the live experiment,
// beside the offline replay's step at the same time after the fault began. Pure: lines out.
import picocolors from 'picocolors';
import type { FaultReplay, TimelineStep } from '../../faults/types';
import type { ExperimentRun, ObservedStep } from './experiment';

/** Rows kept when a long run has more samples: the first, the last, and evenly between. */
const MAX_ROWS = 40;

export function renderRun(run: ExperimentRun, predicted: FaultReplay | undefined, options: { color: boolean }): string[] {
  const c = picocolors.createColors(options.color);
  const out: string[] = [];
  out.push(c.bold(`Observed in the account vs ${predicted ? 'predicted offline' : 'no prediction'} — experiment ${run.experimentId}`));
  out.push(c.dim(`  ${'time'.padStart(6)}  ${'predicted tasks'.padEnd(16)} ${'observed tasks (per AZ)'.padEnd(34)} ${'healthy pred/obs'.padEnd(17)} state`));
  for (const s of thin(run.timeline)) {
    const p = predicted ? predictedAt(predicted, s.atSecond) : undefined;
    const pTasks = p ? String(total(p.runningByAz)) : '—';
    const oTasks = s.missed ? c.yellow('not sampled') : `${total(s.runningByAz ?? {})} (${perAz(s.runningByAz ?? {})})`;
    const healthy = `${p ? p.healthyTargets : '—'} / ${s.missed ? '?' : s.healthyTargets}`;
    const lower = !!p && !s.missed && (s.healthyTargets ?? 0) < p.healthyTargets;
    out.push(`  ${`${s.atSecond} s`.padStart(6)}  ${pTasks.padEnd(16)} ${pad(oTasks, 34)} ${(lower ? c.red(healthy) : healthy).padEnd(17)} ${c.dim(s.state)}`);
  }
  out.push(outcomeLine(run, c));
  return out;
}

/** One line on how the experiment ended and why. */
export function outcomeLine(run: ExperimentRun, c = picocolors.createColors(false)): string {
  const reason = run.reason ? ` — ${run.reason}` : '';
  if (run.status === 'completed') return `${c.green('✓')} experiment completed${reason}`;
  if (run.status === 'stopped') {
    const by = run.stoppedBy === 'you' ? 'by you (Ctrl-C)' : run.stoppedBy === 'time-cap' ? 'by the runner (it ran past its time cap)' : 'by a stop condition';
    return `${c.yellow('■')} experiment stopped ${by}${reason}`;
  }
  return `${c.red('✗')} experiment ${run.status}${reason}`;
}

/** The replay's step at `t` seconds after the fault began (the step that holds then). */
export function predictedAt(replay: FaultReplay, t: number): TimelineStep | undefined {
  const at = (replay.startsAtSecond ?? 0) + t;
  let found: TimelineStep | undefined;
  for (const s of replay.timeline) {
    if (s.atSecond > at) break;
    found = s;
  }
  return found;
}

function total(byAz: Record<string, number>): number {
  return Object.values(byAz).reduce((a, b) => a + b, 0);
}

function perAz(byAz: Record<string, number>): string {
  const zones = Object.keys(byAz).sort();
  return zones.length ? zones.map((z) => `${z} ${byAz[z]}`).join(', ') : 'none';
}

/** Pads by visible width (colour codes take none). */
function pad(text: string, width: number): string {
  // eslint-disable-next-line no-control-regex
  const visible = text.replace(/\u001b\[[0-9;]*m/g, '').length;
  return visible >= width ? text : text + ' '.repeat(width - visible);
}

function thin(steps: ObservedStep[]): ObservedStep[] {
  if (steps.length <= MAX_ROWS) return steps;
  const every = (steps.length - 1) / (MAX_ROWS - 1);
  return Array.from({ length: MAX_ROWS }, (_, i) => steps[Math.round(i * every)]);
}
