// `lab grade --merge`: the class report from `lab check --json` reports produced elsewhere (one CI
// job per learner). Each report is validated against the report schema, the lab being graded and
// this runner's version; a report that does not match is a problem and an `error` line, never
// merged. A `lab check --json` that ended with an input error (ecs-lab/error@1) is that learner's error.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, sep, isAbsolute } from 'node:path';
import { LabReportSchema } from '../report/schema';
import { REPORT_SCHEMA, type LabReport } from '../report/types';
import type { SubmissionOutcome } from './class-report';
import { firstIssue, oneLine } from './one-line';
import { GRADE_SCHEMA } from './schema';

/** A report is tens of KB; past this it is not one (and is not parsed). */
export const MAX_REPORT_BYTES = 16 * 1024 * 1024;
/** How deep a folder of downloaded artifacts is searched (artifact/learner/report.json is 2). */
const MAX_DEPTH = 4;

export interface MergeExpectations {
  /** Labs a report may be of: `--lab`, or grading.json's requiredLabs. */
  labs: string[];
  runnerVersion: string;
}

export interface ReportFile {
  /** As shown in the class report (relative to the working directory when inside it). */
  path: string;
  file: string;
}

/** The report files named: files as they are, folders searched for *.json. */
export function reportFiles(args: string[], cwd: string): { files: ReportFile[]; problems: string[] } {
  const files: ReportFile[] = [];
  const problems: string[] = [];
  const seen = new Set<string>();
  const add = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const rel = relative(cwd, file);
    files.push({ file, path: rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel.split(sep).join('/') : file });
  };
  for (const arg of args) {
    const p = resolve(cwd, arg);
    let st;
    try {
      st = statSync(p);
    } catch {
      problems.push(`${arg}: no such file or folder`);
      continue;
    }
    if (st.isFile()) add(p);
    else {
      const found = jsonFiles(p, 0).sort();
      if (!found.length) problems.push(`${arg}: holds no .json report`);
      found.forEach(add);
    }
  }
  return { files, problems };
}

function jsonFiles(dir: string, depth: number): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory() && depth < MAX_DEPTH && e.name !== 'node_modules' && !e.name.startsWith('.')) out.push(...jsonFiles(p, depth + 1));
    else if (e.isFile() && e.name.endsWith('.json') && e.name !== 'grading.json') out.push(p);
  }
  return out;
}

/** One report file, judged: the learner's report, their input error, or why it cannot be merged. */
export function readReport(rf: ReportFile, expect: MergeExpectations): SubmissionOutcome | undefined {
  const fallbackLab = expect.labs.length === 1 ? expect.labs[0] : '?';
  const error = (message: string): SubmissionOutcome => ({ path: rf.path, lab: fallbackLab, error: message });
  let json: unknown;
  try {
    if (statSync(rf.file).size > MAX_REPORT_BYTES) return error('larger than 16 MB, not a report');
    json = JSON.parse(readFileSync(rf.file, 'utf8'));
  } catch (e) {
    return error(`not a JSON report (${oneLine((e as Error).message)})`);
  }
  const schema = (json as { schema?: unknown } | null)?.schema;
  // A class report from an earlier `lab grade --json` in the same folder is not a learner's.
  if (schema === GRADE_SCHEMA) return undefined;
  if (schema === 'ecs-lab/error@1') {
    const message = (json as { error?: { message?: unknown } }).error?.message;
    return error(`lab check could not grade it: ${typeof message === 'string' ? oneLine(message) : 'no message'}`);
  }
  const parsed = LabReportSchema.safeParse(json);
  if (!parsed.success) return error(`not an ${REPORT_SCHEMA} report (${firstIssue(parsed.error)})`);
  const report = parsed.data as LabReport;
  const problem = mismatch(report, expect);
  if (problem) return { path: rf.path, lab: report.lab.id, error: problem };
  return { path: rf.path, lab: report.lab.id, report, durationMs: report.durationMs };
}

/** Why a valid report cannot be merged into this class report, or undefined. */
export function mismatch(report: LabReport, expect: MergeExpectations): string | undefined {
  if (!expect.labs.includes(report.lab.id)) return `a report of ${report.lab.id}, not ${expect.labs.join(' or ')}`;
  if (report.lab.pinned !== true) return 'not graded with --lab (the lab came from the learner’s own workspace state): run `lab check --lab <id> --json`';
  if (report.runnerVersion === undefined) return `names no runner version (made by an ecs-lab before ${expect.runnerVersion}); grade it again with this version`;
  if (report.runnerVersion !== expect.runnerVersion) return `made by ecs-lab ${report.runnerVersion}, not ${expect.runnerVersion} (this runner): grade it again with the pinned version`;
  if (report.score.points > report.score.maxPoints) return `claims ${report.score.points} of ${report.score.maxPoints} points`;
  return undefined;
}

export function mergeReports(args: string[], cwd: string, expect: MergeExpectations): { outcomes: SubmissionOutcome[]; problems: string[] } {
  const { files, problems } = reportFiles(args, cwd);
  const outcomes = files.map((f) => readReport(f, expect)).filter((o): o is SubmissionOutcome => o !== undefined);
  return { outcomes, problems };
}
