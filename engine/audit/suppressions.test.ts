import { describe, expect, it } from 'vitest';
import { LabError } from '../errors';
import type { ReportedCheck } from '../report/types';
import { applySuppressions, assertKnownIds, covers, parseSuppressFlag, parseSuppressions } from './suppressions';

describe('parseSuppressFlag', () => {
  it('reads <check-id>:<reason>, the reason keeping its own colons', () => {
    expect(parseSuppressFlag('network.multi-az: dev stack: one AZ is fine')).toEqual({ id: 'network.multi-az', reason: 'dev stack: one AZ is fine', source: '--suppress' });
  });

  it.each(['network.multi-az', 'network.multi-az:', 'network.multi-az:   ', ':a reason'])('refuses %j: a suppression needs an id and a reason', (flag) => {
    expect(() => parseSuppressFlag(flag)).toThrow(LabError);
    expect(() => parseSuppressFlag(flag)).toThrow(/--suppress needs a check id and a reason/);
  });
});

describe('parseSuppressions (a file)', () => {
  it('reads a YAML list, with an optional resource', () => {
    const text = '- id: network.multi-az\n  reason: dev stack\n- id: iam.no-admin-or-wildcard-actions\n  reason: the deploy role\n  resource: DeployRole\n';
    expect(parseSuppressions(text, 's.yaml')).toEqual([
      { id: 'network.multi-az', reason: 'dev stack', source: 's.yaml' },
      { id: 'iam.no-admin-or-wildcard-actions', reason: 'the deploy role', resource: 'DeployRole', source: 's.yaml' },
    ]);
  });

  it('reads JSON, as a list or under "suppressions"', () => {
    expect(parseSuppressions('[{"id": "a.b", "reason": "r"}]', 's.json', true)).toHaveLength(1);
    expect(parseSuppressions('{"suppressions": [{"id": "a.b", "reason": "r"}]}', 's.json', true)).toHaveLength(1);
  });

  it('refuses an entry without a reason, without an id, with unknown keys, or a file that is not a list', () => {
    expect(() => parseSuppressions('- id: a.b\n', 's.yaml')).toThrow(/s\.yaml entry 1 \(a\.b\) needs a reason/);
    expect(() => parseSuppressions('- id: a.b\n  reason: "  "\n', 's.yaml')).toThrow(/needs a reason/);
    expect(() => parseSuppressions('- reason: r\n', 's.yaml')).toThrow(/entry 1 needs an id/);
    expect(() => parseSuppressions('- id: a.b\n  reason: r\n  resorce: X\n', 's.yaml')).toThrow(/unknown key\(s\) resorce/);
    expect(() => parseSuppressions('id: a.b\n', 's.yaml')).toThrow(/must be a list/);
    expect(() => parseSuppressions('[', 's.json', true)).toThrow(LabError);
  });
});

describe('assertKnownIds', () => {
  it('refuses an id no check has, suggesting the near one', () => {
    expect(() => assertKnownIds([{ id: 'network.multi-za', reason: 'r', source: '--suppress' }], ['network.multi-az'])).toThrow(
      /--suppress: no check has the id "network\.multi-za" — did you mean network\.multi-az\?/,
    );
    expect(() => assertKnownIds([{ id: 'network.multi-az', reason: 'r', source: '--suppress' }], ['network.multi-az'])).not.toThrow();
  });
});

describe('covers', () => {
  const f = { message: 'm', logicalId: 'WorkerService1A2B', constructPath: 'App/Worker/Service/Service' };
  it('a suppression without a resource covers every finding of its check, and only its check', () => {
    expect(covers({ id: 'x.y', reason: 'r', source: 's' }, 'x.y', f)).toBe(true);
    expect(covers({ id: 'x.y', reason: 'r', source: 's' }, 'x.z', f)).toBe(false);
  });
  it('a resource matches the logical id or whole segments of the construct path', () => {
    expect(covers({ id: 'x.y', reason: 'r', resource: 'WorkerService1A2B', source: 's' }, 'x.y', f)).toBe(true);
    expect(covers({ id: 'x.y', reason: 'r', resource: 'Worker/Service', source: 's' }, 'x.y', f)).toBe(true);
    expect(covers({ id: 'x.y', reason: 'r', resource: 'Work', source: 's' }, 'x.y', f)).toBe(false);
    expect(covers({ id: 'x.y', reason: 'r', resource: 'Api', source: 's' }, 'x.y', f)).toBe(false);
  });
});

describe('applySuppressions', () => {
  const failing: ReportedCheck = {
    id: 'network.alb-reaches-tasks',
    title: 't',
    severity: 'critical',
    status: 'fail',
    durationMs: 1,
    findings: [
      { message: 'worker gets no traffic', logicalId: 'Worker', constructPath: 'App/Worker/Service' },
      { message: 'api unreachable', logicalId: 'Api', constructPath: 'App/Api/Service' },
    ],
  };
  const passing: ReportedCheck = { id: 'network.multi-az', title: 't', severity: 'medium', status: 'pass', durationMs: 1, findings: [] };

  it('moves covered findings under suppressed with their reason; the check still fails on the rest', () => {
    const { checks, unused } = applySuppressions([failing], [{ id: failing.id, reason: 'a queue worker', resource: 'Worker', source: 's' }]);
    expect(checks[0].status).toBe('fail');
    expect(checks[0].findings.map((f) => f.message)).toEqual(['api unreachable']);
    expect(checks[0].suppressed).toEqual([{ ...failing.findings[0], suppressedBecause: 'a queue worker' }]);
    expect(unused).toEqual([]);
  });

  it('a check whose every finding is suppressed is shown as skipped "suppressed: <reason>", never dropped', () => {
    const { checks } = applySuppressions([failing, passing], [{ id: failing.id, reason: 'accepted for the demo', source: 's' }]);
    expect(checks[0]).toMatchObject({ status: 'skip', findings: [{ message: 'suppressed: accepted for the demo' }] });
    expect(checks[0].suppressed).toHaveLength(2);
    expect(checks[1]).toBe(passing);
  });

  it('reports suppressions that matched nothing', () => {
    const unusedOne = { id: passing.id, reason: 'r', source: 's' };
    expect(applySuppressions([failing, passing], [unusedOne]).unused).toEqual([unusedOne]);
  });
});
