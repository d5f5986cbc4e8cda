// SARIF 2.1.0 for code scanning (GitHub's upload-sarif and other SARIF viewers): one rule per
// check in the report, with its why, its standards and documentation links; one result per
// finding of a failing check, at the source line when known (else the audited input file) and
// at the construct path as a logical location. Suppressed findings are results too, carrying
// their suppression and its justification, so they are visible and not alerted on. Errored
// checks are tool notifications, not results: they found nothing either way. (A lab's report,
// `lab check`'s, adds its failing key questions as results without a location.)
import { createHash } from 'node:crypto';
import { isAbsolute, relative, resolve } from 'node:path';
import { checkById } from '../checking/registry';
import { RUNNER_VERSION } from '../paths';
import type { Finding, Severity } from '../types';
import { questionProblems, toPosix } from './describe';
import type { ReportOptions } from './options';
import type { LabReport, ReportedCheck } from './types';

export const SARIF_VERSION = '2.1.0';
export const SARIF_SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json';
const SRCROOT = '%SRCROOT%';

type Level = 'error' | 'warning' | 'note';
/** critical and high are errors, medium a warning, low a note (SARIF's result levels). */
const LEVEL: Record<Severity, Level> = { critical: 'error', high: 'error', medium: 'warning', low: 'note' };
/**
 * GitHub ranks security alerts by `security-severity`: 9.0+ critical, 7.0–8.9 high, 4.0–6.9
 * medium, 0.1–3.9 low (GitHub Docs, "SARIF support for code scanning", reportingDescriptor).
 */
const SECURITY_SEVERITY: Record<Severity, string> = { critical: '9.5', high: '7.5', medium: '5.0', low: '2.0' };

/** What a check as reported may also carry in an audit: its suppressed findings. */
type SarifCheck = ReportedCheck & { suppressed?: (Finding & { suppressedBecause: string })[] };
type SarifReport = LabReport & { checks: SarifCheck[]; audit?: { anchor?: string } };

export interface SarifLog {
  $schema: string;
  version: typeof SARIF_VERSION;
  runs: SarifRun[];
}

export interface SarifRun {
  tool: { driver: { name: string; version: string; informationUri: string; rules: Record<string, unknown>[] } };
  automationDetails: { id: string };
  originalUriBaseIds: Record<string, { uri: string }>;
  results: Record<string, unknown>[];
  invocations: Record<string, unknown>[];
}

export function sarifReporter(report: LabReport, options: ReportOptions = {}): string {
  return JSON.stringify(sarifLog(report as SarifReport, options), null, 2);
}

export function sarifLog(report: SarifReport, options: ReportOptions = {}): SarifLog {
  // Paths are relative to the repository root when the file is inside it (what code scanning
  // maps to files); otherwise relative to the audited folder.
  const repoRoot = resolve(options.repoRoot ?? process.env.GITHUB_WORKSPACE ?? report.workspace);
  const root = isInside(report.workspace, repoRoot) ? repoRoot : resolve(report.workspace);
  const rules = report.checks.map((c) => rule(c));
  const index = new Map(report.checks.map((c, i) => [c.id, i]));
  const results: Record<string, unknown>[] = [];
  for (const check of report.checks) {
    const open = check.status === 'fail' ? check.findings : [];
    for (const f of open) results.push(result(check, index.get(check.id)!, f, report, root));
    for (const f of check.suppressed ?? []) {
      results.push({ ...result(check, index.get(check.id)!, f, report, root), suppressions: [{ kind: 'external', justification: f.suppressedBecause }] });
    }
  }
  // A lab's failing key questions, as the GitHub reporter shows them: what was wrong and the
  // feedback (never the right answer). They have no place in a file, so no location.
  for (const q of report.questions ?? []) {
    if (q.passed) continue;
    const id = `question.${q.id}`;
    rules.push({
      id,
      shortDescription: { text: q.title },
      fullDescription: { text: `Key question: ${q.title}` },
      help: { text: q.title, markdown: q.title },
      defaultConfiguration: { level: 'error' },
      properties: { tags: ['question'] },
    });
    const text = `${q.title}: ${questionProblems(q).join(' · ')}`;
    results.push({ ruleId: id, ruleIndex: rules.length - 1, level: 'error', message: { text }, locations: [], partialFingerprints: { 'ecsLabFinding/v1': hash([id, text]) } });
  }
  const notifications = report.checks
    .filter((c) => c.status === 'error')
    .map((c) => ({ level: 'error', message: { text: `${c.id} could not run: ${c.findings.map((f) => f.message).join('; ')}` }, descriptor: { id: c.id } }));
  return {
    $schema: SARIF_SCHEMA_URI,
    version: SARIF_VERSION,
    runs: [
      {
        tool: { driver: { name: 'ecs-lab', version: RUNNER_VERSION, informationUri: 'https://github.com/ecs-lab/ecs-lab', rules } },
        automationDetails: { id: `ecs-lab/${report.lab.id}/` },
        originalUriBaseIds: { [SRCROOT]: { uri: fileUri(root) } },
        results,
        invocations: [{ executionSuccessful: true, toolExecutionNotifications: notifications }],
      },
    ],
  };
}

