import { describe, expect, it } from 'vitest';
import { checkCounts, findingLines, formatDuration, nextStep, questionProblems, workspacePath } from './describe';
import { check, failingReport, makeReport, passingReport, question, WORKSPACE } from './test-fixtures';

describe('workspacePath', () => {
  it('makes absolute paths inside the workspace relative and leaves others alone', () => {
    expect(workspacePath(`${WORKSPACE}/lib/a.ts`, WORKSPACE)).toBe('lib/a.ts');
    expect(workspacePath('/elsewhere/a.ts', WORKSPACE)).toBe('/elsewhere/a.ts');
    expect(workspacePath('stack.ts', WORKSPACE)).toBe('stack.ts');
  });
});

describe('findingLines', () => {
  it('shows only the parts a finding has', () => {
    expect(findingLines({ message: 'm' }, WORKSPACE)).toEqual(['m']);
    expect(findingLines({ message: 'm', constructPath: 'Lab/X' }, WORKSPACE)).toEqual(['m', 'resource Lab/X']);
    expect(findingLines({ message: 'm', logicalId: 'X1', hint: 'h' }, WORKSPACE)).toEqual(['m', 'resource X1', '→ h']);
  });
});

describe('questionProblems', () => {
  it('is empty for a passing question', () => {
    expect(questionProblems(question({ id: 'q' }))).toEqual([]);
  });

  it('names only the failing part', () => {
    const q = question({ id: 'q', passed: false, open: { answered: true, passed: false, concepts: [{ concept: 'a', found: false }], missing: ['a'], minConcepts: 1 } });
    expect(questionProblems(q)).toEqual(['open answer: names 0 of the 1 concepts needed; missing: a']);
  });
});

describe('summary words', () => {
  it('counts problems first and leaves out zeros', () => {
    expect(checkCounts(failingReport())).toBe('2 failed, 1 errored, 1 skipped, 1 passed (5)');
    expect(checkCounts(makeReport([]))).toBe('none (0)');
  });

  it('formats durations', () => {
    expect(formatDuration(340.4)).toBe('340ms');
    expect(formatDuration(1234)).toBe('1.2s');
  });
});

describe('nextStep', () => {
  it('says what to do in each situation', () => {
    expect(nextStep(passingReport())).toMatch(/^All checks and questions pass/);
    expect(nextStep(failingReport())).toContain('(iam.task-role-least-privilege)');
    expect(nextStep(makeReport([check({ id: 'a.err', status: 'error', findings: [{ message: 'x' }] })]))).toContain('could not run (a.err)');
    expect(nextStep(makeReport([check({ id: 'a.skip', status: 'skip', findings: [{ message: 'x' }] })]))).toContain('skipped (a.skip)');
  });
});
