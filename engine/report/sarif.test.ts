import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { buildAuditReport } from '../audit/report';
import type { CheckResult } from '../types';
import { sarifLog, sarifReporter, SARIF_VERSION } from './sarif';
import { failingReport, passingReport, WORKSPACE } from './test-fixtures';

// The parts of SARIF 2.1.0 (OASIS, sarif-schema-2.1.0.json) that are required, or that code
// scanning needs, checked as a schema: version, runs[].tool.driver.name, rules with ids,
// results with a message text and a rule, physical locations with a relative URI and a base id,
// 1-based regions, suppressions with a known kind.
const Region = z.object({ startLine: z.number().int().min(1), startColumn: z.number().int().min(1).optional() });
const PhysicalLocation = z.object({
  artifactLocation: z.object({ uri: z.string().min(1).refine((u) => !u.startsWith('/') && !/^[a-z]+:/.test(u), 'relative'), uriBaseId: z.string() }),
  region: Region,
});
const Location = z.object({
  physicalLocation: PhysicalLocation.optional(),
  logicalLocations: z.array(z.object({ fullyQualifiedName: z.string(), name: z.string().optional(), kind: z.string() })).optional(),
});
const Result = z.object({
  ruleId: z.string(),
  ruleIndex: z.number().int().min(0),
  level: z.enum(['none', 'note', 'warning', 'error']),
  message: z.object({ text: z.string().min(1) }),
  locations: z.array(Location),
  partialFingerprints: z.record(z.string(), z.string()),
  suppressions: z.array(z.object({ kind: z.enum(['inSource', 'external']), justification: z.string().min(1) })).optional(),
});
const Rule = z.object({
  id: z.string(),
  shortDescription: z.object({ text: z.string() }),
  fullDescription: z.object({ text: z.string() }),
  help: z.object({ text: z.string(), markdown: z.string() }),
  defaultConfiguration: z.object({ level: z.enum(['none', 'note', 'warning', 'error']) }),
  properties: z.object({ 'security-severity': z.string().regex(/^\d+\.\d$/).optional(), tags: z.array(z.string()) }).passthrough(),
});
const Log = z.object({
  $schema: z.string().url(),
  version: z.literal('2.1.0'),
  runs: z
    .array(
      z.object({
        tool: z.object({ driver: z.object({ name: z.string().min(1), version: z.string(), rules: z.array(Rule) }) }),
        originalUriBaseIds: z.record(z.string(), z.object({ uri: z.string().regex(/^file:\/\/\/.*\/$/) })),
        results: z.array(Result),
        invocations: z.array(z.object({ executionSuccessful: z.boolean(), toolExecutionNotifications: z.array(z.unknown()) })),
      }),
    )
    .length(1),
});

const result = (over: Partial<CheckResult> & Pick<CheckResult, 'id' | 'status' | 'severity'>): CheckResult => ({ title: over.id, findings: [], durationMs: 1, ...over });

function auditReport() {
  const checks = [
    result({
      id: 'iam.no-admin-or-wildcard-actions',
      severity: 'critical',
      status: 'fail',
      findings: [
        { message: 'task role allows "s3:*"', hint: 'Grant exact actions.', logicalId: 'TaskRolePolicy', constructPath: 'Web/Api/TaskRole/DefaultPolicy/Resource', location: { file: 'lib/web-stack.ts', line: 17, column: 33 } },
        { message: 'execution role allows "*"', logicalId: 'ExecRole' },
      ],
    }),
    result({ id: 'network.multi-az', severity: 'medium', status: 'fail', findings: [{ message: 'one task', logicalId: 'Svc', constructPath: 'Web/Api/Service/Service' }] }),
    result({ id: 'ecs.container-health-check', severity: 'medium', status: 'error', findings: [{ message: 'check crashed: boom' }] }),
    result({ id: 'iam.roles-separated', severity: 'high', status: 'pass' }),
  ];
  const facts = { name: 'app', path: 'app', input: 'cdk-app' as const, root: '/repo/app', stacks: ['Web'], resources: 38, anchor: 'bin/app.ts', warnings: [] };
  return buildAuditReport(facts, checks, [{ id: 'network.multi-az', reason: 'a dev stack runs one task', source: '--suppress' }], 'high', 10);
}

