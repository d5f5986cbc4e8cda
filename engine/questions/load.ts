// Reading a lab's questions.yaml. Its authors are lab writers, not learners, but the error still
// names the file, the line and the path in the document so the fix is one edit away.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LineCounter, parseDocument, type Document } from 'yaml';
import { LabError } from '../errors';
import { unsafeTemplateLine } from './answers-file';
import { briefSections } from './brief';
import { parseExact } from './normalize';
import { QuestionsFileSchema, type Item, type Question } from './schema';

export interface Issue {
  path: (string | number)[];
  message: string;
}

/** `questions[2].items[0].options[1].key` */
export function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((s, k) => (typeof k === 'number' ? `${s}[${k}]` : s ? `${s}.${String(k)}` : String(k)), '') || '(document)';
}

/** The line of the deepest node of `path` that exists (a missing field points at its parent). */
function lineAt(doc: Document, lines: LineCounter, path: (string | number)[]): number | undefined {
  for (let p = path; ; p = p.slice(0, -1)) {
    const node = p.length === 0 ? doc.contents : doc.getIn(p, true);
    const range = (node as { range?: [number, number, number] } | null | undefined)?.range;
    if (range) return lines.linePos(range[0]).line;
    if (p.length === 0) return undefined;
  }
}

/** Words reserved by answers.md: an item cannot be called like its reflection section. */
export const RESERVED_ITEM_IDS = new Set(['reflection']);

function itemTexts(item: Item): [string, string][] {
  const texts: [string, string][] = [['prompt', item.prompt]];
  if (item.kind === 'choice' || item.kind === 'multi') item.options.forEach((o, j) => texts.push([`options.${j}.text`, o.text]));
  if (item.kind === 'match') item.pairs.forEach((p, j) => texts.push([`pairs.${j}.left`, p.left], [`pairs.${j}.right`, p.right]));
  if (item.kind === 'order') item.steps.forEach((s, j) => texts.push([`steps.${j}`, s]));
  return texts;
}

function itemIssues(item: Item, at: (...p: (string | number)[]) => (string | number)[]): Issue[] {
  const issues: Issue[] = [];
  if (RESERVED_ITEM_IDS.has(item.id)) issues.push({ path: at('id'), message: `"${item.id}" is reserved for the reflection section of answers.md — rename the item` });
  if (item.kind === 'choice' || item.kind === 'multi') {
    const keys = new Set<string>();
    item.options.forEach((o, j) => {
      if (keys.has(o.key)) issues.push({ path: at('options', j, 'key'), message: `duplicate option key "${o.key}"` });
      keys.add(o.key);
    });
  }
  if (item.kind === 'match') {
    const lefts = new Set<string>();
    item.pairs.forEach((p, j) => {
      if (lefts.has(p.left)) issues.push({ path: at('pairs', j, 'left'), message: `"${p.left}" appears twice on the left` });
      lefts.add(p.left);
    });
    const rights = new Set(item.pairs.map((p) => p.right));
    item.distractors.forEach((d, j) => {
      if (rights.has(d)) issues.push({ path: at('distractors', j), message: `distractor "${d}" is also a right value of a pair` });
    });
    if (new Set(item.distractors).size !== item.distractors.length) issues.push({ path: at('distractors'), message: 'a distractor appears twice' });
  }
  if (item.kind === 'order' && new Set(item.steps).size !== item.steps.length) issues.push({ path: at('steps'), message: 'two steps are the same text' });
  if (item.kind === 'exact') {
    // Only the canonical answer must be in the format; `accept` may add plain-text spellings ("https").
    if (parseExact(item.answer, item.format) === undefined) issues.push({ path: at('answer'), message: `"${item.answer}" is not a valid ${item.format} answer` });
    if (item.format !== 'number' && item.tolerance !== 0) issues.push({ path: at('tolerance'), message: 'tolerance applies to format: number only' });
  }
  for (const [field, text] of itemTexts(item)) {
    const bad = unsafeTemplateLine(text);
    if (bad !== undefined) issues.push({ path: at(...field.split('.').map((k) => (/^\d+$/.test(k) ? Number(k) : k))), message: `the line "${bad.trim()}" would be read as part of answers.md's structure — reword it` });
  }
  return issues;
}

