// Terminal hyperlinks (OSC 8): a URL the learner can click in terminals that support them, the
// plain URL everywhere else. Detection is conservative — a terminal that does not understand
// OSC 8 may print its bytes as garbage — so only terminals known to support it get them, and
// the visible text is always the URL itself (it still reads, and copies, where links are off).
// The `supports-hyperlinks` package does the same detection; it is not installed, so this is
// the small subset we need.

/** Turns hyperlinks on (`1`) or off (`0`) whatever the terminal; same variable as supports-hyperlinks. */
const FORCE = 'FORCE_HYPERLINK';
/** VTE (GNOME Terminal, Tilix, …) supports OSC 8 from 0.50.0, which reports VTE_VERSION 5000. */
const VTE_MIN = 5000;
/** Terminals that set TERM_PROGRAM and support OSC 8 (each in its own release notes). */
const TERM_PROGRAMS = new Set(['iTerm.app', 'WezTerm', 'vscode', 'ghostty', 'Tabby', 'Hyper']);

export function supportsHyperlinks(env: NodeJS.ProcessEnv, isTTY: boolean): boolean {
  if (FORCE in env) return env[FORCE] !== '0' && env[FORCE] !== 'false';
  if (!isTTY || env.CI || env.TERM === 'dumb') return false;
  if (env.WT_SESSION || env.KITTY_WINDOW_ID || env.KONSOLE_VERSION || env.DOMTERM) return true;
  if (env.TERM_PROGRAM && TERM_PROGRAMS.has(env.TERM_PROGRAM)) return true;
  if (env.VTE_VERSION && Number(env.VTE_VERSION) >= VTE_MIN) return true;
  return false;
}

/** The URL as an OSC 8 hyperlink when `enabled`, else the URL as it is. */
export function hyperlink(url: string, enabled: boolean, text = url): string {
  // A URL with control characters could end the sequence early: never wrap one.
  if (!enabled || /[\u0000-\u001f\u007f]/.test(url)) return text;
  return `\x1b]8;;${url}\x1b\\${text}\x1b]8;;\x1b\\`;
}
