// `lab quiz`: asks this workspace's drawn items in the terminal, says at once whether each is right
// (feedback that never gives the right answer away), asks for each key question's reflection and
// then shows the model answer and the self-check list beside it. A key question with a wrong item
// may be retried with a fresh draw. It only returns the answers and the attempt counters; the
// caller writes answers.md and the state, so a cancelled quiz writes nothing. Streams are
// injectable so tests drive it with keypresses.
import type { Readable, Writable } from 'node:stream';
import { confirm, isCancel, log, multiselect, note, select, text } from '@clack/prompts';
import { LabError } from '../errors';
import { countWords, REFLECTION_MIN_WORDS, type ItemAnswer, type LabAnswers } from './answers-file';
import { drawQuestion, type DrawnItem, type DrawnQuestion } from './draw';
import { gradeItem } from './grade';
import type { Question } from './schema';

export interface QuizOptions {
  questions: Question[];
  lab: string;
  seed: string;
  /** Retry counters per key question, as the state holds them. */
  attempts?: Record<string, number>;
  /** The brief's sections, for "see brief: …". */
  sections?: Map<string, string>;
  /** What answers.md holds now: preselected answers and the reflection's starting text. */
  answers?: LabAnswers;
  /** Check titles by id, for evidence items. */
  checkTitles?: Record<string, string>;
  /** Offer a fresh draw after a wrong item (default true; off for a pinned exam seed). */
  retries?: boolean;
  input?: Readable;
  output?: Writable;
}

export interface QuizResult {
  answers: LabAnswers;
  /** Attempt counters after any retries (the caller stores them in the state). */
  attempts: Record<string, number>;
  /** Items right (evidence items are left to `lab check`) and items asked. */
  right: number;
  asked: number;
}

type Io = { input?: Readable; output?: Writable };

/** The caller checks this before starting the quiz: prompts need a terminal to read keys from. */
export function assertInteractive(input: Readable & { isTTY?: boolean }): void {
  if (!input.isTTY) throw new LabError('E_NO_TTY', '`lab quiz` needs a terminal — answer in answers.md instead and run `lab check`');
}

function cancelled(): never {
  throw new LabError('E_CANCELLED', 'quiz cancelled — nothing was written; run `lab quiz` again to continue');
}

function unwrap<T>(value: T | symbol): Exclude<T, symbol> {
  if (isCancel(value)) cancelled();
  return value as Exclude<T, symbol>;
}

const flat = (s: string) => s.split(/\s+/).filter(Boolean).join(' ');

async function askItem(d: DrawnItem, current: ItemAnswer | undefined, io: Io, titles: Record<string, string>): Promise<ItemAnswer | undefined> {
  const message = d.item.prompt.trim();
  switch (d.kind) {
    case 'choice': {
      const options = d.options.map((o) => ({ value: o.label, label: `${o.label}) ${flat(d.item.options.find((x) => x.key === o.key)!.text)}` }));
      const label = unwrap(await select<string>({ ...io, message, options, initialValue: current?.kind === 'choice' ? current.label : undefined }));
      return { kind: 'choice', label };
    }
    case 'multi': {
      const options = d.options.map((o) => ({ value: o.label, label: `${o.label}) ${flat(d.item.options.find((x) => x.key === o.key)!.text)}` }));
      const initialValues = current?.kind === 'multi' ? current.labels : undefined;
      const labels = unwrap(await multiselect<string>({ ...io, message: `${message}\n(space to pick, enter when done)`, options, initialValues, required: true }));
      return { kind: 'multi', labels: [...labels].sort() };
    }
    case 'match': {
      // One select per left item: each names the item and offers every right-hand value.
      const pairs: Record<number, string> = {};
      const options = d.right.map((r) => ({ value: r.label, label: `${r.label}) ${flat(r.value)}` }));
      for (const [i, p] of d.left.entries()) {
        const initialValue = current?.kind === 'match' ? current.pairs[i + 1] : undefined;
        pairs[i + 1] = unwrap(await select<string>({ ...io, message: `${i === 0 ? `${message}\n` : ''}${i + 1}/${d.left.length}: ${flat(d.item.pairs[p].left)}`, options, initialValue }));
      }
      return { kind: 'match', pairs };
    }
    case 'order': {
      // Successive selects: which step comes first, then next, from the ones left.
      const labels: string[] = [];
      while (labels.length < d.steps.length) {
        const left = d.steps.filter((s) => !labels.includes(s.label));
        if (left.length === 1) {
          labels.push(left[0].label);
          break;
        }
        const options = left.map((s) => ({ value: s.label, label: `${s.label}) ${flat(d.item.steps[s.index])}` }));
        const n = labels.length + 1;
        labels.push(unwrap(await select<string>({ ...io, message: `${n === 1 ? `${message}\n` : ''}Step ${n} of ${d.steps.length}:`, options })));
      }
      return { kind: 'order', labels };
    }
    case 'exact': {
      const value = unwrap(
        await text({ ...io, message, placeholder: 'one value', initialValue: current?.kind === 'exact' ? current.value : undefined, validate: (v) => (v?.trim() ? undefined : 'Type a value (or Ctrl-C to stop).') }),
      );
      return { kind: 'exact', value: flat(value) };
    }
    case 'evidence':
      log.info(`${message}\nJudged by your stack: ${titles[d.item.check] ?? d.item.check}. \`lab check\` decides.`, io);
      return undefined;
  }
}