/** Checks the schema cannot express: unique ids and keys, answers that parse, text answers.md can hold. */
export function semanticIssues(questions: Question[]): Issue[] {
  const issues: Issue[] = [];
  const ids = new Map<string, number>();
  const itemIds = new Map<string, string>();
  questions.forEach((q, i) => {
    const at = (...p: (string | number)[]) => ['questions', i, ...p];
    if (ids.has(q.id)) issues.push({ path: at('id'), message: `duplicate question id "${q.id}" (also questions[${ids.get(q.id)}])` });
    else ids.set(q.id, i);
    if (q.draw > q.items.length) issues.push({ path: at('draw'), message: `draw is ${q.draw} but the pool has ${q.items.length} items` });
    if (/[\r\n]/.test(q.title)) issues.push({ path: at('title'), message: 'the title must be one line' });
    q.items.forEach((item, j) => {
      const where = `questions[${i}].items[${j}]`;
      if (itemIds.has(item.id)) issues.push({ path: at('items', j, 'id'), message: `duplicate item id "${item.id}" (also ${itemIds.get(item.id)}) — item ids are unique in the lab` });
      else itemIds.set(item.id, where);
      issues.push(...itemIssues(item, (...p) => at('items', j, ...p)));
    });
    const bad = unsafeTemplateLine(q.reflection.prompt);
    if (bad !== undefined) issues.push({ path: at('reflection', 'prompt'), message: `the line "${bad.trim()}" would be read as part of answers.md's structure — reword it` });
  });
  return issues;
}

/** A LabError naming the first issue as `file:line (path): message`, the others as details. */
export function issuesError(file: string, text: string, issues: Issue[], remedy = "fix the lab's questions.yaml"): LabError {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines });
  const fmt = (i: Issue) => {
    const n = lineAt(doc, lines, i.path);
    return `${file}${n ? `:${n}` : ''}${i.path.length ? ` (${formatPath(i.path)})` : ''}: ${i.message}`;
  };
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : '';
  return new LabError('E_QUESTIONS', `${fmt(issues[0])}${more} — ${remedy}`, issues.slice(1).map(fmt));
}

/** Parses and validates questions.yaml text; `file` only names it in errors. */
export function parseQuestions(text: string, file: string): Question[] {
  const doc = parseDocument(text, { lineCounter: new LineCounter(), prettyErrors: true });
  if (doc.errors.length > 0) {
    const e = doc.errors[0];
    const where = e.linePos?.[0] ? `:${e.linePos[0].line}` : '';
    const what = e.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
    throw new LabError('E_QUESTIONS', `${file}${where}: not valid YAML (${what}) — fix the lab's questions.yaml`);
  }
  if (doc.contents === null) throw new LabError('E_QUESTIONS', `${file}: the file is empty — it needs a "questions:" list`);
  const parsed = QuestionsFileSchema.safeParse(doc.toJS());
  if (!parsed.success) {
    throw issuesError(file, text, parsed.error.issues.map((i) => ({ path: i.path.map((k) => (typeof k === 'number' ? k : String(k))), message: i.message })));
  }
  const issues = semanticIssues(parsed.data.questions);
  if (issues.length > 0) throw issuesError(file, text, issues);
  return parsed.data.questions;
}

function readText(file: string, what: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    throw new LabError('E_QUESTIONS', `${file}: cannot read the lab's ${what} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}) — restore it`);
  }
}

/** Reads a lab's questions.yaml; throws LabError('E_QUESTIONS') when it is missing or invalid. */
export function loadQuestions(file: string): Question[] {
  return parseQuestions(readText(file, 'questions'), file);
}

export interface LabQuestions {
  questions: Question[];
  /** The brief's heading anchors and titles, for "see brief: …". */
  sections: Map<string, string>;
}

/** A lab folder's questions and the sections of its brief. */
export function loadLabQuestions(labDir: string): LabQuestions {
  const brief = join(labDir, 'brief.md');
  return {
    questions: loadQuestions(join(labDir, 'questions.yaml')),
    sections: existsSync(brief) ? briefSections(readText(brief, 'brief')) : new Map(),
  };
}
