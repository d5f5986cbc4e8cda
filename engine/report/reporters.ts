// The built-in reporters, by name, as in vitest: the CLI picks one with --reporter.
import { LabError } from '../errors';
import { githubReporter } from './github';
import { jsonReporter } from './json';
import { junitReporter } from './junit';
import { markdownReporter } from './markdown';
import { sarifReporter } from './sarif';
import type { ReportOptions, Reporter } from './options';
import { terminalReporter } from './terminal';
import type { LabReport } from './types';

export const REPORTERS = {
  terminal: terminalReporter,
  json: jsonReporter,
  junit: junitReporter,
  markdown: markdownReporter,
  github: githubReporter,
  sarif: sarifReporter,
} as const satisfies Record<string, Reporter>;

export type ReporterName = keyof typeof REPORTERS;

export const REPORTER_NAMES = Object.keys(REPORTERS) as ReporterName[];

export function isReporterName(name: string): name is ReporterName {
  return Object.hasOwn(REPORTERS, name);
}

/** Renders a report with the named reporter; the text has no trailing newline. */
export function renderReport(name: ReporterName | string, report: LabReport, options: ReportOptions = {}): string {
  if (!isReporterName(name)) {
    throw new LabError('E_USAGE', `unknown reporter "${name}": use one of ${REPORTER_NAMES.join(', ')}`);
  }
  return REPORTERS[name](report, options);
}