describe('sarifReporter', () => {
  it('writes a SARIF 2.1.0 log with the required structure', () => {
    const log = JSON.parse(sarifReporter(auditReport(), { repoRoot: '/repo' }));
    expect(Log.parse(log).version).toBe(SARIF_VERSION);
  });

  it('has one rule per check, from its definition: why, standards, docs link, severity for code scanning', () => {
    const [run] = sarifLog(auditReport(), { repoRoot: '/repo' }).runs;
    expect(run.tool.driver.rules.map((r) => r.id)).toEqual(['iam.no-admin-or-wildcard-actions', 'network.multi-az', 'ecs.container-health-check', 'iam.roles-separated']);
    const admin = run.tool.driver.rules[0] as any;
    expect(admin.fullDescription.text).toMatch(/Whoever gets code running in your container gets its role/);
    expect(admin.help.text).toMatch(/Security Hub IAM\.1/);
    expect(admin.properties['security-severity']).toBe('9.5');
    expect(admin.defaultConfiguration.level).toBe('error');
    expect((run.tool.driver.rules[1] as any).defaultConfiguration.level).toBe('warning');
    expect((run.tool.driver.rules[3] as any).helpUri).toMatch(/^https:\/\/docs\.aws\.amazon\.com\//);
  });

  it('places results at the source line relative to the repository, else at the audited input, with the construct path as a logical location', () => {
    const [run] = sarifLog(auditReport(), { repoRoot: '/repo' }).runs;
    const [atLine, atAnchor] = run.results as any[];
    expect(atLine.locations[0].physicalLocation).toEqual({ artifactLocation: { uri: 'app/lib/web-stack.ts', uriBaseId: '%SRCROOT%' }, region: { startLine: 17, startColumn: 33 } });
    expect(atLine.locations[0].logicalLocations).toEqual([{ fullyQualifiedName: 'Web/Api/TaskRole/DefaultPolicy/Resource', name: 'TaskRolePolicy', kind: 'resource' }]);
    expect(atLine.message.text).toBe('task role allows "s3:*" Hint: Grant exact actions.');
    expect(atAnchor.locations[0].physicalLocation).toEqual({ artifactLocation: { uri: 'app/bin/app.ts', uriBaseId: '%SRCROOT%' }, region: { startLine: 1 } });
    expect(run.originalUriBaseIds['%SRCROOT%'].uri).toBe('file:///repo/');
  });

  it('paths are relative to the audited folder when it is outside the repository root', () => {
    const [run] = sarifLog(auditReport(), { repoRoot: '/elsewhere' }).runs;
    expect((run.results[0] as any).locations[0].physicalLocation.artifactLocation.uri).toBe('lib/web-stack.ts');
  });

  it('keeps suppressed findings as results carrying their justification; errored checks are notifications', () => {
    const [run] = sarifLog(auditReport(), { repoRoot: '/repo' }).runs;
    const suppressed = (run.results as any[]).filter((r) => r.suppressions);
    expect(suppressed.map((r) => [r.ruleId, r.suppressions])).toEqual([['network.multi-az', [{ kind: 'external', justification: 'a dev stack runs one task' }]]]);
    expect(run.results).toHaveLength(3);
    expect((run.invocations[0] as any).toolExecutionNotifications).toEqual([
      { level: 'error', message: { text: 'ecs.container-health-check could not run: check crashed: boom' }, descriptor: { id: 'ecs.container-health-check' } },
    ]);
  });

  it('gives the same finding the same fingerprint on every run, and different findings different ones', () => {
    const a = sarifLog(auditReport(), { repoRoot: '/repo' }).runs[0].results as any[];
    const b = sarifLog(auditReport(), { repoRoot: '/repo' }).runs[0].results as any[];
    expect(a.map((r) => r.partialFingerprints)).toEqual(b.map((r) => r.partialFingerprints));
    expect(new Set(a.map((r) => r.partialFingerprints['ecsLabFinding/v1'])).size).toBe(a.length);
  });

  it("renders a lab's report too (no audit block), its failing key questions as results without a location", () => {
    for (const report of [passingReport(), failingReport()]) expect(() => Log.parse(JSON.parse(sarifReporter(report, { repoRoot: WORKSPACE })))).not.toThrow();
    const results = sarifLog(failingReport() as any, { repoRoot: WORKSPACE }).runs[0].results as any[];
    expect(results.some((r) => r.locations[0]?.physicalLocation?.artifactLocation.uri === 'stack.ts')).toBe(true);
    const questions = results.filter((r) => r.ruleId.startsWith('question.'));
    expect(questions.length).toBeGreaterThan(0);
    expect(questions.every((r) => r.locations.length === 0)).toBe(true);
  });
});
