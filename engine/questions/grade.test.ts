import { describe, expect, it } from 'vitest';
import type { CheckResult } from '../types';
import type { ItemAnswer } from './answers-file';
import { drawQuestion, type DrawnItem } from './draw';
import { fullDraw, LAB, network, REFLECTION, SECTIONS } from './fixtures';
import { gradeAll, gradeItem, gradeReflection, withoutVerdict } from './grade';
import { exactMatches, parseExact } from './normalize';
import { rightAnswer, rightAnswers } from './solve';

const draw = fullDraw();
const item = <K extends DrawnItem['kind']>(id: string) => draw.questions.flatMap((q) => q.items).find((d) => d.item.id === id) as Extract<DrawnItem, { kind: K }>;
const ctx = { sections: SECTIONS };
const label = (d: Extract<DrawnItem, { kind: 'choice' | 'multi' }>, key: string) => d.options.find((o) => o.key === key)!.label;

describe('choice', () => {
  const d = item<'choice'>('s3-denied');
  it('right: the chosen option’s explanation, without a second "Right."', () => {
    const g = gradeItem(d, { kind: 'choice', label: label(d, 'b') }, ctx);
    expect(g).toMatchObject({ passed: true, points: 1, maxPoints: 1, kind: 'choice' });
    expect(g.feedback).toBe("Your code's AWS calls are signed with the task role's credentials.");
    expect(g.answer).toBe(`${label(d, 'b')}) The task role of the task`);
  });

  it('wrong: the chosen option’s explanation and where to read — never the right one', () => {
    const g = gradeItem(d, { kind: 'choice', label: label(d, 'a') }, ctx);
    expect(g.passed).toBe(false);
    expect(g.points).toBe(0);
    expect(g.feedback).toBe('The execution role is what ECS uses to start the task, not what your code uses. See brief: “Who uses which role, and when” (`lab brief`).');
    expect(JSON.stringify(g)).not.toContain('task role of the task');
    expect(JSON.stringify(g)).not.toContain('signed with');
  });

  it('unanswered', () => {
    expect(gradeItem(d, undefined, ctx)).toMatchObject({ passed: false, feedback: 'Not answered — see brief: “Who uses which role, and when” (`lab brief`).' });
    expect(gradeItem(d, undefined, ctx).answer).toBeUndefined();
  });
});

describe('multi', () => {
  const d = item<'multi'>('agent-needs');
  it('right in any order', () => {
    expect(gradeItem(d, { kind: 'multi', labels: [label(d, 'c'), label(d, 'a')] }).passed).toBe(true);
    expect(gradeItem(d, { kind: 'multi', labels: [label(d, 'a'), label(d, 'c')] }).passed).toBe(true);
  });

  it('a subset or a superset is wrong; only wrongly picked options are explained', () => {
    const subset = gradeItem(d, { kind: 'multi', labels: [label(d, 'a')] }, ctx);
    expect(subset.passed).toBe(false);
    expect(subset.feedback).not.toContain('pulls the image');
    const superset = gradeItem(d, { kind: 'multi', labels: [label(d, 'a'), label(d, 'b'), label(d, 'c')] }, ctx);
    expect(superset.passed).toBe(false);
    expect(superset.feedback).toContain('Your app reads the bucket, with the task role.');
    expect(superset.feedback).not.toContain('creates the log stream');
  });
});

