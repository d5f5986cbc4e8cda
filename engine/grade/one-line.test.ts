import { describe, expect, it } from 'vitest';
import { firstIssue, oneLine } from './one-line';

describe('oneLine', () => {
  it('keeps the first line, without control characters or bidi overrides, capped', () => {
    expect(oneLine('\x1b[31mred\u202e\nsecond')).toBe('[31mred');
    expect(oneLine('x'.repeat(400))).toHaveLength(300);
  });
});

describe('firstIssue', () => {
  it('names the path of the first problem, or says invalid', () => {
    expect(firstIssue({ issues: [{ path: ['learners', 0, 'points'], message: 'Expected number' }] })).toBe('learners.0.points: Expected number');
    expect(firstIssue({ issues: [{ path: [], message: 'Expected object' }] })).toBe('Expected object');
    expect(firstIssue({ issues: [] })).toBe('invalid');
  });
});
