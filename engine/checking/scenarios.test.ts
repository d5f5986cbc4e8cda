import { describe, expect, it } from 'vitest';
import type { ConditionScenario } from '../model/conditions';
import type { CheckResult, CheckStatus, Finding } from '../types';
import { mergeScenarioResults, whenClause } from './scenarios';

const scenario = (assumptions: Record<string, boolean>): ConditionScenario => ({
  template: {},
  assumptions: Object.entries(assumptions).map(([condition, value]) => ({ condition, value })),
});
const result = (id: string, status: CheckStatus, findings: Finding[] = [], durationMs = 1): CheckResult => ({
  id,
  title: `title of ${id}`,
  severity: 'high',
  status,
  findings,
  durationMs,
});
const natOn = scenario({ UseNat: true });
const natOff = scenario({ UseNat: false });

describe('mergeScenarioResults', () => {
  it('fails when only one scenario fails, and the finding names the assumption', () => {
    const merged = mergeScenarioResults([
      { scenario: natOn, results: [result('net.egress', 'pass')] },
      { scenario: natOff, results: [result('net.egress', 'fail', [{ message: 'tasks cannot reach ECR', logicalId: 'Svc' }])] },
    ]);
    expect(merged).toEqual([
      { ...result('net.egress', 'fail', [{ message: 'tasks cannot reach ECR (if condition UseNat is false)', logicalId: 'Svc' }]), durationMs: 2 },
    ]);
  });

  it('lists a finding found in every scenario once, without annotation', () => {
    const same = { message: 'role allows *', logicalId: 'Role' };
    const [merged] = mergeScenarioResults([
      { scenario: natOn, results: [result('iam.x', 'fail', [same, { message: 'only with NAT' }])] },
      { scenario: natOff, results: [result('iam.x', 'fail', [same])] },
    ]);
    expect(merged.findings.map((f) => f.message)).toEqual(['role allows *', 'only with NAT (if condition UseNat is true)']);
  });

  it('is an error when a scenario errors and none fails; a failure wins over an error', () => {
    const crash = { message: 'check x crashed: boom' };
    const errorOnly = mergeScenarioResults([
      { scenario: natOn, results: [result('x', 'pass')] },
      { scenario: natOff, results: [result('x', 'error', [crash])] },
    ]);
    expect(errorOnly[0].status).toBe('error');
    expect(errorOnly[0].findings).toEqual([{ message: 'check x crashed: boom (if condition UseNat is false)' }]);
    const failAndError = mergeScenarioResults([
      { scenario: natOn, results: [result('x', 'error', [crash])] },
      { scenario: natOff, results: [result('x', 'fail', [{ message: 'bad' }])] },
    ]);
    expect(failAndError[0].status).toBe('fail');
    expect(failAndError[0].findings).toEqual([{ message: 'bad (if condition UseNat is false)' }]);
  });

  it('passes only when every scenario passes or skips, skips only when all skip', () => {
    const skip = { message: 'no service in this stack' };
    const statuses = (a: CheckStatus, b: CheckStatus) =>
      mergeScenarioResults([
        { scenario: natOn, results: [result('x', a, a === 'skip' ? [skip] : [])] },
        { scenario: natOff, results: [result('x', b, b === 'skip' ? [skip] : [])] },
      ])[0];
    expect(statuses('pass', 'pass')).toMatchObject({ status: 'pass', findings: [] });
    expect(statuses('pass', 'skip')).toMatchObject({ status: 'pass', findings: [] });
    expect(statuses('skip', 'skip')).toMatchObject({ status: 'skip', findings: [skip] });
  });

  it('keeps the checks in order, one result each, and a single run as it is', () => {
    const runA = [result('a', 'pass'), result('b', 'fail', [{ message: 'm' }])];
    expect(mergeScenarioResults([{ scenario: scenario({}), results: runA }])).toBe(runA);
    const merged = mergeScenarioResults([
      { scenario: natOn, results: runA },
      { scenario: natOff, results: [result('a', 'pass'), result('b', 'pass')] },
    ]);
    expect(merged.map((r) => [r.id, r.status])).toEqual([
      ['a', 'pass'],
      ['b', 'fail'],
    ]);
  });
});

describe('whenClause', () => {
  const four = [
    scenario({ A: true, B: true }),
    scenario({ A: true, B: false }),
    scenario({ A: false, B: true }),
    scenario({ A: false, B: false }),
  ];
  it('names the shared assumption when exactly the scenarios sharing it have the finding', () => {
    expect(whenClause([four[0], four[1]], four)).toBe('if condition A is true');
    expect(whenClause([four[3]], four)).toBe('if condition A is false and condition B is false');
    expect(whenClause(four, four)).toBe('');
  });
  it('lists each scenario when no shared assumption says it exactly', () => {
    expect(whenClause([four[0], four[3]], four)).toBe(
      'if condition A is true and condition B is true, or if condition A is false and condition B is false',
    );
  });
});