/** A rule from the check's definition (its why, standards and docs); the report's title and severity if it is unknown. */
function rule(check: ReportedCheck): Record<string, unknown> {
  const def = checkById(check.id);
  const refs = def?.refs ?? {};
  const standards = [
    ...(refs.securityHub ?? []).map((r) => `Security Hub ${r}`),
    ...(refs.cdkNag ?? []).map((r) => `cdk-nag ${r}`),
    ...(refs.soc2 ?? []).map((r) => `SOC 2 ${r}`),
    ...(refs.awsConfig ?? []).map((r) => `AWS Config ${r}`),
    ...(refs.wellArchitected ?? []).map((r) => `Well-Architected ${r}`),
  ];
  const why = def?.why ?? check.title;
  const docs = refs.docs ?? [];
  const helpText = [why, standards.length ? `Standards: ${standards.join('; ')}.` : '', ...docs].filter(Boolean).join('\n\n');
  const helpMarkdown = [why, standards.length ? `**Standards:** ${standards.join('; ')}` : '', ...docs.map((d) => `- ${d}`)].filter(Boolean).join('\n\n');
  return {
    id: check.id,
    name: check.id.replace(/(^|[.-])([a-z])/g, (_, __, ch: string) => ch.toUpperCase()),
    shortDescription: { text: check.title },
    fullDescription: { text: why },
    help: { text: helpText, markdown: helpMarkdown },
    ...(docs[0] ? { helpUri: docs[0] } : {}),
    defaultConfiguration: { level: LEVEL[check.severity] },
    properties: {
      tags: ['security', 'aws', 'ecs', check.id.split('.')[0]],
      precision: 'high',
      'security-severity': SECURITY_SEVERITY[check.severity],
      ...(standards.length ? { standards } : {}),
    },
  };
}

function result(check: ReportedCheck, ruleIndex: number, f: Finding, report: SarifReport, root: string): Record<string, unknown> {
  const text = [f.message, f.hint && `Hint: ${f.hint}`].filter(Boolean).join(' ');
  const physical = physicalLocation(f, report, root);
  const logical = f.constructPath || f.logicalId ? [{ fullyQualifiedName: f.constructPath ?? f.logicalId, ...(f.logicalId ? { name: f.logicalId } : {}), kind: 'resource' }] : undefined;
  const location = { ...(physical ? { physicalLocation: physical } : {}), ...(logical ? { logicalLocations: logical } : {}) };
  return {
    ruleId: check.id,
    ruleIndex,
    level: LEVEL[check.severity],
    message: { text },
    locations: Object.keys(location).length ? [location] : [],
    partialFingerprints: { 'ecsLabFinding/v1': fingerprint(check.id, f) },
  };
}

/** The finding's source line; a finding without one is attached to the audited input's file, line 1. */
function physicalLocation(f: Finding, report: SarifReport, root: string): Record<string, unknown> | undefined {
  const file = f.location?.file ?? report.audit?.anchor;
  if (!file) return undefined;
  const abs = isAbsolute(file) ? file : resolve(report.workspace, file);
  if (!isInside(abs, root)) return undefined;
  const region = f.location ? { startLine: f.location.line, startColumn: f.location.column } : { startLine: 1 };
  return { artifactLocation: { uri: encodeURI(toPosix(relative(root, abs))), uriBaseId: SRCROOT }, region };
}

/** Stable across runs for the same problem on the same resource, so alerts are matched, not duplicated. */
function fingerprint(checkId: string, f: Finding): string {
  return hash([checkId, f.constructPath ?? '', f.logicalId ?? '', f.message]);
}

function hash(parts: string[]): string {
  return createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 32);
}

function isInside(p: string, root: string): boolean {
  const rel = relative(resolve(root), resolve(p));
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

function fileUri(dir: string): string {
  const posix = toPosix(resolve(dir));
  return `file://${encodeURI(posix.endsWith('/') ? posix : `${posix}/`)}`;
}
