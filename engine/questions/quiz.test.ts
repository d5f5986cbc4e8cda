import { PassThrough, Writable } from 'node:stream';
import { stripVTControlCharacters } from 'node:util';
import { describe, expect, it } from 'vitest';
import { LabError } from '../errors';
import { drawQuestion, type DrawnItem } from './draw';
import { LAB, network, REFLECTION, roles, SECTIONS } from './fixtures';
import { assertInteractive, runQuiz } from './quiz';
import { rightAnswer } from './solve';

const DOWN = '\x1b[B';
const ENTER = '\r';
const SPACE = ' ';
const CTRL_C = '\x03';
const SEED = 'quiz-seed';

/**
 * A fake terminal. Each step waits until `waitFor` has been drawn (after the previous step's
 * match), then types `keys` one keypress chunk at a time, the way a person would.
 */
function terminal() {
  const input = new PassThrough();
  let screen = '';
  const output = new Writable({
    write(chunk, _enc, done) {
      screen += stripVTControlCharacters(chunk.toString());
      done();
    },
  });
  Object.assign(output, { columns: 200, rows: 60 });
  let seen = 0;

  async function waitFor(text: string) {
    for (let t = 0; t < 400; t++) {
      const at = screen.indexOf(text, seen);
      if (at >= 0) {
        seen = at + text.length;
        return;
      }
      await new Promise((r) => setTimeout(r, 5));
    }
    throw new Error(`never drew ${JSON.stringify(text)}; screen:\n${screen.slice(-3000)}`);
  }

  async function play(steps: [waitFor: string, ...keys: string[]][]) {
    for (const [text, ...keys] of steps) {
      await waitFor(text);
      for (const k of keys) {
        input.write(k);
        await new Promise((r) => setImmediate(r));
      }
    }
  }

  return { input, output, play, screen: () => screen };
}

type Step = [string, ...string[]];
const down = (n: number) => Array<string>(n).fill(DOWN);

/** The keypresses that answer a drawn item: right, or (for choice/exact) wrong. */
function keysFor(d: DrawnItem, right = true): Step[] {
  const a = rightAnswer(d);
  switch (d.kind) {
    case 'choice': {
      const want = a!.kind === 'choice' ? a!.label : '';
      const index = d.options.findIndex((o) => (right ? o.label === want : o.label !== want));
      return [[d.item.prompt, ...down(index), ENTER]];
    }
    case 'multi': {
      const want = a!.kind === 'multi' ? a!.labels : [];
      const keys = d.options.flatMap((o, i) => [...(want.includes(o.label) ? [SPACE] : []), ...(i < d.options.length - 1 ? [DOWN] : [])]);
      return [[d.item.prompt, ...keys, ENTER]];
    }
    case 'match': {
      const pairs = a!.kind === 'match' ? a!.pairs : {};
      return d.left.map((p, i) => [`${i + 1}/${d.left.length}: ${d.item.pairs[p].left}`, ...down(d.right.findIndex((r) => r.label === pairs[i + 1])), ENTER] as Step);
    }
    case 'order': {
      const seq = a!.kind === 'order' ? a!.labels : [];
      const steps: Step[] = [];
      const left = d.steps.map((s) => s.label);
      for (const [n, l] of seq.slice(0, -1).entries()) {
        steps.push([`Step ${n + 1} of ${d.steps.length}:`, ...down(left.indexOf(l)), ENTER]);
        left.splice(left.indexOf(l), 1);
      }
      return steps;
    }
    case 'exact':
      return [[d.item.prompt, right ? d.item.answer : '1', ENTER]];
    case 'evidence':
      return [[`Judged by your stack: ${d.item.check}`]];
  }
}