/** Asks the items of one key question; returns their answers and how many were right. */
async function askItems(dq: DrawnQuestion, answers: LabAnswers, opts: QuizOptions, io: Io): Promise<{ right: number; asked: number }> {
  let right = 0;
  let asked = 0;
  for (const d of dq.items) {
    const current = Object.hasOwn(answers.items, d.item.id) ? answers.items[d.item.id] : undefined;
    const answer = await askItem(d, current, io, opts.checkTitles ?? {});
    if (d.kind === 'evidence') continue;
    if (answer) answers.items[d.item.id] = answer;
    const g = gradeItem(d, answer, { sections: opts.sections });
    asked++;
    if (g.passed) {
      right++;
      log.success(`Right. ${g.feedback}`, io);
    } else log.warn(`Not quite. ${g.feedback}`, io);
  }
  return { right, asked };
}

async function askReflection(q: Question, answers: LabAnswers, io: Io): Promise<void> {
  const existing = Object.hasOwn(answers.reflections, q.id) ? answers.reflections[q.id] : '';
  // The text prompt is one line, so a multi-line reflection from answers.md is offered joined up.
  const value = unwrap(
    await text({
      ...io,
      message: `Reflection — ${flat(q.reflection.prompt)}`,
      placeholder: `at least ${REFLECTION_MIN_WORDS} words, in your own words (not scored)`,
      initialValue: existing ? flat(existing) : undefined,
      validate: (v) => {
        const n = countWords(v ?? '');
        return n >= REFLECTION_MIN_WORDS ? undefined : `A few more sentences, please: ${n} of the ${REFLECTION_MIN_WORDS} words needed. Say what you would do and why.`;
      },
    }),
  );
  // Kept as written in answers.md when the learner only confirmed it.
  answers.reflections[q.id] = existing && flat(existing) === flat(value) ? existing : value.trim();
  note([flat(q.reflection.modelAnswer), '', 'Ask of your answer:', ...q.reflection.selfCheck.map((s) => `□ ${s}`)].join('\n'), 'Model answer — compare it with yours', io);
}

/** Asks every key question in order, offering retries; throws E_CANCELLED on Ctrl-C. */
export async function runQuiz(opts: QuizOptions): Promise<QuizResult> {
  const io: Io = { input: opts.input, output: opts.output };
  const attempts: Record<string, number> = { ...(opts.attempts ?? {}) };
  const answers: LabAnswers = { items: { ...(opts.answers?.items ?? {}) }, reflections: { ...(opts.answers?.reflections ?? {}) } };
  const attemptOf = (id: string) => (Object.hasOwn(attempts, id) ? attempts[id] : 0);
  let right = 0;
  let asked = 0;
  for (const [i, q] of opts.questions.entries()) {
    log.step(`${i + 1}/${opts.questions.length} ${q.title}`, io);
    let dq = drawQuestion(q, opts.lab, opts.seed, attemptOf(q.id));
    let score = await askItems(dq, answers, opts, io);
    await askReflection(q, answers, io);
    while (opts.retries !== false && score.right < score.asked) {
      const again = unwrap(await confirm({ ...io, message: `Retry “${q.title}” with a fresh draw of items?`, initialValue: true }));
      if (!again) break;
      for (const d of dq.items) delete answers.items[d.item.id];
      attempts[q.id] = attemptOf(q.id) + 1;
      dq = drawQuestion(q, opts.lab, opts.seed, attempts[q.id]);
      score = await askItems(dq, answers, opts, io);
    }
    right += score.right;
    asked += score.asked;
  }
  return { answers, attempts, right, asked };
}
