// Grading the drawn items of each key question: exactly, by the letters, values or check results
// the item names. Pure functions of (draw, answers, check results). A reflection is required but
// never scored: nothing here reads free text for words.
//
// Feedback never leaks: a wrong item gets the explanation of what the learner chose and where the
// brief or the docs teach it, never the right answer or the right option's explanation.
import type { ItemGrade, QuestionGrade, ReflectionGrade } from '../report/types';
import type { CheckResult } from '../types';
import { countWords, formatAnswer, REFLECTION_MIN_WORDS, type ItemAnswer, type LabAnswers } from './answers-file';
import { teachesPointer } from './brief';
import type { Draw, DrawnItem, DrawnQuestion } from './draw';
import { exactMatches, parseExact } from './normalize';
import type { Option, Reflection } from './schema';

export interface GradeContext {
  /** This run's check results; evidence items are right when their check passes. Absent: not run. */
  checks?: CheckResult[];
  /** The brief's sections, to name "see brief: <heading>". */
  sections?: Map<string, string>;
}

const VERDICTS = ['right', 'correct', 'wrong', 'incorrect', 'not quite', 'yes', 'no', 'exactly'];

/**
 * The explanation without a leading verdict ("Right. The task role …" → "The task role …"):
 * reporters and the quiz say right or wrong themselves, so it is never said twice.
 */
export function withoutVerdict(explanation: string): string {
  const t = explanation.trim();
  const lower = t.toLowerCase();
  for (const v of VERDICTS) {
    if (!lower.startsWith(v)) continue;
    const after = t.slice(v.length).trimStart();
    if (after && '.!—:,–-'.includes(after[0])) return after.slice(1).trim() || t;

  }
  return t;
}

const sentence = (...parts: (string | undefined)[]) => parts.filter((p) => p && p.trim()).join(' ');

function optionOf(d: Extract<DrawnItem, { kind: 'choice' | 'multi' }>, label: string): Option | undefined {
  const key = d.options.find((o) => o.label === label)?.key;
  return d.item.options.find((o) => o.key === key);
}

interface Verdict {
  passed: boolean;
  /** Feedback for a right answer, or what may be said about a wrong one (before the pointer). */
  right?: string;
  wrong?: string;
}

function judge(d: DrawnItem, answer: ItemAnswer | undefined, ctx: GradeContext): Verdict & { check?: ItemGrade['check'] } {
  switch (d.kind) {
    case 'choice': {
      if (answer?.kind !== 'choice') return { passed: false };
      const chosen = optionOf(d, answer.label);
      if (chosen?.correct) return { passed: true, right: withoutVerdict(chosen.explanation) };
      return { passed: false, wrong: chosen ? withoutVerdict(chosen.explanation) : undefined };
    }
    case 'multi': {
      if (answer?.kind !== 'multi') return { passed: false };
      const picked = answer.labels.map((l) => optionOf(d, l)).filter((o): o is Option => !!o);
      const want = d.item.options.filter((o) => o.correct).map((o) => o.key).sort();
      const got = picked.map((o) => o.key).sort();
      if (want.join() === got.join()) return { passed: true, right: picked.map((o) => withoutVerdict(o.explanation)).join(' ') };
      // Only the explanations of options picked wrongly: those of right ones would confirm them.
      const wrongPicks = picked.filter((o) => !o.correct).map((o) => withoutVerdict(o.explanation));
      return { passed: false, wrong: sentence('Not the right set of options.', ...wrongPicks) };
    }
    case 'match': {
      if (answer?.kind !== 'match') return { passed: false };
      const ok = d.left.every((pair, i) => d.right.find((r) => r.label === answer.pairs[i + 1])?.value === d.item.pairs[pair].right);
      return ok ? { passed: true, right: withoutVerdict(d.item.explanation) } : { passed: false, wrong: 'At least one pair is not right.' };
    }
    case 'order': {
      if (answer?.kind !== 'order') return { passed: false };
      const ok = answer.labels.every((l, i) => d.steps.find((s) => s.label === l)?.index === i) && answer.labels.length === d.steps.length;
      return ok ? { passed: true, right: withoutVerdict(d.item.explanation) } : { passed: false, wrong: 'The steps are not in the right order yet.' };
    }
    case 'exact': {
      if (answer?.kind !== 'exact') return { passed: false };
      if (exactMatches(d.item, answer.value)) return { passed: true, right: withoutVerdict(d.item.explanation) };
      const unreadable = parseExact(answer.value, d.item.format) === undefined && d.item.format !== 'text';
      return { passed: false, wrong: unreadable ? `“${answer.value}” is not read as a ${d.item.format === 'arn-action' ? 'service:Action name' : d.item.format}.` : 'Not the expected value.' };
    }
    case 'evidence': {
      const result = ctx.checks?.find((c) => c.id === d.item.check);
      const check = { id: d.item.check, ...(result ? { title: result.title } : {}), status: ctx.checks ? (result?.status ?? 'not-run') : 'not-run' } as const;
      if (result?.status === 'pass') return { passed: true, right: withoutVerdict(d.item.explanation), check };
      const name = result?.title ?? d.item.check;
      const wrong = !ctx.checks
        ? `Judged by your stack: ${name} — \`lab check\` decides.`
        : result?.status === 'fail'
          ? `Your stack does not pass “${name}” yet.`
          : `“${name}” did not run (${check.status}), so this cannot be judged yet.`;
      return { passed: false, wrong, check };
    }
  }
}

