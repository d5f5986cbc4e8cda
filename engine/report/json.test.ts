import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { jsonReporter } from './json';
import { LabReportSchema, reportJsonSchema } from './schema';
import { check, failingReport, makeReport, passingReport } from './test-fixtures';
import type { LabReport } from './types';

describe('json reporter', () => {
  it.each([
    ['passing', passingReport()],
    ['failing', failingReport()],
    ['without questions', makeReport([check({ id: 'a.b', status: 'pass' })])],
  ])('prints a %s report that parses and validates against LabReportSchema', (_name, report) => {
    const out = jsonReporter(report);
    expect(out).toBe(JSON.stringify(report, null, 2));
    const parsed: unknown = JSON.parse(out);
    // Parsing strips unknown keys, so equality also proves the schema knows every field printed.
    expect(LabReportSchema.parse(parsed)).toEqual(parsed);
  });

  it('leaves out `questions` when they were not graded', () => {
    const parsed = JSON.parse(jsonReporter(makeReport([check({ id: 'a.b', status: 'pass' })])));
    expect(Object.keys(parsed)).not.toContain('questions');
  });
});

describe('LabReportSchema', () => {
  const bad = (change: (r: any) => void): boolean => {
    const r: any = structuredClone(failingReport());
    change(r);
    return LabReportSchema.safeParse(r).success;
  };

  it('rejects what is not a LabReport', () => {
    expect(bad(() => {})).toBe(true);
    expect(bad((r) => (r.schema = 'ecs-lab/report@1'))).toBe(false);
    expect(bad((r) => (r.questions[1].items[0].kind = 'essay'))).toBe(false);
    expect(bad((r) => delete r.questions[0].reflection.present)).toBe(false);
    expect(bad((r) => delete r.summary.items)).toBe(false);
    expect(bad((r) => (r.checks[0].status = 'passed'))).toBe(false);
    expect(bad((r) => (r.checks[1].findings[0].location.line = 0))).toBe(false);
    expect(bad((r) => delete r.summary.checks.total)).toBe(false);
    expect(bad((r) => (r.target = 'local'))).toBe(false);
  });
});

describe('docs/report.schema.json', () => {
  it('is generated from LabReportSchema (run `npx vitest run engine/report -u` after changing the schema)', async () => {
    await expect(JSON.stringify(reportJsonSchema(), null, 2) + '\n').toMatchFileSnapshot('../../docs/report.schema.json');
  });

  it('lets the format grow by added fields, as types.ts promises', () => {
    const schema = reportJsonSchema();
    expect(JSON.stringify(schema)).not.toContain('"additionalProperties":false');
    const grown: LabReport & { extra: string } = { ...passingReport(), extra: 'new field' };
    expect(LabReportSchema.safeParse(grown).success).toBe(true);
  });
});

describe('docs/json-output.md', () => {
  it('shows an example that is a valid LabReport with consistent counts', () => {
    const doc = readFileSync(new URL('../../docs/json-output.md', import.meta.url), 'utf8');
    const block = /```json\n([\s\S]*?)\n```/.exec(doc);
    expect(block).not.toBeNull();
    const example: unknown = JSON.parse(block![1]!);
    const report = LabReportSchema.parse(example);
    expect(report).toEqual(example);
    expect(report.summary.checks.total).toBe(report.checks.length);
    expect(report.summary.checks.failed).toBe(report.checks.filter((c) => c.status === 'fail').length);
    expect(report.passed).toBe(false);
  });
});
