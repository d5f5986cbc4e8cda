// answers.md: the file a learner answers the key questions in, so a CI job can grade them.
// One "## <question-id>" section per question holds a "Choice: <letter>" line and the open answer
// under "Your answer:". Reading is tolerant of how people edit Markdown; anything ambiguous that
// would make grading guess (an unknown heading, a heading twice, a letter that is not an option,
// a binary file) is an E_ANSWERS error naming the line.
import { closestName } from '../suggest';
import { LabError } from '../errors';
import type { Question } from './schema';

export interface Answer {
  /** The option key, lowercase; absent when the choice is unanswered. */
  choice?: string;
  /** The open answer; '' when unanswered. */
  open: string;
}
/** Answers by question id. */
export type Answers = Record<string, Answer>;

export interface ParsedAnswers {
  /** One entry per question of the lab; missing sections read as unanswered. */
  answers: Answers;
  /** Things the learner may want to fix that did not stop grading, one line each. */
  problems: string[];
}

export interface AnswersFileOptions {
  /** How messages name the file. */
  file?: string;
}

const DEFAULT_FILE = 'answers.md';

// "## id" but not "###"; closing #s and up to three leading spaces allowed, as in CommonMark.
const HEADING = /^ {0,3}##(?!#)(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/;
const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const OPTION_LINE = /^\s*[-*+]\s+\(?[a-z][).]\s/i;
const BOLD_LINE = /^\s*(\*\*|__).*\1\s*$/;
const ESCAPED_HEADING = /^( {0,3})\\(##(?!#))/;

/** `Choice: b`, `**Choice:** b`, `**Choice**: b`, `- choice : b`… group 2 is the value. */
function labelLine(label: string): RegExp {
  return new RegExp(`^\\s{0,3}(?:[-*+]\\s+)?(\\*\\*|__)?\\s*${label}\\s*(?::\\s*\\1|\\1\\s*:)(.*)$`, 'i');
}
const CHOICE_LINE = labelLine('choice');
const ANSWER_LINE = labelLine('your\\s+answer');

// ---------------------------------------------------------------- template

const oneLine = (s: string) => s.replace(/\s+/g, ' ').trim();
const promptLines = (s: string) => s.trimEnd().split(/\r?\n/).map((l) => l.trimEnd());
const choiceLine = (choice: string | undefined) => `Choice: ${choice ?? ''}`;

function questionBlock(q: Question, answer?: Answer): string[] {
  return [
    `## ${q.id}`,
    `**${oneLine(q.title)}**`,
    '',
    ...promptLines(q.choice.prompt),
    ...q.choice.options.map((o) => `- ${o.key}) ${oneLine(o.text)}`),
    '',
    choiceLine(answer?.choice),
    '',
    ...promptLines(q.open.prompt),
    '',
    'Your answer:',
    ...answerLines(answer?.open ?? ''),
    '',
  ];
}

/** The answers.md a learner starts with. It grades as unanswered, not as an error. */
export function answersTemplate(labTitle: string, questions: Question[]): string {
  const title = oneLine(labTitle);
  return [
    `<!-- ecs-lab answers for ${title}. Keep each "## id" heading. Grade with: lab check -->`,
    `# Key questions — ${title}`,
    '',
    ...questions.flatMap((q) => questionBlock(q)),
  ].join('\n') + '\n';
}

/**
 * A line of a title or prompt that the template cannot hold because reading answers.md back would
 * mistake it for structure (a section heading, a Choice or Your answer line, a code fence, a comment).
 * load.ts rejects questions.yaml files that have one.
 */
export function unsafeTemplateLine(text: string): string | undefined {
  return text
    .split(/\r?\n/)
    .find((l) => HEADING.test(l) || CHOICE_LINE.test(l) || ANSWER_LINE.test(l) || FENCE.test(l) || l.includes('<!--'));
}

/** Trims the ends of lines and blank lines around the answer; what parse returns and write writes. */
export function normalizeOpen(text: string): string {
  return text
    .split(/\r\n|\r|\n/)
    .map((l) => l.trimEnd())
    .join('\n')
    .replace(/^\n+|\n+$/g, '');
}

function answerLines(open: string): string[] {
  const text = normalizeOpen(open);
  if (!text) return [];
  let fence = false;
  return text.split('\n').map((l) => {
    if (FENCE.test(l)) fence = !fence;
    // A "## x" line in an answer would start a new section; the backslash keeps it text.
    return !fence && HEADING.test(l) ? l.replace(/^( {0,3})#/, '$1\\#') : l;
  });
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

function decode(input: string | Uint8Array, file: string): string {
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
  return text.replace(/^\uFEFF/, '');
}

/** Splits into lines, marking code blocks and removing HTML comments (which may span lines). */
function scanLines(text: string, file: string, problems: string[]): Line[] {
  const lines: Line[] = [];
  let fence: { marker: string; line: number } | undefined;
  let commentFrom: number | undefined;
  text.split(/\r\n|\r|\n/).forEach((raw, i) => {
    const no = i + 1;
    if (fence) {
      const close = FENCE.exec(raw);
      if (close && close[1][0] === fence.marker[0] && close[1].length >= fence.marker.length && !raw.slice(close[0].length).trim()) fence = undefined;
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
    const open = FENCE.exec(kept);
    if (open) fence = { marker: open[1], line: no };
    lines.push({ no, raw, text: kept, code: !!open, commentOnly: raw.trim() !== '' && kept.trim() === '' });
  });
  if (fence) problems.push(`${file}:${fence.line}: a code block (${fence.marker}) is never closed — the rest of the file is read as code; close it with ${fence.marker}`);
  if (commentFrom !== undefined) problems.push(`${file}:${commentFrom}: an HTML comment (<!--) is never closed — the rest of the file is ignored; close it with -->`);
  return lines;
}

interface Section {
  question: Question;
  /** Index into lines of the heading, and of the first line after the section. */
  start: number;
  end: number;
  choiceAt?: number;
  choice?: string;
  markerAt?: number;
  open: string;
}

function suggestId(heading: string, ids: string[]): string | undefined {
  if (!heading || ids.length === 0) return undefined;
  const inside = ids.find((id) => heading.includes(id));
  if (inside) return inside;
  return closestName(heading, ids, { floor: 2, divisor: 2 });
}

function parseChoice(value: string, q: Question, line: number, file: string): string | undefined {
  const v = value.replace(/[*_`]/g, '').trim();
  if (!v) return undefined;
  const keys = q.choice.options.map((o) => o.key);
  const m = /^\(?([a-z])\)?(?=$|[\s.):,;-])/i.exec(v);
  const key = m?.[1].toLowerCase();
  if (!key || !keys.includes(key)) {
    fail(file, line, `choice "${v}" is not an option of ${q.id} — write one letter after "Choice:": ${keys.join(', ')}`);
  }
  return key;
}

function isTemplateLine(l: Line, q: Question): boolean {
  if (l.code) return false;
  const t = l.text.trim();
  if (!t || l.commentOnly || BOLD_LINE.test(t) || OPTION_LINE.test(t)) return true;
  const prompts = [q.choice.prompt, q.open.prompt].flatMap(promptLines).map(oneLine);
  return prompts.includes(oneLine(t));
}

function readSection(lines: Line[], start: number, end: number, q: Question, file: string, problems: string[]): Section {
  const s: Section = { question: q, start, end, open: '' };
  const learner: Line[] = [];
  for (let i = start + 1; i < end; i++) {
    const l = lines[i];
    if (l.code) {
      learner.push(l);
      continue;
    }
    const choice = CHOICE_LINE.exec(l.text);
    if (choice) {
      if (s.choiceAt !== undefined) fail(file, l.no, `${q.id} has a second "Choice:" line (the first is line ${lines[s.choiceAt].no}) — keep one`);
      s.choiceAt = i;
      s.choice = parseChoice(choice[2], q, l.no, file);
      continue;
    }
    const marker = ANSWER_LINE.exec(l.text);
    if (marker) {
      s.markerAt = i;
      // Everything after the marker is the answer, even a line that looks like "Choice:".
      const after = lines.slice(i + 1, end).filter((a) => !a.commentOnly);
      s.open = normalizeOpen([marker[2].trimStart(), ...after.map((a) => (a.code ? a.raw : a.text.replace(ESCAPED_HEADING, '$1$2')))].join('\n'));
      break;
    }
    if (!isTemplateLine(l, q)) learner.push(l);
  }
  if (s.markerAt === undefined) {
    s.open = normalizeOpen(learner.map((l) => (l.code ? l.raw : l.text)).join('\n'));
    problems.push(`${file}:${lines[start].no}: ## ${q.id} has no "Your answer:" line — the text under the heading was graded; put the line back above your answer`);
  } else if (learner.length > 0) {
    problems.push(`${file}:${learner[0].no}: text above "Your answer:" in ## ${q.id} is not graded — move it below that line`);
  }
  return s;
}

function readSections(text: string, questions: Question[], file: string) {
  const problems: string[] = [];
  const lines = scanLines(text, file, problems);
  const byId = new Map(questions.map((q) => [q.id, q]));
  const heads: { index: number; question: Question }[] = [];
  const seen = new Map<string, number>();
  lines.forEach((l, index) => {
    const h = l.code ? null : HEADING.exec(l.text);
    if (!h) return;
    const id = (h[1] ?? '').replace(/[`*_]/g, '').trim().toLowerCase();
    const question = byId.get(id);
    if (!question) {
      const ids = [...byId.keys()];
      const hint = suggestId(id, ids);
      fail(file, l.no, `"${l.text.trim()}" is not a question of this lab — ${hint ? `did you mean "## ${hint}"? Rename the heading` : `use one of: ${ids.map((i) => `## ${i}`).join(', ')}`}`);
    }
    if (seen.has(id)) fail(file, l.no, `"## ${id}" appears twice (the first is line ${seen.get(id)}) — keep one section per question`);
    seen.set(id, l.no);
    heads.push({ index, question });
  });
  const sections = heads.map((h, k) => readSection(lines, h.index, heads[k + 1]?.index ?? lines.length, h.question, file, problems));
  if (text.trim()) {
    for (const q of questions) {
      if (!seen.has(q.id)) problems.push(`${file}: no "## ${q.id}" section — that question counts as unanswered; add the section or run \`lab quiz\``);
    }
  }
  return { lines, sections, problems };
}

/**
 * Reads answers.md. An empty file or a missing section means unanswered questions, not an error.
 * Throws LabError('E_ANSWERS') for what grading must not guess about.
 */
export function parseAnswers(markdown: string | Uint8Array, questions: Question[], opts: AnswersFileOptions = {}): ParsedAnswers {
  const file = opts.file ?? DEFAULT_FILE;
  const { sections, problems } = readSections(decode(markdown, file), questions, file);
  const answers: Answers = {};
  for (const q of questions) answers[q.id] = { open: '' };
  for (const s of sections) answers[s.question.id] = { ...(s.choice ? { choice: s.choice } : {}), open: s.open };
  return { answers, problems };
}

// ---------------------------------------------------------------- writing

export interface WriteAnswersOptions extends AnswersFileOptions {
  /** Names the lab in a new file's header when there is no existing answers.md. */
  labTitle?: string;
}

/**
 * answers.md with the given answers filled in (used by `lab quiz`). Starts from the existing file
 * when there is one and keeps everything around the answers as it is: for each question in
 * `answers` the Choice line and the text under "Your answer:" are replaced; other sections are left
 * alone; missing sections are appended. Throws the same E_ANSWERS errors as parseAnswers, so a file
 * that cannot be read is never overwritten.
 */
export function writeAnswers(existing: string | undefined, questions: Question[], answers: Answers, opts: WriteAnswersOptions = {}): string {
  const file = opts.file ?? DEFAULT_FILE;
  const base = existing !== undefined && existing.trim() ? decode(existing, file) : answersTemplate(opts.labTitle ?? 'this lab', questions);
  const eol = base.includes('\r\n') ? '\r\n' : '\n';
  const { lines, sections } = readSections(base, questions, file);
  const out = lines.map((l) => l.raw);
  if (out.length > 0 && out[out.length - 1] === '') out.pop(); // the final newline is added back on join
  const has = (id: string) => Object.hasOwn(answers, id);

  // Back to front, so the indices of earlier sections stay valid.
  for (const s of [...sections].reverse()) {
    const id = s.question.id;
    if (!has(id)) continue;
    const a = answers[id];
    let block: string[];
    if (s.markerAt === undefined) {
      block = questionBlock(s.question, a);
    } else {
      const head = out.slice(s.start, s.markerAt);
      if (s.choiceAt !== undefined) head[s.choiceAt - s.start] = choiceLine(a.choice);
      else head.push(choiceLine(a.choice), '');
      block = [...head, 'Your answer:', ...answerLines(a.open), ''];
    }
    out.splice(s.start, Math.min(s.end, out.length) - s.start, ...block);
  }

  const present = new Set(sections.map((s) => s.question.id));
  const missing = questions.filter((q) => !present.has(q.id));
  if (missing.length > 0 && out.length > 0 && out[out.length - 1].trim() !== '') out.push('');
  for (const q of missing) out.push(...questionBlock(q, has(q.id) ? answers[q.id] : undefined));
  while (out.length > 1 && out[out.length - 1] === '' && out[out.length - 2] === '') out.pop();
  return out.join(eol) + eol;
}
