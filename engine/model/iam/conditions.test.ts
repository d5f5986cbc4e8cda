import { describe, expect, it } from 'vitest';
import { evaluateClause, evaluateConditions } from './conditions';

const clause = (operator: string, key: string, ...values: string[]) => ({ operator, key, values });

describe('condition operators', () => {
  it('StringEquals is exact and case-sensitive; StringEqualsIgnoreCase is not', () => {
    expect(evaluateClause(clause('StringEquals', 'aws:PrincipalTag/team', 'web'), { 'aws:PrincipalTag/team': 'web' }, true).result).toBe(true);
    expect(evaluateClause(clause('StringEquals', 'aws:PrincipalTag/team', 'web'), { 'aws:PrincipalTag/team': 'Web' }, true).result).toBe(false);
    expect(evaluateClause(clause('StringEqualsIgnoreCase', 'k', 'web'), { k: 'Web' }, true).result).toBe(true);
  });

  it('several values are alternatives; condition key names ignore case', () => {
    expect(evaluateClause(clause('StringEquals', 'AWS:SourceAccount', '111', '222'), { 'aws:sourceaccount': '222' }, true).result).toBe(true);
  });

  it('StringLike takes wildcards, StringEquals does not', () => {
    expect(evaluateClause(clause('StringLike', 's3:prefix', 'home/*'), { 's3:prefix': 'home/alice' }, true).result).toBe(true);
    expect(evaluateClause(clause('StringEquals', 's3:prefix', 'home/*'), { 's3:prefix': 'home/alice' }, true).result).toBe(false);
  });

  it('ArnLike and ArnEquals compare ARNs segment by segment', () => {
    const ctx = { 'aws:SourceArn': 'arn:aws:ecs:us-east-1:123456789012:task/cluster/abc' };
    expect(evaluateClause(clause('ArnLike', 'aws:SourceArn', 'arn:aws:ecs:*:123456789012:*'), ctx, true).result).toBe(true);
    expect(evaluateClause(clause('ArnEquals', 'aws:SourceArn', 'arn:aws:ecs:*:999999999999:*'), ctx, true).result).toBe(false);
    expect(evaluateClause(clause('ArnNotLike', 'aws:SourceArn', 'arn:aws:ecs:*:123456789012:*'), ctx, true).result).toBe(false);
  });

  it('Bool compares true/false without regard to case', () => {
    expect(evaluateClause(clause('Bool', 'aws:SecureTransport', 'false'), { 'aws:SecureTransport': false }, true).result).toBe(true);
    expect(evaluateClause(clause('Bool', 'aws:SecureTransport', 'FALSE'), { 'aws:SecureTransport': 'false' }, true).result).toBe(true);
    expect(evaluateClause(clause('Bool', 'aws:SecureTransport', 'false'), { 'aws:SecureTransport': true }, true).result).toBe(false);
  });

  it('with a complete context, an absent key follows AWS: IfExists and negated operators hold, others do not', () => {
    expect(evaluateClause(clause('StringEquals', 'aws:SourceVpce', 'vpce-1'), {}, true).result).toBe(false);
    expect(evaluateClause(clause('StringEqualsIfExists', 'aws:SourceVpce', 'vpce-1'), {}, true).result).toBe(true);
    expect(evaluateClause(clause('StringNotEquals', 'aws:SourceVpce', 'vpce-1'), {}, true).result).toBe(true);
    expect(evaluateClause(clause('Null', 'aws:SourceVpce', 'true'), {}, true).result).toBe(true);
    expect(evaluateClause(clause('Null', 'aws:SourceVpce', 'false'), { 'aws:SourceVpce': 'vpce-1' }, true).result).toBe(true);
  });

  it('IfExists still compares when the key is there', () => {
    expect(evaluateClause(clause('StringEqualsIfExists', 'aws:SourceVpce', 'vpce-1'), { 'aws:SourceVpce': 'vpce-2' }, true).result).toBe(false);
  });

  it('ForAnyValue needs one request value to match; ForAllValues needs every one', () => {
    const tags = { 'aws:TagKeys': ['team', 'cost-center'] };
    expect(evaluateClause(clause('ForAnyValue:StringEquals', 'aws:TagKeys', 'team'), tags, true).result).toBe(true);
    expect(evaluateClause(clause('ForAllValues:StringEquals', 'aws:TagKeys', 'team'), tags, true).result).toBe(false);
    expect(evaluateClause(clause('ForAllValues:StringEquals', 'aws:TagKeys', 'team', 'cost-center'), tags, true).result).toBe(true);
    expect(evaluateClause(clause('ForAnyValue:StringLike', 'aws:TagKeys', 'cost-*'), tags, true).result).toBe(true);
    // With the key absent, ForAllValues holds vacuously and ForAnyValue does not.
    expect(evaluateClause(clause('ForAllValues:StringEquals', 'aws:TagKeys', 'team'), {}, true).result).toBe(true);
    expect(evaluateClause(clause('ForAnyValue:StringEquals', 'aws:TagKeys', 'team'), {}, true).result).toBe(false);
  });

  it('a key the simulation does not supply is unknown, not absent', () => {
    const out = evaluateClause(clause('StringEquals', 'aws:SourceVpce', 'vpce-1'), {}, false);
    expect(out.result).toBe('unknown');
    expect(out.unknown[0].reason).toMatch(/aws:SourceVpce is not part of the simulated request/);
  });

  it('an operator the offline evaluator does not support is unknown, and says so', () => {
    const out = evaluateClause(clause('NumericLessThan', 's3:max-keys', '10'), { 's3:max-keys': '5' }, true);
    expect(out.result).toBe('unknown');
    expect(out.unknown[0].reason).toMatch(/NumericLessThan operator is not evaluated offline/);
  });

  it('policy variables are filled in from the context', () => {
    expect(evaluateClause(clause('StringLike', 's3:prefix', 'home/${aws:username}/*'), { 's3:prefix': 'home/bob/x', 'aws:username': 'bob' }, true).result).toBe(true);
    expect(evaluateClause(clause('StringLike', 's3:prefix', 'home/${aws:username}/*'), { 's3:prefix': 'home/bob/x' }, true).result).toBe('unknown');
  });

  it('`${*}` is a literal asterisk in StringLike and StringEquals; a default fills an absent key', () => {
    expect(evaluateClause(clause('StringLike', 's3:prefix', 'a${*}'), { 's3:prefix': 'a*' }, true).result).toBe(true);
    expect(evaluateClause(clause('StringLike', 's3:prefix', 'a${*}'), { 's3:prefix': 'abc' }, true).result).toBe(false);
    expect(evaluateClause(clause('StringEquals', 's3:prefix', 'a${*}'), { 's3:prefix': 'a*' }, true).result).toBe(true);
    const team = clause('StringEquals', 'aws:ResourceTag/team', "${aws:PrincipalTag/team, 'none'}");
    expect(evaluateClause(team, { 'aws:ResourceTag/team': 'red', 'aws:PrincipalTag/team': 'red' }, true).result).toBe(true);
    expect(evaluateClause(team, { 'aws:ResourceTag/team': 'none' }, true).result).toBe(true);
    expect(evaluateClause(team, { 'aws:ResourceTag/team': 'red' }, true).result).toBe(false);
    expect(evaluateClause(team, { 'aws:ResourceTag/team': 'red' }, false).result).toBe('unknown');
  });

  it('clauses combine with AND: one false decides, else one unknown makes it unknown', () => {
    const ok = clause('Bool', 'aws:SecureTransport', 'true');
    const no = clause('StringEquals', 'aws:SourceAccount', '111');
    const unsure = clause('DateGreaterThan', 'aws:CurrentTime', '2020-01-01T00:00:00Z');
    const ctx = { 'aws:SecureTransport': true, 'aws:SourceAccount': '222', 'aws:CurrentTime': 'now' };
    expect(evaluateConditions([ok, no, unsure], ctx, true).result).toBe(false);
    expect(evaluateConditions([ok, unsure], ctx, true).result).toBe('unknown');
    expect(evaluateConditions([ok], ctx, true).result).toBe(true);
    expect(evaluateConditions([], {}, false).result).toBe(true);
  });
});