describe('runQuiz', () => {
  it('asks every kind of item, gives feedback, asks the reflection and shows the model answer', async () => {
    const t = terminal();
    const quiz = runQuiz({ questions: [roles], lab: LAB, seed: SEED, sections: SECTIONS, input: t.input, output: t.output });
    const dq = drawQuestion(roles, LAB, SEED);
    await t.play([
      ...dq.items.flatMap((d) => keysFor(d)),
      ['Reflection —', 'Too short.', ENTER],
      ['2 of the 25 words needed', ...down(0)],
    ]);
    // The validation message stays until the text is long enough.
    await t.play([['', ' ' + REFLECTION, ENTER], ['Model answer — compare it with yours']]);
    const result = await quiz;
    expect(result.right).toBe(5);
    expect(result.asked).toBe(5);
    for (const d of dq.items) if (d.kind !== 'evidence') expect(result.answers.items[d.item.id], d.item.id).toEqual(rightAnswer(d));
    expect(result.answers.reflections.roles).toBe(`Too short. ${REFLECTION}`);
    const screen = t.screen();
    expect(screen).toContain("Right. Your code's AWS calls are signed with the task role's credentials.");
    expect(screen).not.toContain('Right. Right.');
    expect(screen).toContain(roles.reflection.modelAnswer);
    for (const s of roles.reflection.selfCheck) expect(screen).toContain(s);
  });

  it('a wrong item gets its own explanation and where to read, not the answer; a retry draws afresh', async () => {
    const t = terminal();
    const quiz = runQuiz({ questions: [network], lab: LAB, seed: SEED, sections: SECTIONS, answers: { items: {}, reflections: { network: REFLECTION } }, input: t.input, output: t.output });
    const first = drawQuestion(network, LAB, SEED);
    const retry = drawQuestion(network, LAB, SEED, 1);
    await t.play([
      ...keysFor(first.items[0], false),
      ...keysFor(first.items[1]),
      ['Reflection —', ENTER],
      ['Retry “Who may reach the tasks?” with a fresh draw', ENTER],
      ...retry.items.flatMap((d) => keysFor(d)),
    ]);
    const result = await quiz;
    expect(result.attempts).toEqual({ network: 1 });
    expect(result.right).toBe(2);
    for (const d of retry.items) expect(result.answers.items[d.item.id]).toEqual(rightAnswer(d));
    for (const d of first.items) if (!retry.items.some((r) => r.item.id === d.item.id)) expect(result.answers.items[d.item.id]).toBeUndefined();
    const screen = t.screen();
    expect(screen).toMatch(/Not quite\. (Not the expected value|“1” is not read as a [\w: ]+)\. See brief: “Least privilege, concretely”/);
    // Before the retry (which may draw the same item again and get it right), no sign of the answer.
    const beforeRetry = screen.split('Retry “')[0];
    const wrong = first.items[0];
    if (wrong.kind !== 'exact') throw new Error('fixture: network has exact items only');
    expect(beforeRetry).not.toContain(wrong.item.explanation);
    expect(beforeRetry.split('Not quite')[1].split('\n')[0]).not.toContain(wrong.item.answer);
  });

  it.each([
    ['the first item', (d: DrawnItem[]) => [[d[0].item.prompt, CTRL_C]] as Step[]],
    ['the reflection', (d: DrawnItem[]) => [...d.flatMap((x) => keysFor(x)), ['Reflection —', 'half', CTRL_C]] as Step[]],
  ])('Ctrl-C at %s cancels with E_CANCELLED', async (_at, steps) => {
    const t = terminal();
    const quiz = runQuiz({ questions: [network], lab: LAB, seed: SEED, input: t.input, output: t.output });
    const outcome = quiz.then(
      () => undefined,
      (e: unknown) => e,
    );
    await t.play(steps(drawQuestion(network, LAB, SEED).items));
    const err = await outcome;
    expect(err).toBeInstanceOf(LabError);
    expect(err).toMatchObject({ code: 'E_CANCELLED', message: 'quiz cancelled — nothing was written; run `lab quiz` again to continue' });
  });
});

describe('assertInteractive', () => {
  it('refuses an input that is not a terminal', () => {
    try {
      assertInteractive(new PassThrough());
      expect.unreachable();
    } catch (e) {
      expect(e).toMatchObject({ code: 'E_NO_TTY', message: '`lab quiz` needs a terminal — answer in answers.md instead and run `lab check`' });
    }
  });
  it('accepts a terminal', () => {
    expect(() => assertInteractive(Object.assign(new PassThrough(), { isTTY: true }))).not.toThrow();
  });
});
