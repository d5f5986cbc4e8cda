// `lab grade`: a class at once. Each submission is graded as `lab check --lab <id> --json` grades
// it, by a pool of grading workers no wider than the cores (engine/grade/workers.ts) that share
// one TypeScript compiler; `--merge` builds the same
// class report from `lab check --json` reports made elsewhere (one CI job per learner).
import { appendFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { requireLab } from '../../catalogue/catalogue';
import { LabError } from '../../errors';
import { classReport, gradeExitCode, learnerOf, type SubmissionOutcome } from '../../grade/class-report';
import { loadGradingConfig } from '../../grade/config';
import { toAnnotations, toCsv, toJunit, toStepSummary } from '../../grade/exporters';
import { renderHtmlReport } from '../../grade/html/render';
import { startedAt, timeSpentMs } from '../../grade/html/time-spent';
import { mergeReports } from '../../grade/merge';
import { parseJobs, runPool } from '../../grade/pool';
import { DEFAULT_GRADE_LIMITS, type GradeLimits } from '../../grade/limits';
import { oneLine } from '../../grade/one-line';
import { GradingWorkers } from '../../grade/workers';
import type { GradeReport, GradingConfig } from '../../grade/schema';
import { parseShard, shardOf } from '../../grade/shard';
import { expandTargets, lastChanged, notASubmission, type Target } from '../../grade/targets';
import { RUNNER_VERSION } from '../../paths';
import type { LabReport } from '../../report/types';
import type { LabManifest } from '../../types';
import type { Io } from '../io';

export interface GradeCommandOptions {
  lab?: string;
  merge?: boolean;
  jobs?: string;
  timeout?: string;
  memory?: string;
  json?: boolean;
  csv?: string;
  junit?: string;
  /** The instructor's report: one self-contained HTML file (engine/grade/html). */
  html?: string;
  config?: string;
  shard?: string;
}

/** Heap limits a grading may be given, in MB: below the floor `lab check` cannot load its checks. */
const MEMORY_RANGE = { min: 256, max: 16_384 };

export async function grade(io: Io, paths: string[], opts: GradeCommandOptions): Promise<number> {
  const shard = opts.shard === undefined ? undefined : orUsage(parseShard(opts.shard));
  if (paths.length === 0) {
    throw new LabError('E_USAGE', opts.merge ? 'name the reports to merge — e.g. `lab grade --merge reports/ --lab security/iam-roles`' : 'name the submissions — e.g. `lab grade --lab security/iam-roles "submissions/*"`');
  }
  const configPath = resolve(io.cwd, opts.config ?? 'grading.json');
  const loaded = loadGradingConfig(configPath, opts.config ?? 'grading.json', opts.config !== undefined);
  const { config } = loaded;
  const problems = loaded.problem ? [loaded.problem] : [];
  const labs = gradedLabs(opts, config);
  if (config.requiredLabs) {
    for (const lab of labs) if (!config.requiredLabs.includes(lab)) problems.push(`grading.json: requiredLabs does not name ${lab}, the lab being graded`);
  }

  const details = new Map<string, LabReport>();
  // Time spent needs the workspace itself: known when grading folders, not when merging reports.
  const timeSpent = new Map<string, number>();
  let outcomes: SubmissionOutcome[];
  if (opts.merge) {
    if (opts.jobs !== undefined || opts.timeout !== undefined || opts.memory !== undefined) {
      throw new LabError('E_USAGE', '--jobs, --timeout and --memory limit grading; --merge grades nothing (it reads reports)');
    }
    const merged = mergeReports(paths, io.cwd, { labs, runnerVersion: RUNNER_VERSION });
    problems.push(...merged.problems);
    outcomes = shard ? shardOf(merged.outcomes, shard, (o) => o.path) : merged.outcomes;
  } else {
    const limits: GradeLimits = { timeoutMs: seconds(opts.timeout), memoryMb: memory(opts.memory) };
    const jobs = orUsage(parseJobs(opts.jobs));
    const expanded = expandTargets(paths, io.cwd);
    problems.push(...expanded.problems);
    const targets = shard ? shardOf(expanded.targets, shard, (t) => t.path) : expanded.targets;
    outcomes = await gradeAll(io, targets, labs[0], limits, jobs, config, { progress: !opts.json, timeSpent: opts.html ? timeSpent : undefined });
  }
  for (const o of outcomes) if ('report' in o) details.set(o.path, o.report);

  const report = classReport(outcomes, config, problems, shard);
  writeExports(io, report, details, opts);
  if (opts.html) writeFileSync(resolve(io.cwd, opts.html), renderHtmlReport({ report, details, timeSpentMs: timeSpent, generatedAt: new Date(), runnerVersion: RUNNER_VERSION }));
  if (opts.json) io.out(JSON.stringify(report, null, 2));
  else printReport(io, report);
  // An empty shard of a small class has nothing to grade, and that is not an error.
  if (shard && report.summary.total === 0) return 0;
  return gradeExitCode(report);
}

/** The labs reports may be of: `--lab`, else (for --merge) grading.json's requiredLabs. */
function gradedLabs(opts: GradeCommandOptions, config: GradingConfig): string[] {
  if (opts.lab !== undefined) return [requireLab(opts.lab).id];
  if (opts.merge && config.requiredLabs) return config.requiredLabs.map((l) => requireLab(l).id);
  throw new LabError('E_USAGE', 'name the lab to grade as — e.g. `lab grade --lab security/iam-roles <submissions…>` (the grader names the lab, never the submission)');
}

interface GradeAllOptions {
  progress: boolean;
  /** Filled with each workspace's time from start to last change, when the HTML report wants it. */
  timeSpent?: Map<string, number>;
}

async function gradeAll(io: Io, targets: Target[], labId: string, limits: GradeLimits, jobs: number, config: GradingConfig, { progress, timeSpent }: GradeAllOptions): Promise<SubmissionOutcome[]> {
  const lab = requireLab(labId);
  let done = 0;
  const workers = new GradingWorkers(jobs, limits);
  let settled;
  try {
    // Twice as many in flight as workers: the next submissions are type-checked while the workers grade.
    settled = await runPool(targets, jobs * 2, async (t): Promise<SubmissionOutcome> => {
      const why = notASubmission(t.dir, lab.entry);
      const outcome: SubmissionOutcome = why ? { path: t.path, lab: lab.id, error: why } : await gradeOne(workers, t, lab, config, timeSpent);
      done++;
      if (progress) io.out(io.color.dim(`  [${done}/${targets.length}] ${t.path}: ${learnerOf(outcome, config).status}`));
      return outcome;
    });
  } finally {
    workers.close();
  }
  return settled.map((s, i) => (s.ok ? s.value : { path: targets[i].path, lab: lab.id, error: `internal error while grading: ${oneLine(String((s.error as Error)?.message ?? s.error))}` }));
}

async function gradeOne(workers: GradingWorkers, t: Target, manifest: LabManifest, config: GradingConfig, timeSpent?: Map<string, number>): Promise<SubmissionOutcome> {
  const lab = manifest.id;
  // The time is read before grading: `lab check` itself writes the workspace's state.
  const changed = config.dueDate || timeSpent ? lastChanged(t.dir) : undefined;
  const spent = timeSpent ? timeSpentMs(startedAt(t.dir), changed) : undefined;
  if (spent !== undefined) timeSpent!.set(t.path, spent);
  const o = await workers.grade(t.dir, lab, manifest.entry);
  if (o.kind === 'error') return { path: t.path, lab, error: o.message, durationMs: o.durationMs };
  return { path: t.path, lab, report: o.report, durationMs: o.durationMs, ...(changed ? { lastChanged: changed } : {}) };
}

function writeExports(io: Io, report: GradeReport, details: ReadonlyMap<string, LabReport>, opts: GradeCommandOptions): void {
  if (opts.csv) writeFileSync(resolve(io.cwd, opts.csv), toCsv(report));
  if (opts.junit) writeFileSync(resolve(io.cwd, opts.junit), toJunit(report, details));
  const summaryFile = process.env.GITHUB_STEP_SUMMARY;
  if (summaryFile) appendFileSync(summaryFile, toStepSummary(report));
  // Workflow commands are read from stderr too, which keeps --json's stdout pure JSON.
  if (process.env.GITHUB_ACTIONS === 'true') (opts.json ? io.err : io.out)(toAnnotations(report));
}

function printReport(io: Io, report: GradeReport): void {
  const c = io.color;
  const mark = { passed: c.green('✓'), failed: c.red('✗'), error: c.yellow('!') } as const;
  io.out('');
  for (const l of report.learners) {
    const score = l.status === 'error' ? c.dim(l.error ?? '') : `${l.points}/${l.maxPoints}${l.late ? c.yellow(' late') : ''}`;
    io.out(`${mark[l.status]} ${l.path}  ${score}`);
  }
  if (report.problems.length) {
    io.out('');
    io.out(c.bold('Problems'));
    for (const p of report.problems) io.out(`  ${p}`);
  }
  const s = report.summary;
  io.out('');
  io.out(`${s.passed} passed · ${s.failed} failed · ${s.errored} could not be graded · ${s.total} in all${report.shard ? ` (shard ${report.shard.index}/${report.shard.count})` : ''}`);
}

function orUsage<T>(v: T | string): T {
  if (typeof v === 'string') throw new LabError('E_USAGE', v);
  return v;
}

function seconds(value: string | undefined): number {
  if (value === undefined) return DEFAULT_GRADE_LIMITS.timeoutMs;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 1 || n > 3600) throw new LabError('E_USAGE', `--timeout takes seconds from 1 to 3600 per submission, not "${value}"`);
  return Math.round(n * 1000);
}

function memory(value: string | undefined): number {
  if (value === undefined) return DEFAULT_GRADE_LIMITS.memoryMb;
  const n = Number(value);
  if (!Number.isInteger(n) || n < MEMORY_RANGE.min || n > MEMORY_RANGE.max) {
    throw new LabError('E_USAGE', `--memory takes megabytes from ${MEMORY_RANGE.min} to ${MEMORY_RANGE.max} per submission, not "${value}"`);
  }
  return n;
}

