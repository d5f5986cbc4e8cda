// The terminal at the edge: where output goes, whether we may prompt, whether to use colour.
// Commands receive an Io so tests can capture output and run prompt-free.
import { createColors } from 'picocolors';

export interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
  /** Prompts allowed: stdin and stdout are terminals, and neither --yes nor CI says otherwise. */
  interactive: boolean;
  /** --yes: confirm what needs confirming, never prompt. */
  yes: boolean;
  /** stdin is a terminal (the quiz needs one even with --yes). */
  stdinIsTTY: boolean;
  color: ReturnType<typeof createColors>;
  colorEnabled: boolean;
  columns: number;
  cwd: string;
}

export function processIo(opts: { yes?: boolean; color?: boolean } = {}): Io {
  const env = process.env;
  const stdoutTTY = !!process.stdout.isTTY;
  const colorEnabled =
    opts.color === false || 'NO_COLOR' in env ? false : 'FORCE_COLOR' in env && env.FORCE_COLOR !== '0' ? true : stdoutTTY;
  return {
    out: (t) => process.stdout.write(t.endsWith('\n') ? t : t + '\n'),
    err: (t) => process.stderr.write(t.endsWith('\n') ? t : t + '\n'),
    interactive: !!process.stdin.isTTY && stdoutTTY && !opts.yes && !env.CI,
    yes: !!opts.yes,
    stdinIsTTY: !!process.stdin.isTTY,
    color: createColors(colorEnabled),
    colorEnabled,
    columns: Math.min(process.stdout.columns || 80, 100),
    cwd: process.cwd(),
  };
}
