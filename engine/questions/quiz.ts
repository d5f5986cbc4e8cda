// `lab quiz`: ask each key question in the terminal and say at once what was right and what is
// missing. It only returns the answers; the caller writes answers.md, so a cancelled quiz writes
// nothing. Streams are injectable so tests drive it with keypresses.
import type { Readable, Writable } from 'node:stream';
import { isCancel, log, select, text } from '@clack/prompts';
import { LabError } from '../errors';
import type { Answer, Answers } from './answers-file';
import { gradeChoice, gradeOpen } from './grade';
import type { Question } from './schema';

export interface QuizOptions {
  questions: Question[];
  /** What answers.md holds now: preselected choice and the text prompt's starting value. */
  answers?: Answers;
  input?: Readable;
  output?: Writable;
}

/** The caller checks this before starting the quiz: prompts need a terminal to read keys from. */
export function assertInteractive(input: Readable & { isTTY?: boolean }): void {
  if (!input.isTTY) throw new LabError('E_NO_TTY', '`lab quiz` needs a terminal — answer in answers.md instead and run `lab check`');
}

function cancelled(): never {
  throw new LabError('E_CANCELLED', 'quiz cancelled — nothing was written; run `lab quiz` again to continue');
}

async function ask(q: Question, index: number, total: number, current: Answer | undefined, io: { input?: Readable; output?: Writable }): Promise<Answer> {
  log.step(`${index + 1}/${total} ${q.title}`, io);

  const choice = await select<string>({
    ...io,
    message: q.choice.prompt.trim(),
    options: q.choice.options.map((o) => ({ value: o.key, label: o.text })),
    initialValue: current?.choice,
  });
  if (isCancel(choice)) cancelled();
  const c = gradeChoice(q, choice);
  if (c.passed) log.success(`Right. ${c.explanation}`, io);
  else log.warn(`Not quite. ${c.explanation}`, io);

  // The text prompt is one line, so a multi-line answer from answers.md is offered joined up.
  const open = await text({
    ...io,
    message: q.open.prompt.trim(),
    placeholder: 'Explain in a sentence or two',
    initialValue: current?.open ? current.open.replace(/\s+/g, ' ').trim() : undefined,
  });
  if (isCancel(open)) cancelled();
  const o = gradeOpen(q, open);
  if (o.passed) log.success(o.missing.length ? `Good enough. Also worth naming: ${o.missing.join('; ')}` : 'Your answer names every key idea.', io);
  else if (!o.answered) log.warn(`Unanswered. A good answer names: ${o.missing.join('; ')}`, io);
  else log.warn(`Missing: ${o.missing.join('; ')}`, io);

  return { ...(choice ? { choice } : {}), open: open.trim() };
}

/** Asks every question in order and returns all answers; throws E_CANCELLED on Ctrl-C. */
export async function runQuiz(opts: QuizOptions): Promise<Answers> {
  const io = { input: opts.input, output: opts.output };
  const result: Answers = {};
  for (const [i, q] of opts.questions.entries()) {
    const current = opts.answers && Object.hasOwn(opts.answers, q.id) ? opts.answers[q.id] : undefined;
    result[q.id] = await ask(q, i, opts.questions.length, current, io);
  }
  return result;
}
