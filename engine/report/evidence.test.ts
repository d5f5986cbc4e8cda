import { describe, expect, it } from 'vitest';
import { compareCriteria, evidenceOf } from './evidence';
import { check, makeReport } from './test-fixtures';

describe('evidence by criterion', () => {
  it('orders criteria: common criteria first, then by number, not as text', () => {
    expect(['C1.1', 'CC6.10', 'A1.2', 'CC6.1', 'CC7.2'].sort(compareCriteria)).toEqual(['CC6.1', 'CC6.10', 'CC7.2', 'A1.2', 'C1.1']);
  });

  it('makes one row per criterion of a mapped check, and names the unmapped ones', () => {
    const { rows, unmapped } = evidenceOf(makeReport([check({ id: 'compliance.required-tags', status: 'fail', findings: [{ message: 'x' }] }), check({ id: 'app.verifiable-offline', status: 'pass' })]));
    expect(rows.map((r) => [r.criterion, r.checkId, r.findings])).toEqual([
      ['CC6.1', 'compliance.required-tags', 1],
      ['C1.1', 'compliance.required-tags', 1],
    ]);
    expect(rows[0].securityHub).toEqual(['ECS.13', 'ECS.14', 'ECS.15']);
    expect(unmapped).toEqual(['app.verifiable-offline']);
  });
});
