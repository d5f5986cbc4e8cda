import { PassThrough, Writable } from 'node:stream';
import { stripVTControlCharacters } from 'node:util';
import { describe, expect, it } from 'vitest';
import { LabError } from '../errors';
import { GOOD_OPEN, openPorts, questions, taskRole } from './fixtures';
import { assertInteractive, runQuiz } from './quiz';

const DOWN = '\x1b[B';
const ENTER = '\r';
const CTRL_C = '\x03';
const CTRL_U = '\x15'; // readline: delete to the start of the line

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
  Object.assign(output, { columns: 200, rows: 40 });
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
    throw new Error(`never drew ${JSON.stringify(text)}; screen:\n${screen}`);
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

describe('runQuiz', () => {
  it('asks each question, gives feedback and returns the answers', async () => {
    const t = terminal();
    const quiz = runQuiz({ questions, input: t.input, output: t.output });
    await t.play([
      [taskRole.choice.prompt, DOWN, ENTER], // a → b, the right one
      [taskRole.open.prompt, 'The task role is what my code uses for AWS calls.', ENTER],
      [openPorts.choice.prompt, DOWN, ENTER], // b, the wrong one
      [openPorts.open.prompt, 'Least privilege: only the load balancer may reach the tasks at all.', ENTER],
    ]);
    expect(await quiz).toEqual({
      'task-role': { choice: 'b', open: 'The task role is what my code uses for AWS calls.' },
      'open-ports': { choice: 'b', open: 'Least privilege: only the load balancer may reach the tasks at all.' },
    });
    const screen = t.screen();
    expect(screen).toContain('1/2 Task role or execution role?');
    expect(screen).toContain("Right. Your code's AWS calls are signed with the task role's credentials.");
    expect(screen).toContain('Missing: the execution role pulls the image; the execution role writes the logs');
    expect(screen).toContain('Not quite. That opens the tasks to the whole internet');
    expect(screen).toContain('Good enough. Also worth naming: the tasks would be reachable without the load balancer');
  });

  it('starts from the current answers: Enter keeps them', async () => {
    const t = terminal();
    const quiz = runQuiz({ questions: [taskRole], answers: { 'task-role': { choice: 'c', open: GOOD_OPEN.replace('. ', '.\n\n') } }, input: t.input, output: t.output });
    await t.play([
      [taskRole.choice.prompt, ENTER],
      [taskRole.open.prompt, ENTER],
    ]);
    // The multi-line answer comes back joined into one line, the text prompt's only form.
    expect(await quiz).toEqual({ 'task-role': { choice: 'c', open: GOOD_OPEN } });
    expect(t.screen()).toContain('Not quite. Fargate tasks have no instance role');
    expect(t.screen()).toContain('Your answer names every key idea.');
  });

  it('lets the learner replace the current open answer', async () => {
    const t = terminal();
    const quiz = runQuiz({ questions: [taskRole], answers: { 'task-role': { choice: 'b', open: 'old words' } }, input: t.input, output: t.output });
    await t.play([
      [taskRole.choice.prompt, ENTER],
      [taskRole.open.prompt, CTRL_U, 'new words', ENTER],
    ]);
    expect(await quiz).toEqual({ 'task-role': { choice: 'b', open: 'new words' } });
  });

  it('returns an empty open answer as unanswered and says what a good one names', async () => {
    const t = terminal();
    const quiz = runQuiz({ questions: [openPorts], input: t.input, output: t.output });
    await t.play([
      [openPorts.choice.prompt, ENTER],
      [openPorts.open.prompt, ENTER],
    ]);
    expect(await quiz).toEqual({ 'open-ports': { choice: 'a', open: '' } });
    expect(t.screen()).toContain('Unanswered. A good answer names: least privilege; the tasks would be reachable without the load balancer');
  });

  it.each([
    ['the choice', [[taskRole.choice.prompt, DOWN, CTRL_C]]],
    ['the open answer', [[taskRole.choice.prompt, ENTER], [taskRole.open.prompt, 'half an ans', CTRL_C]]],
    ['a later question', [[taskRole.choice.prompt, ENTER], [taskRole.open.prompt, ENTER], [openPorts.choice.prompt, CTRL_C]]],
  ] as [string, [string, ...string[]][]][])('Ctrl-C at %s cancels with E_CANCELLED', async (_at, steps) => {
    const t = terminal();
    const quiz = runQuiz({ questions, input: t.input, output: t.output });
    const outcome = quiz.then(
      () => undefined,
      (e: unknown) => e,
    );
    await t.play(steps);
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
