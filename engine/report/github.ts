// GitHub Actions workflow commands: an ::error annotation per finding of a failing check (on the
// learner's line when known), a ::warning per errored check, an ::error per failing question,
// and a ::notice with the summary.
import { isAbsolute, relative, resolve } from 'node:path';
import type { Finding } from '../types';
import { checkCounts, findingResource, questionCounts, questionProblems, toPosix } from './describe';
import type { ReportOptions } from './options';
import type { LabReport } from './types';

export function githubReporter(report: LabReport, options: ReportOptions = {}): string {
  // GitHub resolves annotation paths against GITHUB_WORKSPACE, not a step's working-directory.
  const repoRoot = options.repoRoot ?? process.env.GITHUB_WORKSPACE ?? process.cwd();
  const lines: string[] = [];
  for (const check of report.checks) {
    if (check.status === 'fail') {
      for (const f of check.findings) lines.push(command('error', { ...position(f, report.workspace, repoRoot), title: check.id }, message(f)));
    } else if (check.status === 'error') {
      for (const f of check.findings) lines.push(command('warning', { title: check.id }, `could not run: ${f.message}`));
    }
  }
  for (const q of report.questions ?? []) {
    if (!q.passed) lines.push(command('error', { title: `key question ${q.id}` }, `${q.title}\n${questionProblems(q).join('\n')}`));
  }
  const summary = `Checks ${checkCounts(report)} · Questions ${questionCounts(report)} · Score ${report.score.points}/${report.score.maxPoints}`;
  lines.push(command('notice', { title: `ecs-lab ${report.lab.id}` }, summary));
  return lines.join('\n');
}

/** The message, the resource it concerns and the hint, on separate lines of the annotation. */
function message(f: Finding): string {
  const resource = findingResource(f);
  return [f.message, resource && `resource: ${resource}`, f.hint && `hint: ${f.hint}`].filter(Boolean).join('\n');
}

/**
 * `file`, `line`, `col` for a finding with a location. GitHub wants paths relative to the
 * repository; a file outside it gets no `file`, so the annotation still shows, unattached.
 */
function position(f: Finding, workspace: string, repoRoot: string): Record<string, string | number> {
  if (!f.location) return {};
  const absolute = isAbsolute(f.location.file) ? f.location.file : resolve(workspace, f.location.file);
  const file = relative(resolve(repoRoot), absolute);
  if (!file || file.startsWith('..') || isAbsolute(file)) return {};
  return { file: toPosix(file), line: f.location.line, col: f.location.column };
}

type Level = 'error' | 'warning' | 'notice';

export function command(level: Level, properties: Record<string, string | number>, data: string): string {
  const props = Object.entries(properties)
    .map(([k, v]) => `${k}=${escapeProperty(String(v))}`)
    .join(',');
  return `::${level}${props ? ' ' + props : ''}::${escapeData(data)}`;
}

// The escaping GitHub's runner undoes (actions/toolkit, core/src/command.ts).
export function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