describe('match and order', () => {
  const m = item<'match'>('permission-to-role');
  const o = item<'order'>('rotation-steps');
  it('right and wrong', () => {
    const right = rightAnswer(m) as Extract<ItemAnswer, { kind: 'match' }>;
    expect(gradeItem(m, right).passed).toBe(true);
    expect(gradeItem(m, right).feedback).toBe('Image pulls and log streams are the agent’s job; the bucket is the app’s.');
    const swapped = { kind: 'match' as const, pairs: { ...right.pairs, 1: right.pairs[2], 2: right.pairs[1] } };
    const wrong = gradeItem(m, right.pairs[1] === right.pairs[2] ? { kind: 'match', pairs: { ...right.pairs, 1: m.right.find((r) => r.value === 'nobody')!.label } } : swapped, ctx);
    expect(wrong.passed).toBe(false);
    expect(wrong.feedback).toBe('At least one pair is not right. See brief: “Least privilege, concretely” (`lab brief`).');

    const order = rightAnswer(o) as Extract<ItemAnswer, { kind: 'order' }>;
    expect(gradeItem(o, order).passed).toBe(true);
    const reversed = gradeItem(o, { kind: 'order', labels: [...order.labels].reverse() }, ctx);
    expect(reversed.passed).toBe(false);
    expect(reversed.feedback).toMatch(/^The steps are not in the right order yet\. See https:\/\/docs\.aws\.amazon\.com\//);
  });
});

describe('exact', () => {
  const port = item<'exact'>('https-port');
  it('normalises spaces, case, quotes; numbers within tolerance; accepted spellings', () => {
    for (const v of ['443', ' 443 ', '"443"', '443.', '443.0', 'HTTPS', ' https ']) expect(gradeItem(port, { kind: 'exact', value: v }).passed, v).toBe(true);
    for (const v of ['444', '80', 'http']) expect(gradeItem(port, { kind: 'exact', value: v }).passed, v).toBe(false);
    expect(gradeItem(port, { kind: 'exact', value: 'four' }, ctx).feedback).toMatch(/^“four” is not read as a number\. See brief/);
    expect(gradeItem(port, { kind: 'exact', value: '80' }, ctx).feedback).not.toContain('443');
  });

  const at = (id: string) => network.items.find((i) => i.id === id) as Extract<DrawnItem, { kind: 'exact' }>['item'];
  it('cidr compares canonical networks', () => {
    expect(exactMatches(at('vpc-cidr'), '10.0.0.0/16')).toBe(true);
    expect(exactMatches(at('vpc-cidr'), ' 10.0.7.1/16 ')).toBe(true);
    expect(exactMatches(at('vpc-cidr'), '10.0.0.0/24')).toBe(false);
    expect(exactMatches(at('vpc-cidr'), '10.0.0.0')).toBe(false);
    expect(parseExact('::/0', 'cidr')).toBe('6:0/0');
  });

  it('arn-action is case-insensitive service:Action', () => {
    expect(exactMatches(at('pull-action'), 'ECR:getDownloadUrlForLayer')).toBe(true);
    expect(exactMatches(at('pull-action'), '`ecr:GetDownloadUrlForLayer`')).toBe(true);
    expect(exactMatches(at('pull-action'), 'ecr:BatchGetImage')).toBe(false);
    expect(parseExact('ecr GetDownloadUrlForLayer', 'arn-action')).toBeUndefined();
  });

  it('number tolerance, thousands separators', () => {
    expect(exactMatches(at('timeout'), '6')).toBe(true);
    expect(exactMatches(at('timeout'), '4.0')).toBe(true);
    expect(exactMatches(at('timeout'), '7')).toBe(false);
    expect(parseExact('1,000', 'number')).toBe('1000');
    expect(parseExact('abc', 'number')).toBeUndefined();
  });

  it('text ignores case and runs of spaces but not words', () => {
    expect(exactMatches(at('sg-name'), '  service   sg ')).toBe(true);
    expect(exactMatches(at('sg-name'), 'service-sg')).toBe(false);
  });
});

describe('evidence', () => {
  const d = item<'evidence'>('least-privilege-in-stack');
  const result = (status: CheckResult['status']): CheckResult[] => [{ id: 'iam.task-role-least-privilege', title: 'Task role is least privilege', severity: 'high', status, findings: [], durationMs: 1 }];
  it('is right exactly when its check passes in the same run', () => {
    expect(gradeItem(d, undefined, { checks: result('pass') })).toMatchObject({ passed: true, check: { id: 'iam.task-role-least-privilege', status: 'pass' } });
    const failing = gradeItem(d, undefined, { checks: result('fail'), sections: SECTIONS });
    expect(failing).toMatchObject({ passed: false, check: { status: 'fail' } });
    expect(failing.feedback).toMatch(/^Your stack does not pass “Task role is least privilege” yet\. See brief/);
    expect(gradeItem(d, undefined, { checks: result('skip') }).passed).toBe(false);
    expect(gradeItem(d, undefined, {}).check?.status).toBe('not-run');
  });
});

describe('reflection and key questions', () => {
  it('a reflection needs 25 words; the model answer shows only once it is written', () => {
    const r = draw.questions[0].question.reflection;
    expect(gradeReflection(r, 'Too short.')).toMatchObject({ present: false, words: 2 });
    expect(gradeReflection(r, 'Too short.').modelAnswer).toBeUndefined();
    const ok = gradeReflection(r, REFLECTION);
    expect(ok.present).toBe(true);
    expect(ok.modelAnswer).toBe(r.modelAnswer);
  });

  it('never scores the reflection’s words: the opposite of the lesson passes as "present" only', () => {
    const opposite = 'One role with AdministratorAccess for everything is best, execution role and task role are the same thing, least privilege is overkill and secrets belong baked into the image always.';
    const g = gradeReflection(draw.questions[0].question.reflection, opposite);
    expect(g.present).toBe(true);
    expect(Object.keys(g).sort()).toEqual(['modelAnswer', 'present', 'prompt', 'selfCheck', 'text', 'words']);
  });

  it('a key question passes when all drawn items are right and the reflection is written; points per item', () => {
    const checks: CheckResult[] = [{ id: 'iam.task-role-least-privilege', title: 'x', severity: 'high', status: 'pass', findings: [], durationMs: 1 }];
    const all = gradeAll(draw, rightAnswers(draw, { roles: REFLECTION, network: REFLECTION }), { checks });
    expect(all.map((q) => q.passed)).toEqual([true, true]);
    expect(all[0].points).toBe(6);
    expect(all[0].maxPoints).toBe(6);
    const noReflection = gradeAll(draw, rightAnswers(draw), { checks });
    expect(noReflection.map((q) => q.passed)).toEqual([false, false]);
    expect(noReflection[0].points).toBe(6);
  });

  it('a retry draw is graded against its own items', () => {
    const retry = drawQuestion(network, LAB, 'seed-1', 3);
    expect(retry.items.every((d) => gradeItem(d, rightAnswer(d)).passed)).toBe(true);
  });
});

it('withoutVerdict drops a leading verdict only', () => {
  expect(withoutVerdict('Right. The task role.')).toBe('The task role.');
  expect(withoutVerdict('Correct — it is.')).toBe('it is.');
  expect(withoutVerdict('Rightsizing matters.')).toBe('Rightsizing matters.');
  expect(withoutVerdict('Right.')).toBe('Right.');
});