/** One drawn item, graded; `answer` undefined = unanswered. */
export function gradeItem(d: DrawnItem, answer: ItemAnswer | undefined, ctx: GradeContext = {}): ItemGrade {
  const v = judge(d, answer, ctx);
  const pointer = teachesPointer(d.item.teaches, ctx.sections);
  const answered = answer !== undefined && d.kind !== 'evidence';
  let shown: string | undefined;
  if (answered && answer) {
    const chosen = answer.kind === 'choice' && (d.kind === 'choice') ? optionOf(d, answer.label) : undefined;
    shown = chosen ? `${formatAnswer(answer)}) ${chosen.text.trim()}` : formatAnswer(answer);
  }
  const feedback = v.passed ? v.right! : d.kind !== 'evidence' && !answered ? `Not answered — ${pointer}.` : `${v.wrong ?? 'Not right yet.'} ${capitalise(pointer)}.`;
  return {
    id: d.item.id,
    kind: d.kind,
    prompt: d.item.prompt.trim(),
    ...(shown !== undefined ? { answer: shown } : {}),
    passed: v.passed,
    points: v.passed ? d.item.points : 0,
    maxPoints: d.item.points,
    feedback,
    teaches: d.item.teaches,
    ...(v.check ? { check: v.check } : {}),
  };
}

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** The reflection: present with enough words; the model answer only once it is written. */
export function gradeReflection(reflection: Reflection, text: string): ReflectionGrade {
  const words = countWords(text);
  const present = words >= REFLECTION_MIN_WORDS;
  return {
    prompt: reflection.prompt.trim(),
    text,
    words,
    present,
    ...(present ? { modelAnswer: reflection.modelAnswer.trim() } : {}),
    selfCheck: reflection.selfCheck,
  };
}

export function gradeQuestion(dq: DrawnQuestion, answers: LabAnswers, ctx: GradeContext = {}): QuestionGrade {
  const items = dq.items.map((d) => gradeItem(d, Object.hasOwn(answers.items, d.item.id) ? answers.items[d.item.id] : undefined, ctx));
  const reflection = gradeReflection(dq.question.reflection, Object.hasOwn(answers.reflections, dq.question.id) ? answers.reflections[dq.question.id] : '');
  return {
    id: dq.question.id,
    title: dq.question.title,
    passed: items.every((i) => i.passed) && reflection.present,
    points: items.reduce((s, i) => s + i.points, 0),
    maxPoints: items.reduce((s, i) => s + i.maxPoints, 0),
    items,
    reflection,
  };
}

/** Grades every key question of the draw, in questions.yaml order. */
export function gradeAll(draw: Draw, answers: LabAnswers, ctx: GradeContext = {}): QuestionGrade[] {
  return draw.questions.map((q) => gradeQuestion(q, answers, ctx));
}
