// The authoring rules a lab's questions must meet (docs/authoring-labs.md), beyond what the loader
// enforces: pools big enough to draw from, every item pointing at where it is taught, explanations
// that teach, wrong options as long as right ones, evidence judged by the lab's own checks. The
// lab contract test runs these for every lab.
import type { Issue } from './load';
import type { Question } from './schema';

export interface LintContext {
  /** The lab's `covers`: each `<layer>/q/<id>` needs a key question. */
  covers: string[];
  /** The lab's check ids. */
  checks: string[];
  /** The brief's heading anchors (briefSections). */
  sections: Map<string, string>;
}

export const MIN_POOL = 4;
const DOCS_PREFIXES = ['https://docs.aws.amazon.com/', 'https://docs.github.com/'];
const VERDICT_WORDS = new Set(['right', 'correct', 'wrong', 'incorrect', 'not', 'quite', 'yes', 'no', 'exactly', 'true', 'false']);

/** An explanation that is only a verdict ("Right.", "Correct!", "Wrong — ") or a verdict and a word or two. */
export function restatesVerdict(explanation: string): boolean {
  const words = explanation
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
  const own = words.filter((w) => !VERDICT_WORDS.has(w));
  return own.length < 4;
}

/** Whether the correct option is strictly the longest of the item's options. */
export function correctIsLongest(options: { text: string; correct: boolean }[]): boolean {
  const len = (t: string) => t.trim().split(/\s+/).join(' ').length;
  const longest = Math.max(...options.map((o) => len(o.text)));
  const at = options.filter((o) => len(o.text) === longest);
  return at.length === 1 && at[0].correct;
}

export function lintQuestions(questions: Question[], ctx: LintContext): Issue[] {
  const issues: Issue[] = [];
  for (const c of ctx.covers.filter((id) => id.includes('/q/'))) {
    if (!questions.some((q) => q.curriculum === c)) issues.push({ path: ['questions'], message: `the lab covers ${c} but no key question has curriculum: ${c}` });
  }
  let choiceItems = 0;
  const longest: string[] = [];
  questions.forEach((q, i) => {
    const at = (...p: (string | number)[]) => ['questions', i, ...p];
    if (q.items.length < MIN_POOL) issues.push({ path: at('items'), message: `${q.id} has ${q.items.length} items; a pool needs at least ${MIN_POOL} so a retry is a fresh draw` });
    q.items.forEach((item, j) => {
      const it = (...p: (string | number)[]) => at('items', j, ...p);
      if (item.teaches.startsWith('brief#')) {
        const anchor = item.teaches.slice('brief#'.length);
        if (!ctx.sections.has(anchor)) issues.push({ path: it('teaches'), message: `brief.md has no heading with the anchor #${anchor}` });
      } else if (!DOCS_PREFIXES.some((p) => item.teaches.startsWith(p))) {
        issues.push({ path: it('teaches'), message: `"${item.teaches}" is neither brief#<anchor> nor a page under ${DOCS_PREFIXES.join(' or ')}` });
      }
      if (item.kind === 'choice' || item.kind === 'multi') {
        choiceItems++;
        if (correctIsLongest(item.options)) longest.push(item.id);
        item.options.forEach((o, k) => {
          if (restatesVerdict(o.explanation)) issues.push({ path: it('options', k, 'explanation'), message: `the explanation "${o.explanation}" only gives a verdict — say why` });
        });
      } else if (restatesVerdict(item.explanation)) {
        issues.push({ path: it('explanation'), message: `the explanation "${item.explanation}" only gives a verdict — say why` });
      }
      if (item.kind === 'evidence' && !ctx.checks.includes(item.check)) {
        issues.push({ path: it('check'), message: `check ${item.check} is not one of the lab's checks (${ctx.checks.join(', ')})` });
      }
    });
  });
  // Learners learn that the longest option is right; a third of the items is the most we allow.
  if (choiceItems > 0 && longest.length * 3 > choiceItems) {
    issues.push({
      path: ['questions'],
      message: `the correct option is the longest in ${longest.length} of ${choiceItems} choice items (${longest.join(', ')}); at most a third may be — lengthen the wrong options`,
    });
  }
  return issues;
}
