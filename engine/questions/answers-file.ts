// answers.md: the file a learner answers the drawn items in, so a CI job can grade them.
//
//   ## <question-id> — <title>            one section per key question
//   ### <item-id> · <kind> — <how to answer>
//   <prompt, options a) b) c)…>
//   Answer: b                              choice: one letter · multi: letters in any order (a, c)
//                                          match: 1-b, 2-a, 3-c · order: c, a, b · exact: a value
//   ### reflection                         the key question's open answer, under "Your reflection:"
//
// Letters are this workspace's (options are shuffled per workspace), so the header records the
// draw's fingerprint. Reading is tolerant of how people edit Markdown; anything grading would have
// to guess about (an unknown id, a letter that is not an option, "b or a", a half-made match) is an
// E_ANSWERS error naming the line. Learner text is read by scanning lines and characters: no
// regular expression with nested quantifiers ever runs on it.
import { LabError } from '../errors';
import { closestName } from '../suggest';
import type { Draw, DrawnItem, DrawnQuestion } from './draw';
import { drawnItems } from './draw';
import type { Question } from './schema';

export type ItemAnswer =
  | { kind: 'choice'; label: string }
  | { kind: 'multi'; labels: string[] }
  /** Left item number (1-based, as shown) → right letter. */
  | { kind: 'match'; pairs: Record<number, string> }
  | { kind: 'order'; labels: string[] }
  | { kind: 'exact'; value: string };

export interface LabAnswers {
  /** By item id; absent = unanswered. */
  items: Record<string, ItemAnswer>;
  /** By key question id; '' or absent = not written. */
  reflections: Record<string, string>;
}

export interface ParsedAnswers extends LabAnswers {
  /** Things the learner may want to fix that did not stop grading, one line each. */
  problems: string[];
}

export interface AnswersFileOptions {
  /** How messages name the file. */
  file?: string;
  /**
   * Keep going when the file was written for another draw: return only the reflections (with a
   * problem note) instead of an error. `lab quiz` and `lab reset` use it to carry reflections over.
   */
  salvage?: boolean;
}

const DEFAULT_FILE = 'answers.md';
/** Larger than any honest answers.md; reading stops before work is done on a pasted binary. */
export const MAX_ANSWERS_BYTES = 256 * 1024;
export const REFLECTION_MIN_WORDS = 25;

// ---------------------------------------------------------------- small text helpers

const oneLine = (s: string) => s.split(/\s+/).filter(Boolean).join(' ');
const promptLines = (s: string) => s.trimEnd().split(/\r?\n/).map((l) => l.trimEnd());

/** The words of a text: runs of non-space characters holding a letter or digit. */
export function countWords(text: string): number {
  let n = 0;
  for (const w of text.split(/\s+/)) if ([...w].some((ch) => /[\p{L}\p{N}]/u.test(ch))) n++;
  return n;
}

/** `1-b, 2-a`: the canonical way each kind's answer is written (and shown in reports). */
export function formatAnswer(answer: ItemAnswer): string {
  switch (answer.kind) {
    case 'choice':
      return answer.label;
    case 'multi':
      return [...answer.labels].sort().join(', ');
    case 'match':
      return Object.keys(answer.pairs)
        .map(Number)
        .sort((a, b) => a - b)
        .map((n) => `${n}-${answer.pairs[n]}`)
        .join(', ');
    case 'order':
      return answer.labels.join(', ');
    case 'exact':
      return answer.value;
  }
}

/** A heading line `## x` (level 2) or `### x` (level 3), CommonMark-style, by plain scanning. */
function heading(line: string): { level: number; text: string } | undefined {
  let i = 0;
  while (i < 3 && line[i] === ' ') i++;
  let level = 0;
  while (line[i + level] === '#') level++;
  if (level < 1 || level > 6) return undefined;
  const after = line[i + level];
  if (after !== undefined && after !== ' ' && after !== '\t') return undefined;
  let text = line.slice(i + level).trim();
  while (text.endsWith('#')) text = text.slice(0, -1);
  return { level, text: text.trim() };
}

