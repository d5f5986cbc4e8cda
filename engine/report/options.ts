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
  /**
   * github: the repository root; annotation paths are made relative to it. Default: the
   * GITHUB_WORKSPACE environment variable, else the current directory.
   */
  repoRoot?: string;
}

/** Renders a whole report as text, without a trailing newline (the writer adds one). */
export type Reporter = (report: LabReport, options?: ReportOptions) => string;
