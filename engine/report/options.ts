// What a caller can tell a reporter. Reporters are pure functions of the report and these
// options (one default, github's repoRoot, reads the environment when the option is absent).
import type { LabReport } from './types';

export interface ReportOptions {
  /** terminal: emit ANSI colours (the caller decides from isTTY / NO_COLOR / FORCE_COLOR). Default false. */
  color?: boolean;
  /** terminal: columns to wrap long messages at. Default 80. */
  width?: number;
  /** terminal: findings shown per check before "… and N more". Default 3. */
  maxFindings?: number;
  /** terminal (`lab check --all`/`-v`): every finding one by one, no shared cause folded, every CDK warning in full. */
  expand?: boolean;
  /** terminal: print locations relative to this folder (the learner's shell), so terminals make them clickable. */
  cwd?: string;
  /** terminal: a better place to show a check's finding (e.g. the healthCheck line), or undefined to keep its own. */
  locate?: (checkId: string, location: import('../types').SourceLocation | undefined) => import('../types').SourceLocation | undefined;
  /** terminal: a check's documentation links (its `refs.docs`), shown under its findings. */
  docLinks?: (checkId: string) => string[];
  /** terminal: wrap links in OSC 8 hyperlinks (the caller detects support). */
  hyperlinks?: boolean;
  /** terminal: each check's points in the lab (default 1), to explain the score. */
  checkPoints?: Record<string, number>;
  /** terminal: rendered for `lab check --watch` — a save re-checks, so never "run `lab check` again". */
  watch?: boolean;
  /** terminal: CDK warnings already shown this watch session: counted in one dim line, not repeated. */
  seenWarnings?: ReadonlySet<string>;
  /**
   * github: the repository root; annotation paths are made relative to it. Default: the
   * GITHUB_WORKSPACE environment variable, else the current directory.
   */
  repoRoot?: string;
}

/** Renders a whole report as text, without a trailing newline (the writer adds one). */
export type Reporter = (report: LabReport, options?: ReportOptions) => string;
