// The no-leak rule, end to end: items answered wrong are graded by the real grader and rendered by
// every reporter, and no output holds the right answer or the right option's explanation.
import { describe, expect, it } from 'vitest';
import type { ItemAnswer, LabAnswers } from '../questions/answers-file';
import type { DrawnItem } from '../questions/draw';
import { fullDraw, REFLECTION, SECTIONS } from '../questions/fixtures';
import { gradeAll } from '../questions/grade';
import { rightAnswer } from '../questions/solve';
import { REPORTER_NAMES, renderReport } from './reporters';
import { check, makeReport } from './test-fixtures';

const draw = fullDraw('no-leak');
const drawn = draw.questions.flatMap((q) => q.items);

/** A wrong answer to every item (the multi-select picks one right and one wrong option). */
function wrongAnswer(d: DrawnItem): ItemAnswer | undefined {
  const right = rightAnswer(d);
  switch (d.kind) {
    case 'choice':
      return { kind: 'choice', label: d.options.find((o) => right?.kind === 'choice' && o.label !== right.label)!.label };
    case 'multi': {
      const labels = right?.kind === 'multi' ? right.labels : [];
      return { kind: 'multi', labels: [labels[0], d.options.find((o) => !labels.includes(o.label))!.label] };
    }
    case 'match': {
      const pairs = right?.kind === 'match' ? right.pairs : {};
      const other = (l: string) => d.right.find((r) => r.label !== l)!.label;
      return { kind: 'match', pairs: { ...pairs, 1: other(pairs[1]) } };
    }
    case 'order':
      return { kind: 'order', labels: right?.kind === 'order' ? [...right.labels].reverse() : [] };
    case 'exact':
      return { kind: 'exact', value: '80' };
    case 'evidence':
      return undefined;
  }
}

/** What must never appear once an item is answered wrong. */
function secrets(d: DrawnItem): string[] {
  switch (d.kind) {
    case 'choice':
    case 'multi':
      return d.item.options.filter((o) => o.correct).flatMap((o) => [o.text, o.explanation.replace(/^Right\. /, '')]);
    case 'exact':
      return [d.item.explanation, ...(d.item.format === 'number' ? [] : [d.item.answer])];
    default:
      return [d.item.explanation];
  }
}

describe('no reporter reveals the right answer to an item answered wrong', () => {
  const answers: LabAnswers = { items: {}, reflections: { roles: REFLECTION, network: REFLECTION } };
  for (const d of drawn) {
    const a = wrongAnswer(d);
    if (a) answers.items[d.item.id] = a;
  }
  const failing = check({ id: 'iam.task-role-least-privilege', title: 'Task role is least privilege', status: 'fail', findings: [{ message: 'broad' }] });
  const grades = gradeAll(draw, answers, { checks: [failing], sections: SECTIONS });
  const report = makeReport([failing], grades);
  const choice = drawn.find((d) => d.kind === 'choice') as Extract<DrawnItem, { kind: 'choice' }>;
  const chosen = answers.items[choice.item.id] as Extract<ItemAnswer, { kind: 'choice' }>;
  const chosenExplanation = choice.item.options.find((o) => o.key === choice.options.find((x) => x.label === chosen.label)!.key)!.explanation;

  it('every item is graded wrong', () => {
    expect(grades.flatMap((q) => q.items).filter((i) => i.passed)).toEqual([]);
  });

  it.each(REPORTER_NAMES)('%s', (name) => {
    const out = renderReport(name, report, { repoRoot: '/' });
    for (const d of drawn) for (const secret of secrets(d)) expect(out, `${d.item.id}: ${secret}`).not.toContain(secret);
    // The wrong choice's own explanation is what the learner gets instead.
    expect(out).toContain(chosenExplanation.slice(0, 30));
  });

  it('the same answers right do show the explanations (the test above can fail)', () => {
    const right = gradeAll(draw, { items: Object.fromEntries(drawn.flatMap((d) => (rightAnswer(d) ? [[d.item.id, rightAnswer(d)!]] : []))), reflections: answers.reflections }, { checks: [{ ...failing, status: 'pass' }] });
    const out = renderReport('json', makeReport([{ ...failing, status: 'pass' }], right));
    expect(out).toContain('signed with the task role');
    expect(out).toContain('Image pulls and log streams');
  });
});
