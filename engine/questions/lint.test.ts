import { describe, expect, it } from 'vitest';
import { LAB, questions, SECTIONS } from './fixtures';
import { correctIsLongest, lintQuestions, restatesVerdict, type LintContext } from './lint';
import { QuestionSchema, type Question } from './schema';

const ctx: LintContext = { covers: ['security/q/iam-role-separation', 'infrastructure/q/network', 'security/iam-roles'], checks: ['iam.task-role-least-privilege'], sections: SECTIONS };
const messages = (qs: Question[], c: LintContext = ctx) => lintQuestions(qs, c).map((i) => i.message);
const clone = (): Question[] => structuredClone(questions);
void LAB;

describe('lintQuestions', () => {
  it('passes the fixtures', () => {
    expect(messages(questions)).toEqual([]);
  });

  it('every key question the lab covers has a pool of at least 4', () => {
    expect(messages(questions, { ...ctx, covers: [...ctx.covers, 'security/q/secrets-rotation'] })).toEqual([
      'the lab covers security/q/secrets-rotation but no key question has curriculum: security/q/secrets-rotation',
    ]);
    const qs = clone();
    qs[1].items = qs[1].items.slice(0, 3);
    qs[1].draw = 2;
    expect(messages(qs)).toEqual(['network has 3 items; a pool needs at least 4 so a retry is a fresh draw']);
  });

  it('teaches must name an existing brief heading or a docs page', () => {
    const qs = clone();
    qs[0].items[0].teaches = 'brief#no-such-heading';
    qs[0].items[1].teaches = 'https://example.com/blog';
    expect(messages(qs)).toEqual(['brief.md has no heading with the anchor #no-such-heading', '"https://example.com/blog" is neither brief#<anchor> nor a page under https://docs.aws.amazon.com/ or https://docs.github.com/']);
  });

  it('an explanation that only restates "Right." fails', () => {
    const qs = clone();
    const choice = qs[0].items[0];
    if (choice.kind !== 'choice') throw new Error('fixture');
    choice.options[1].explanation = 'Right.';
    choice.options[0].explanation = 'Wrong, not quite.';
    const m = qs[0].items[2];
    if (m.kind !== 'match') throw new Error('fixture');
    m.explanation = 'Correct! Yes.';
    expect(messages(qs)).toEqual([
      'the explanation "Wrong, not quite." only gives a verdict — say why',
      'the explanation "Right." only gives a verdict — say why',
      'the explanation "Correct! Yes." only gives a verdict — say why',
    ]);
    expect(restatesVerdict('Right. The task role signs the app’s calls.')).toBe(false);
  });

  it('evidence must name one of the lab’s checks', () => {
    expect(messages(questions, { ...ctx, checks: ['ecs.service-behind-listener'] })).toEqual([
      "check iam.task-role-least-privilege is not one of the lab's checks (ecs.service-behind-listener)",
    ]);
  });

  it('fails when the correct option is the longest in more than a third of the choice items', () => {
    const item = (id: string, longestRight: boolean) =>
      QuestionSchema.shape.items.element.parse({
        id,
        kind: 'choice',
        teaches: 'brief#least-privilege',
        prompt: 'p',
        options: [
          { key: 'a', text: longestRight ? 'the right one, and long' : 'right', correct: true, explanation: 'Because it signs the calls.' },
          { key: 'b', text: longestRight ? 'wrong' : 'a wrong one, and long', explanation: 'Because it starts the task.' },
          { key: 'c', text: 'other', explanation: 'Because it is not used at all.' },
        ],
      });
    const qs = clone();
    // The fixtures have two choice/multi items with short right options: 1 of 3 is allowed, 2 of 4 not.
    qs[0].items.push(item('long-1', true));
    expect(messages(qs)).toEqual([]);
    qs[0].items.push(item('long-2', true));
    expect(messages(qs)).toEqual(['the correct option is the longest in 2 of 4 choice items (long-1, long-2); at most a third may be — lengthen the wrong options']);
  });

  it('correctIsLongest needs a strictly longest option', () => {
    expect(correctIsLongest([{ text: 'aaaa', correct: true }, { text: 'bbbb', correct: false }])).toBe(false);
    expect(correctIsLongest([{ text: 'aaaaa', correct: true }, { text: 'bbbb', correct: false }])).toBe(true);
  });
});
