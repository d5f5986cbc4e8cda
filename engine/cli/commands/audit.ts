// `lab audit [path]`: the whole check library on any CDK app or CloudFormation template — an app
// folder with cdk.json, an entry file, a cdk.out folder, or a template (JSON or YAML). Options are
// all validated before anything runs, so bad input writes nothing; an app is synthesized in the
// same isolated child as a lab workspace (docs/security.md). Exit 1 when a check fails at or
// above --fail-on, 0 otherwise, 2 on bad input.
import { writeFileSync } from 'node:fs';
import { basename, join, relative, resolve } from 'node:path';
import { ALL_CHECKS } from '../../../checks';
import { detectInput, type AuditInput } from '../../audit/detect';
import { loadApp, type LoadedApp } from '../../audit/load';
import { buildAuditReport, type AuditFacts, type AuditReport } from '../../audit/report';
import { auditChecks } from '../../audit/run';
import { parseFailOn } from '../../audit/severity';
import { assertKnownIds, parseSuppressFlag, readSuppressionsFile, type Suppression } from '../../audit/suppressions';
import { auditTerminalReporter, verdict } from '../../audit/terminal';
import { LabError } from '../../errors';
import { renderReport } from '../../report';
import type { Io } from '../io';
import { timeoutMs } from './check';

export const AUDIT_REPORTERS = ['terminal', 'json', 'junit', 'markdown', 'github', 'sarif'] as const;
export type AuditReporter = (typeof AUDIT_REPORTERS)[number];

export interface AuditCommandOptions {
  json?: boolean;
  reporter?: AuditReporter;
  outputFile?: string;
  failOn?: string;
  /** `--suppress <check-id>:<reason>`, repeatable. */
  suppress?: string[];
  /** A JSON or YAML file of {id, reason, resource?}. */
  suppressions?: string;
  timeout?: string;
}

export async function audit(io: Io, path: string | undefined, opts: AuditCommandOptions): Promise<number> {
  if (opts.outputFile && !opts.reporter) {
    throw new LabError('E_USAGE', '--output-file needs --reporter — e.g. `lab audit . --reporter sarif --output-file ecs-lab.sarif`');
  }
  const failOn = parseFailOn(opts.failOn);
  const suppressions = readSuppressions(io, opts);
  const limit = timeoutMs(opts.timeout);
  const given = path ?? '.';
  const input = detectInput(given, io.cwd);
  const started = performance.now();
  const app = await loadApp(input, { timeoutMs: limit });
  let report: AuditReport;
  try {
    const results = await auditChecks(app);
    report = buildAuditReport(facts(input, app, given, io.cwd), results, suppressions, failOn, performance.now() - started);
  } finally {
    app.dispose();
  }
  emit(io, report, opts);
  return report.passed ? 0 : 1;
}

function readSuppressions(io: Io, opts: AuditCommandOptions): Suppression[] {
  const all = [...(opts.suppress ?? []).map(parseSuppressFlag), ...(opts.suppressions ? readSuppressionsFile(resolve(io.cwd, opts.suppressions), opts.suppressions) : [])];
  assertKnownIds(
    all,
    ALL_CHECKS.map((c) => c.id),
  );
  return all;
}

function facts(input: AuditInput, app: LoadedApp, given: string, cwd: string): AuditFacts {
  const anchor =
    input.kind === 'template' ? relative(input.root, input.file) : input.kind === 'cdk-out' ? relative(input.root, join(input.dir, 'manifest.json')) : input.entry;
  return {
    name: basename(resolve(cwd, given)),
    path: given,
    input: input.kind,
    root: input.root,
    stacks: app.stacks.map((s) => s.name),
    resources: Object.keys(app.scenarios[0].scenario.template.Resources ?? {}).length,
    anchor,
    appOutput: app.appOutput,
    warnings: app.warnings,
  };
}

function emit(io: Io, report: AuditReport, opts: AuditCommandOptions): void {
  const options = { color: io.colorEnabled, width: io.columns, repoRoot: process.env.GITHUB_WORKSPACE ?? io.cwd };
  if (opts.json) {
    io.out(render('json', report, options));
    return;
  }
  if (opts.reporter && !opts.outputFile) {
    io.out(render(opts.reporter, report, options));
    return;
  }
  if (opts.reporter && opts.outputFile) {
    const file = resolve(io.cwd, opts.outputFile);
    try {
      writeFileSync(file, render(opts.reporter, report, { ...options, color: false }) + '\n');
    } catch (e) {
      throw new LabError('E_USAGE', `cannot write ${opts.outputFile}: ${(e as Error).message.split('\n')[0]}`);
    }
  }
  io.out(render('terminal', report, options));
}

function render(name: AuditReporter, report: AuditReport, options: { color?: boolean; width?: number; repoRoot?: string }): string {
  if (name === 'terminal') return auditTerminalReporter(report, options);
  const text = renderReport(name, report, options);
  // The Markdown report ends with a lab's next step; an audit's is its exit decision.
  return name === 'markdown' ? text.replace(/\*\*Next:\*\* .*$/, `**Result:** ${verdict(report)}`) : text;
}
