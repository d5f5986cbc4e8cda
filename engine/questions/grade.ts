// Grading one key question: the choice item by its correct key, the open item by the rubric
// concepts it names. Pure functions of (question, answer).
//
// Points: a question's `points` are split between its two items — the choice item is worth
// floor(points / 2), the open item the rest (2 → 1 + 1, 3 → 1 + 2, 1 → 0 + 1). Each item earns its
// share when it passes; the question passes only when both do.
import type { ConceptGrade, QuestionGrade } from '../report/types';
import type { Answer, Answers, ParsedAnswers } from './answers-file';
import { compilePhrasing, prepare, wordForms, words, type Phrasing, type PreparedText } from './match';
import type { Question } from './schema';

/** Fewer words than this cannot be an explanation. */
export const MIN_WORDS = 8;
/** A sentence-like clause has at least this many words… */
const CLAUSE_WORDS = 4;
/** …of which at least this many are not words of the rubric's phrasings. */
const CLAUSE_OWN_WORDS = 2;

/**
 * Shown in `missing` when an answer names the concepts but reads like a pasted keyword list.
 * QuestionGrade has no field for a reason, so it travels as a pseudo-concept the reporters
 * already render.
 */
export const PROSE_MISSING = 'an explanation in your own words (at least 8 words and one full sentence, not a list of keywords)';

export function pointsSplit(points: number): { choice: number; open: number } {
  const choice = Math.floor(points / 2);
  return { choice, open: points - choice };
}

export function gradeChoice(question: Question, chosen: string | undefined): QuestionGrade['choice'] {
  const correct = question.choice.options.find((o) => o.correct)!;
  const picked = chosen === undefined ? undefined : question.choice.options.find((o) => o.key === chosen);
  return {
    ...(chosen !== undefined ? { answered: chosen } : {}),
    correct: correct.key,
    passed: picked?.key === correct.key,
    explanation: (picked ?? correct).explanation,
  };
}

const compiled = new WeakMap<Question, Phrasing[][]>();
/** Phrasings are compiled once per question object (load.ts has already checked they compile). */
function phrasings(question: Question): Phrasing[][] {
  let p = compiled.get(question);
  if (!p) {
    p = question.open.rubric.map((c) => c.accept.map(compilePhrasing));
    compiled.set(question, p);
  }
  return p;
}

/**
 * A heuristic against the cheapest gaming — pasting the rubric's phrasings as a list. It asks for
 * at least MIN_WORDS words and one clause (text between commas, semicolons, line breaks or sentence
 * ends) of CLAUSE_WORDS words, CLAUSE_OWN_WORDS of them not taken from the phrasings. Someone who
 * pads a keyword list with filler words still gets through: it only stops verbatim lists.
 */
export function readsLikeProse(text: string, question: Question): boolean {
  if (words(text).length < MIN_WORDS) return false;
  const rubricForms = new Set(phrasings(question).flat().flatMap((p) => p.words.flatMap((w) => [...wordForms(w)])));
  const own = (w: string) => ![...wordForms(w)].some((f) => rubricForms.has(f));
  return text
    .split(/[,;\n•|]|[.!?](?=\s|$)/)
    .map(words)
    .some((ws) => ws.length >= CLAUSE_WORDS && ws.filter(own).length >= CLAUSE_OWN_WORDS);
}

export function gradeOpen(question: Question, text: string): QuestionGrade['open'] {
  const rubric = question.open.rubric;
  const minConcepts = Math.min(question.open.minConcepts ?? rubric.length, rubric.length);
  const answered = words(text).length > 0;
  const prepared: PreparedText = prepare(text);
  const concepts: ConceptGrade[] = rubric.map((c, i) => ({
    concept: c.concept,
    found: answered && phrasings(question)[i].some((p) => p.test(prepared)),
  }));
  const missing = concepts.filter((c) => !c.found).map((c) => c.concept);
  const enough = concepts.filter((c) => c.found).length >= minConcepts;
  const prose = answered && readsLikeProse(text, question);
  if (answered && !prose) missing.push(PROSE_MISSING);
  return { answered, passed: answered && enough && prose, concepts, missing, minConcepts };
}

export function gradeQuestion(question: Question, answer: Answer | undefined): QuestionGrade {
  const choice = gradeChoice(question, answer?.choice);
  const open = gradeOpen(question, answer?.open ?? '');
  const share = pointsSplit(question.points);
  return {
    id: question.id,
    title: question.title,
    passed: choice.passed && open.passed,
    points: (choice.passed ? share.choice : 0) + (open.passed ? share.open : 0),
    maxPoints: question.points,
    choice,
    open,
  };
}

/**
 * Grades every question in questions.yaml order; a question without an answer fails as unanswered.
 * Takes parseAnswers' result or a bare answers record (what runQuiz returns).
 */
export function gradeAll(questions: Question[], parsed: ParsedAnswers | Answers): QuestionGrade[] {
  // An Answers record cannot have an array under any key, so `problems` tells the two apart.
  const answers: Answers = Array.isArray((parsed as ParsedAnswers).problems) ? (parsed as ParsedAnswers).answers : (parsed as Answers);
  // hasOwn: a question id such as "constructor" must not read Object.prototype.
  return questions.map((q) => gradeQuestion(q, Object.hasOwn(answers, q.id) ? answers[q.id] : undefined));
}
