import { describe, expect, it } from 'vitest';
import { LabError } from '../errors';
import type { CheckStatus, Severity } from '../types';
import { auditExitCode, DEFAULT_FAIL_ON, parseFailOn } from './severity';

const c = (severity: Severity, status: CheckStatus) => ({ severity, status });

describe('parseFailOn', () => {
  it('defaults to high and reads every severity and none, in any case', () => {
    expect(parseFailOn(undefined)).toBe(DEFAULT_FAIL_ON);
    expect(DEFAULT_FAIL_ON).toBe('high');
    for (const s of ['critical', 'high', 'medium', 'low', 'none']) expect(parseFailOn(s.toUpperCase())).toBe(s);
  });

  it('refuses anything else as a usage error', () => {
    expect(() => parseFailOn('severe')).toThrow(LabError);
    expect(() => parseFailOn('severe')).toThrow(/--fail-on takes critical, high, medium, low or none, not "severe"/);
  });
});

describe('auditExitCode', () => {
  it('is 1 when a check fails at the threshold or above, 0 below it', () => {
    const checks = [c('medium', 'fail'), c('critical', 'pass')];
    expect(auditExitCode(checks, 'high')).toBe(0);
    expect(auditExitCode(checks, 'medium')).toBe(1);
    expect(auditExitCode(checks, 'low')).toBe(1);
    expect(auditExitCode([c('critical', 'fail')], 'critical')).toBe(1);
  });

  it('counts failures only: errors, skips (suppressed checks included) and passes never fail the run', () => {
    expect(auditExitCode([c('critical', 'error'), c('critical', 'skip'), c('critical', 'pass')], 'low')).toBe(0);
  });

  it('none never fails the run', () => {
    expect(auditExitCode([c('critical', 'fail')], 'none')).toBe(0);
  });
});