/** The id a heading names: its first word, without Markdown decoration. */
function headingId(text: string): string {
  let id = '';
  for (const ch of text.replace(/[`*_]/g, '').trim().toLowerCase()) {
    if (ch === ' ' || ch === '\t' || ch === '·' || ch === '—' || ch === ':' || ch === '(') break;
    id += ch;
  }
  return id;
}

/**
 * The value of a `Label: value` line (`**Answer:** b`, `- answer : b`, `__Answer__: b`), or
 * undefined when the line is not one. `label` is lowercase.
 */
export function labelValue(line: string, label: string): string | undefined {
  let s = line.trimStart();
  if ((s[0] === '-' || s[0] === '*' || s[0] === '+') && (s[1] === ' ' || s[1] === '\t')) s = s.slice(2).trimStart();
  let bold = '';
  if (s.startsWith('**') || s.startsWith('__')) {
    bold = s.slice(0, 2);
    s = s.slice(2).trimStart();
  }
  // Skip the label's words, whatever spacing the learner used between them.
  for (const word of label.split(' ')) {
    s = s.trimStart();
    if (s.slice(0, word.length).toLowerCase() !== word) return undefined;
    s = s.slice(word.length);
  }
  s = s.trimStart();
  if (bold && s.startsWith(bold)) s = s.slice(2).trimStart();
  if (!s.startsWith(':')) return undefined;
  s = s.slice(1).trimStart();
  if (bold && s.startsWith(bold)) s = s.slice(2);
  return s.trim();
}

const isFence = (line: string) => {
  const t = line.trimStart();
  return line.length - t.length <= 3 && (t.startsWith('```') || t.startsWith('~~~'));
};

/**
 * A line of a title, prompt or option that answers.md cannot hold because reading the file back
 * would mistake it for structure. load.ts rejects questions.yaml files that have one.
 */
export function unsafeTemplateLine(text: string): string | undefined {
  return text.split(/\r?\n/).find((l) => {
    const h = heading(l);
    return (h && h.level <= 3) || labelValue(l, 'answer') !== undefined || labelValue(l, 'your reflection') !== undefined || isFence(l) || l.includes('<!--');
  });
}

// ---------------------------------------------------------------- writing

export interface RenderOptions {
  labTitle?: string;
  /** Check titles by id, for evidence items. */
  checkTitles?: Record<string, string>;
}

const HOW: Record<DrawnItem['kind'], string> = {
  choice: 'one letter',
  multi: 'every letter that applies, e.g. a, c',
  match: 'a letter for each number, e.g. 1-b, 2-a',
  order: 'the letters in order, e.g. c, a, b',
  exact: 'one value',
  evidence: 'judged by your stack',
};

function itemBlock(d: DrawnItem, answer: ItemAnswer | undefined, opts: RenderOptions): string[] {
  const out = [`### ${d.item.id} · ${d.kind} — ${HOW[d.kind]}`, ...promptLines(d.item.prompt), ''];
  if (d.kind === 'choice' || d.kind === 'multi') {
    for (const o of d.options) out.push(`- ${o.label}) ${oneLine(d.item.options.find((x) => x.key === o.key)!.text)}`);
    out.push('');
  } else if (d.kind === 'match') {
    d.left.forEach((p, i) => out.push(`${i + 1}. ${oneLine(d.item.pairs[p].left)}`));
    out.push('');
    for (const r of d.right) out.push(`- ${r.label}) ${oneLine(r.value)}`);
    out.push('');
  } else if (d.kind === 'order') {
    for (const s of d.steps) out.push(`- ${s.label}) ${oneLine(d.item.steps[s.index])}`);
    out.push('');
  }
  if (d.kind === 'evidence') {
    const title = opts.checkTitles?.[d.item.check];
    out.push(`Judged by your stack: ${title ? `${title} (\`${d.item.check}\`)` : `\`${d.item.check}\``}. Nothing to type here.`, '');
  } else {
    out.push(`Answer: ${answer ? formatAnswer(answer) : ''}`.trimEnd(), '');
  }
  return out;
}

/** The reflection text as lines; a "## " or "### " line is escaped so it stays text. */
function reflectionLines(text: string): string[] {
  const t = text
    .split(/\r\n|\r|\n/)
    .map((l) => l.trimEnd())
    .join('\n')
    .trim();
  if (!t) return [];
  let fence = false;
  return t.split('\n').map((l) => {
    if (isFence(l)) fence = !fence;
    const h = heading(l);
    return !fence && h && h.level <= 3 ? l.replace('#', '\\#') : l;
  });
}

export const REFLECTION_GUIDE = `(At least ${REFLECTION_MIN_WORDS} words, in your own words. It earns no points: \`lab check\` shows it beside the lab's model answer.)`;

function questionBlock(dq: DrawnQuestion, answers: LabAnswers, opts: RenderOptions): string[] {
  const q = dq.question;
  const reflection = Object.hasOwn(answers.reflections, q.id) ? answers.reflections[q.id] : '';
  return [
    `## ${q.id} — ${oneLine(q.title)}`,
    '',
    ...dq.items.flatMap((d) => itemBlock(d, Object.hasOwn(answers.items, d.item.id) ? answers.items[d.item.id] : undefined, opts)),
    '### reflection',
    ...promptLines(q.reflection.prompt),
    REFLECTION_GUIDE,
    '',
    'Your reflection:',
    ...reflectionLines(reflection),
    '',
  ];
}

/**
 * The header comment: `draw <fingerprint>` ties the letters to this draw, and `seed` lets `lab reset`
 * restore the draw when .lab/state.json was damaged.
 */
export function headerLine(draw: Draw): string {
  return `<!-- ecs-lab answers · ${draw.lab} · seed ${draw.seed} · draw ${draw.fingerprint} · keep the ## and ### headings and the "Answer:" lines; grade with: lab check -->`;
}

export interface AnswersHeader {
  lab: string;
  seed?: string;
  fingerprint?: string;
  /** 1-based. */
  line: number;
}

/** The header's fields, if one of the first lines is an ecs-lab answers header. */
export function readHeader(text: string): AnswersHeader | undefined {
  const lines = text.slice(0, 4096).split(/\r?\n/).slice(0, 5);
  for (const [i, raw] of lines.entries()) {
    const at = raw.indexOf('ecs-lab answers');
    if (at < 0) continue;
    const parts = raw.slice(at).split(' · ').map((p) => p.trim());
    const field = (name: string) => parts.find((p) => p.startsWith(`${name} `))?.slice(name.length + 1).trim();
    return { lab: parts[1] ?? '', seed: field('seed'), fingerprint: field('draw'), line: i + 1 };
  }
  return undefined;
}

/** answers.md for a draw, with the given answers filled in (empty answers give the blank template). */
export function renderAnswers(draw: Draw, answers: LabAnswers = { items: {}, reflections: {} }, opts: RenderOptions = {}): string {
  const title = oneLine(opts.labTitle ?? draw.lab);
  return [headerLine(draw), `# Key questions — ${title}`, '', ...draw.questions.flatMap((q) => questionBlock(q, answers, opts))].join('\n');
}

// ---------------------------------------------------------------- reading

interface Line {
  /** 1-based. */
  no: number;
  raw: string;
  /** The line without HTML comments; the raw line inside code blocks. */
  text: string;
  code: boolean;
  /** A line that held only an HTML comment: neither structure nor answer. */
  commentOnly: boolean;
}

function fail(file: string, line: number | undefined, message: string): never {
  throw new LabError('E_ANSWERS', `${file}${line === undefined ? '' : `:${line}`}: ${message}`);
}

const lineOf = (text: string, index: number) => text.slice(0, index).split('\n').length;

/** Bytes or text to text: too large, not UTF-8 or holding NUL bytes is an error, never a guess. */
export function decodeAnswers(input: string | Uint8Array, file = DEFAULT_FILE): string {
  const size = typeof input === 'string' ? Buffer.byteLength(input) : input.byteLength;
  if (size > MAX_ANSWERS_BYTES) {
    fail(file, undefined, `the file is ${Math.ceil(size / 1024)} KiB, larger than the ${MAX_ANSWERS_BYTES / 1024} KiB an answers file may be — remove what you pasted into it`);
  }
  let text: string;
  if (typeof input === 'string') text = input;
  else {
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(input);
    } catch {
      const loose = new TextDecoder('utf-8').decode(input);
      fail(file, lineOf(loose, loose.indexOf('\uFFFD')), 'the file is not UTF-8 text — save answers.md as plain UTF-8 text');
    }
  }
  const nul = text.indexOf('\0');
  if (nul >= 0) fail(file, lineOf(text, nul), 'the file is not text (it contains a NUL byte) — save answers.md as plain UTF-8 text');
  return text.startsWith('\uFEFF') ? text.slice(1) : text;
}

/** Splits into lines, marking code blocks and removing HTML comments (which may span lines). */
function scanLines(text: string, file: string, problems: string[]): Line[] {
  const lines: Line[] = [];
  let fence: { marker: string; line: number } | undefined;
  let commentFrom: number | undefined;
  text.split(/\r\n|\r|\n/).forEach((raw, i) => {
    const no = i + 1;
    if (fence) {
      const t = raw.trim();
      if (t.startsWith(fence.marker) && [...t].every((ch) => ch === fence!.marker[0])) fence = undefined;
      lines.push({ no, raw, text: raw, code: true, commentOnly: false });
      return;
    }
    let rest = raw;
    let kept = '';
    for (;;) {
      if (commentFrom !== undefined) {
        const end = rest.indexOf('-->');
        if (end < 0) break;
        rest = rest.slice(end + 3);
        commentFrom = undefined;
      }
      const start = rest.indexOf('<!--');
      if (start < 0) {
        kept += rest;
        break;
      }
      kept += rest.slice(0, start);
      rest = rest.slice(start + 4);
      commentFrom = no;
    }
    if (isFence(kept)) {
      const t = kept.trim();
      let n = 0;
      while (t[n] === t[0]) n++;
      fence = { marker: t.slice(0, n), line: no };
    }
    lines.push({ no, raw, text: kept, code: isFence(kept), commentOnly: raw.trim() !== '' && kept.trim() === '' });
  });
  if (fence) problems.push(`${file}:${fence.line}: a code block (${fence.marker}) is never closed — the rest of the file is read as code; close it with ${fence.marker}`);
  if (commentFrom !== undefined) problems.push(`${file}:${commentFrom}: an HTML comment (<!--) is never closed — the rest of the file is ignored; close it with -->`);
  return lines;
}

function suggestId(heading: string, ids: string[]): string | undefined {
  if (!heading || ids.length === 0) return undefined;
  const inside = ids.find((id) => heading.includes(id));
  return inside ?? closestName(heading, ids, { floor: 2, divisor: 2 });
}

const stripMarks = (s: string) => s.replace(/[*_`]/g, '').trim();
const isLetter = (ch: string | undefined) => ch !== undefined && ch.length === 1 && ch >= 'a' && ch <= 'z';

/** Letters separated by commas, spaces, slashes, arrows: `a, c`, `c a`, `(a) (c)`, `c > a > b`. */
function letterTokens(value: string): string[] {
  const tokens: string[] = [];
  let cur = '';
  for (const ch of value.toLowerCase()) {
    if (ch === ',' || ch === ';' || ch === ' ' || ch === '\t' || ch === '/' || ch === '>' || ch === '→' || ch === '-' || ch === '&' || ch === '+') {
      if (cur) tokens.push(cur);
      cur = '';
    } else if (ch !== '(' && ch !== ')' && ch !== '.') cur += ch;
  }
  if (cur) tokens.push(cur);
  return tokens;
}

interface Ctx {
  file: string;
  line: number;
  id: string;
}

function letters(labels: string[]): string {
  return labels.length > 1 ? `${labels[0]}–${labels[labels.length - 1]}` : labels.join('');
}

function parseChoice(value: string, d: Extract<DrawnItem, { kind: 'choice' }>, c: Ctx): ItemAnswer {
  const labels = d.options.map((o) => o.label);
  const t = stripMarks(value).toLowerCase();
  let i = t[0] === '(' ? 1 : 0;
  const letter = t[i];
  let rest = t.slice(i + 1);
  if (rest.startsWith(')') || rest.startsWith('.')) rest = rest.slice(1);
  rest = oneLine(rest);
  const optionText = (l: string) => {
    const o = d.options.find((x) => x.label === l);
    return o ? oneLine(d.item.options.find((x) => x.key === o.key)!.text).toLowerCase() : undefined;
  };
  // "b" or "b) <the option's own text>" (pasted from above) name one option; anything else does not.
  if (!isLetter(letter) || (rest && rest !== optionText(letter))) {
    fail(c.file, c.line, `"${oneLine(value)}" is not one option of ${c.id} — write exactly one letter (${letters(labels)}) after "Answer:"`);
  }
  if (!labels.includes(letter)) fail(c.file, c.line, `"${letter}" is not an option of ${c.id} — write one of ${labels.join(', ')}`);
  return { kind: 'choice', label: letter };
}

function parseLetters(value: string, labels: string[], c: Ctx, how: string): string[] {
  const tokens = letterTokens(stripMarks(value));
  for (const t of tokens) {
    if (t.length !== 1 || !isLetter(t)) fail(c.file, c.line, `"${t}" in the answer to ${c.id} is not a letter — ${how}`);
    if (!labels.includes(t)) fail(c.file, c.line, `"${t}" is not an option of ${c.id} — use only ${labels.join(', ')}`);
  }
  return tokens;
}

function parseMulti(value: string, d: Extract<DrawnItem, { kind: 'multi' }>, c: Ctx): ItemAnswer {
  const labels = d.options.map((o) => o.label);
  const picked = parseLetters(value, labels, c, `write the letters that apply, e.g. ${labels.slice(0, 2).join(', ')}`);
  return { kind: 'multi', labels: [...new Set(picked)].sort() };
}

function parseOrder(value: string, d: Extract<DrawnItem, { kind: 'order' }>, c: Ctx): ItemAnswer {
  const labels = d.steps.map((s) => s.label);
  const how = `write every letter once, in order, e.g. ${[...labels].reverse().join(', ')}`;
  const seq = parseLetters(value, labels, c, how);
  const twice = seq.find((l, i) => seq.indexOf(l) !== i);
  if (twice) fail(c.file, c.line, `"${twice}" appears twice in the answer to ${c.id} — ${how}`);
  const missing = labels.filter((l) => !seq.includes(l));
  if (missing.length) fail(c.file, c.line, `the answer to ${c.id} leaves out ${missing.join(', ')} — ${how}`);
  return { kind: 'order', labels: seq };
}

/** `1-b, 2-a, 3-c` (also `1b 2a`, `1: b; 2: a`, `1 → b`), one letter for every number. */
function parseMatch(value: string, d: Extract<DrawnItem, { kind: 'match' }>, c: Ctx): ItemAnswer {
  const labels = d.right.map((r) => r.label);
  const count = d.left.length;
  const how = `write a letter for each number, e.g. 1-${labels[0]}, 2-${labels[1] ?? labels[0]}`;
  const s = stripMarks(value).toLowerCase();
  const pairs: Record<number, string> = {};
  let i = 0;
  const skip = (chars: string) => {
    while (i < s.length && chars.includes(s[i])) i++;
  };
  for (;;) {
    skip(' \t,;');
    if (i >= s.length) break;
    let digits = '';
    while (i < s.length && s[i] >= '0' && s[i] <= '9') digits += s[i++];
    if (!digits) fail(c.file, c.line, `"${oneLine(value)}" is not a matching answer for ${c.id} — ${how}`);
    skip(' \t');
    skip('-:=>→).');
    skip(' \t');
    const letter = s[i++];
    const boundary = s[i] === undefined || ' \t,;'.includes(s[i]);
    if (!isLetter(letter) || !boundary) fail(c.file, c.line, `"${oneLine(value)}" is not a matching answer for ${c.id} — ${how}`);
    const n = Number(digits);
    if (n < 1 || n > count) fail(c.file, c.line, `${c.id} has no item ${n} on the left (1–${count}) — ${how}`);
    if (!labels.includes(letter)) fail(c.file, c.line, `"${letter}" is not a choice of ${c.id} — use only ${labels.join(', ')}`);
    if (Object.hasOwn(pairs, n)) fail(c.file, c.line, `item ${n} of ${c.id} is given twice — ${how}`);
    pairs[n] = letter;
  }
  const missing = Array.from({ length: count }, (_, k) => k + 1).filter((n) => !Object.hasOwn(pairs, n));
  if (missing.length) fail(c.file, c.line, `the answer to ${c.id} gives no letter for ${missing.join(', ')} — ${how}`);
  return { kind: 'match', pairs };
}

function parseItemAnswer(value: string, d: DrawnItem, c: Ctx): ItemAnswer | undefined {
  if (!stripMarks(value)) return undefined;
  switch (d.kind) {
    case 'choice':
      return parseChoice(value, d, c);
    case 'multi':
      return parseMulti(value, d, c);
    case 'match':
      return parseMatch(value, d, c);
    case 'order':
      return parseOrder(value, d, c);
    case 'exact':
      return { kind: 'exact', value: oneLine(value) };
    case 'evidence':
      return undefined;
  }
}

type Section =
  | { type: 'item'; id: string; line: number; drawn?: DrawnItem; body: Line[] }
  | { type: 'reflection'; question: Question; line: number; body: Line[] };

/**
 * Reads answers.md for a draw. An empty file or a missing section means unanswered, not an error.
 * Throws LabError('E_ANSWERS') for what grading must not guess about.
 */
export function parseAnswers(input: string | Uint8Array, draw: Draw, opts: AnswersFileOptions = {}): ParsedAnswers {
  const allQuestions = draw.questions.map((q) => q.question);
  const file = opts.file ?? DEFAULT_FILE;
  const text = decodeAnswers(input, file);
  const problems: string[] = [];
  const lines = scanLines(text, file, problems);
  const result: ParsedAnswers = { items: {}, reflections: {}, problems };

  const header = readHeader(text);
  const fp = header?.fingerprint !== undefined ? { fingerprint: header.fingerprint, line: header.line } : undefined;
  const otherDraw = fp !== undefined && fp.fingerprint !== draw.fingerprint;
  if (otherDraw && !opts.salvage) {
    fail(file, fp.line, `this file was written for another draw of the questions (draw ${fp.fingerprint}; this workspace's is ${draw.fingerprint}, e.g. after --seed or a new lab version) — run \`lab quiz\` to answer this draw (your reflections are kept)`);
  }
  if (otherDraw) problems.push(`${file}:${fp.line}: written for another draw (${fp.fingerprint}) — only the reflections were kept`);

  const questionIds = allQuestions.map((q) => q.id);
  const questionsById = new Map(allQuestions.map((q) => [q.id, q]));
  const allItemIds = allQuestions.flatMap((q) => q.items.map((i) => i.id));
  const drawn = drawnItems(draw);

  // Pass 1: cut the file into sections at ## and ### headings.
  const sections: Section[] = [];
  let question: Question | undefined;
  let current: Section | undefined;
  const seenQuestions = new Map<string, number>();
  const seenItems = new Map<string, number>();
  for (const l of lines) {
    const h = l.code ? undefined : heading(l.text);
    if (!h || h.level < 2 || h.level > 3) {
      current?.body.push(l);
      continue;
    }
    const id = headingId(h.text);
    if (h.level === 2) {
      const q = questionsById.get(id);
      if (!q) {
        const hint = suggestId(id, questionIds);
        fail(file, l.no, `"${l.text.trim()}" is not a key question of this lab — ${hint ? `did you mean "## ${hint}"? Rename the heading` : `use one of: ${questionIds.map((i) => `## ${i}`).join(', ')}`}`);
      }
      if (seenQuestions.has(id)) fail(file, l.no, `"## ${id}" appears twice (the first is line ${seenQuestions.get(id)}) — keep one section per key question`);
      seenQuestions.set(id, l.no);
      question = q;
      current = undefined;
      continue;
    }
    if (id === 'reflection') {
      if (!question) fail(file, l.no, '"### reflection" is not under a "## <question-id>" heading — move it into its key question\'s section');
      const key = `reflection:${question.id}`;
      if (seenItems.has(key)) fail(file, l.no, `## ${question.id} has a second "### reflection" (the first is line ${seenItems.get(key)}) — keep one`);
      seenItems.set(key, l.no);
      current = { type: 'reflection', question, line: l.no, body: [] };
    } else {
      if (!allItemIds.includes(id)) {
        const hint = suggestId(id, [...drawn.keys()]) ?? suggestId(id, allItemIds);
        fail(file, l.no, `"${l.text.trim()}" is not an item of this lab — ${hint ? `did you mean "### ${hint}"? Rename the heading` : 'keep the ### headings `lab quiz` wrote'}`);
      }
      if (seenItems.has(id)) fail(file, l.no, `"### ${id}" appears twice (the first is line ${seenItems.get(id)}) — keep one section per item`);
      seenItems.set(id, l.no);
      current = { type: 'item', id, line: l.no, drawn: drawn.get(id)?.drawn, body: [] };
    }
    sections.push(current);
  }

  // Pass 2: read each section.
  for (const s of sections) {
    if (s.type === 'reflection') {
      result.reflections[s.question.id] = readReflection(s, file, problems);
      continue;
    }
    const found = readAnswerLine(s.body, file, s.id);
    if (!found) continue;
    if (!s.drawn || otherDraw) {
      if (!s.drawn && stripMarks(found.value)) problems.push(`${file}:${found.line}: ### ${s.id} is not in this workspace's draw — its answer is ignored`);
      continue;
    }
    const answer = parseItemAnswer(found.value, s.drawn, { file, line: found.line, id: s.id });
    if (answer) result.items[s.id] = answer;
  }

  if (text.trim() && !otherDraw) {
    for (const [id, { drawn: d }] of drawn) {
      if (!seenItems.has(id) && d.kind !== 'evidence') problems.push(`${file}: no "### ${id}" section — that item counts as unanswered; add it back or run \`lab quiz\``);
    }
  }
  return result;
}

/** The Answer line of an item section: its value, or the next non-blank line when it is empty. */
function readAnswerLine(body: Line[], file: string, id: string): { value: string; line: number } | undefined {
  let found: { value: string; line: number } | undefined;
  for (let i = 0; i < body.length; i++) {
    const l = body[i];
    if (l.code) continue;
    const v = labelValue(l.text, 'answer');
    if (v === undefined) continue;
    if (found) fail(file, l.no, `### ${id} has a second "Answer:" line (the first is line ${found.line}) — keep one`);
    found = { value: v, line: l.no };
    if (!stripMarks(v)) {
      const next = body.slice(i + 1).find((n) => !n.code && n.text.trim() !== '');
      if (next && labelValue(next.text, 'answer') === undefined) found = { value: next.text, line: next.no };
    }
  }
  return found;
}

function readReflection(s: Extract<Section, { type: 'reflection' }>, file: string, problems: string[]): string {
  // The writer escaped a heading-like line as "\## …"; only that escape is taken back.
  const unescape = (t: string) => {
    const lead = t.length - t.trimStart().length;
    return lead <= 3 && t.trimStart().startsWith('\\#') ? t.slice(0, lead) + t.slice(lead + 1) : t;
  };
  const keep = (l: Line) => (l.code ? l.raw : unescape(l.text));
  const at = s.body.findIndex((l) => !l.code && labelValue(l.text, 'your reflection') !== undefined);
  let lines: string[];
  if (at >= 0) {
    const first = labelValue(s.body[at].text, 'your reflection')!;
    lines = [first, ...s.body.slice(at + 1).filter((l) => !l.commentOnly).map(keep)];
  } else {
    // No marker: take what is not the template's own text, and say so.
    const template = new Set([...promptLines(s.question.reflection.prompt), REFLECTION_GUIDE].map(oneLine));
    lines = s.body.filter((l) => !l.commentOnly && (l.code || !template.has(oneLine(l.text)))).map(keep);
    if (lines.some((l) => l.trim())) problems.push(`${file}:${s.line}: the reflection of ${s.question.id} has no "Your reflection:" line — the text under the heading was read; put the line back above your text`);
  }
  return lines
    .map((l) => l.trimEnd())
    .join('\n')
    .trim();
}
