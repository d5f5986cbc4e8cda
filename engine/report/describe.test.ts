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

  it('names only the failing part: wrong items with what was answered, a missing reflection', () => {
    const [, wrong, unanswered] = failingReport().questions!;
    expect(questionProblems(wrong)).toEqual([
      'choice managed-policy: answered b) Attach the AWS managed policy for the service — A managed policy is broad by design. See brief: “Least privilege, concretely” (`lab brief`).',
      'short answer vpc-cidr: answered 10.0.0.0/24 — Not the expected value. See brief: “Least privilege, concretely” (`lab brief`).',
      'evidence task-role-evidence: Your stack does not pass “Task role is least privilege” yet. See brief: “Least privilege, concretely” (`lab brief`).',
    ]);
    expect(questionProblems(unanswered)).toEqual([
      'choice blast-choice: Not answered — see brief: “Trust policies” (`lab brief`).',
      'reflection: 2 of the 25 words needed — say more under "Your reflection:" in answers.md',
    ]);
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
