import { describe, expect, it } from 'vitest';
import { HOSTILE_NAME, sampleInput } from './fixtures';
import { checkRates, classStats, hardestChecks, itemRates, labRates } from './stats';

describe('the instructor report’s numbers', () => {
  const input = sampleInput();

  it('counts a lab’s pass rate over all its learners, one that could not be graded included', () => {
    // alice passes; bob and the hostile one fail a check; dave errored.
    expect(labRates(input.report)).toEqual([{ key: 'security/iam-roles', label: 'security/iam-roles', passed: 1, total: 4, skipped: 0 }]);
  });

  it('counts a check over the learners it judged: a skip is apart, an errored learner has no verdict', () => {
    const rates = Object.fromEntries(checkRates(input).map((r) => [r.key, [r.passed, r.total, r.skipped]]));
    expect(rates).toEqual({
      'iam.task-role-least-privilege': [1, 3, 0],
      'iam.execution-role-separate': [2, 3, 0],
      'ecs.service-behind-listener': [2, 2, 1],
    });
  });

  it('counts a question item over the learners it was drawn for', () => {
    expect(itemRates(input).map((r) => [r.key, r.passed, r.total])).toEqual([['roles/who-signs', 2, 3]]);
    // An item drawn for one learner only counts that learner.
    const one = sampleInput();
    one.details.get('class/alice')!.questions![0].items.push({ ...one.details.get('class/alice')!.questions![0].items[0], id: 'rare', passed: false });
    expect(itemRates(one).find((r) => r.key === 'roles/rare')).toMatchObject({ passed: 0, total: 1 });
  });

  it('lists the hardest checks first, only those that failed someone, with the most common finding', () => {
    const hard = hardestChecks(input);
    expect(hard.map((r) => [r.key, r.failing])).toEqual([
      ['iam.task-role-least-privilege', 2],
      ['iam.execution-role-separate', 1],
    ]);
    expect(hard[0].commonFinding).toEqual({ message: 'iam.task-role-least-privilege failed for this learner', count: 2 });
    expect(hardestChecks(input, 1)).toHaveLength(1);
  });

  it('takes a learner’s details by path only when the learner was graded', () => {
    const input2 = sampleInput();
    // A stale report under the errored learner's path must not count.
    input2.details = new Map([...input2.details, ['class/dave', input2.details.get(HOSTILE_NAME)!]]);
    expect(classStats(input2).checks).toEqual(classStats(input).checks);
  });
});
