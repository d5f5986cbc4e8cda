// Reading a lab's questions.yaml. Its authors are lab writers, not learners, but the error still
// names the file, the line and the path in the document so the fix is one edit away.
import { readFileSync } from 'node:fs';
import { LineCounter, parseDocument, type Document } from 'yaml';
import { LabError } from '../errors';
import { unsafeTemplateLine } from './answers-file';
import { compilePhrasing } from './match';
import { QuestionsFileSchema, type Question } from './schema';

interface Issue {
  path: (string | number)[];
  message: string;
}

/** `questions[2].choice.options[0].key` */
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

/** Checks the schema cannot express: unique ids and keys, rubrics that can match, a template that reads back. */
export function semanticIssues(questions: Question[]): Issue[] {
  const issues: Issue[] = [];
  const ids = new Map<string, number>();
  questions.forEach((q, i) => {
    const at = (...p: (string | number)[]) => ['questions', i, ...p];
    if (ids.has(q.id)) issues.push({ path: at('id'), message: `duplicate question id "${q.id}" (also questions[${ids.get(q.id)}])` });
    else ids.set(q.id, i);
    const keys = new Set<string>();
    q.choice.options.forEach((o, j) => {
      if (keys.has(o.key)) issues.push({ path: at('choice', 'options', j, 'key'), message: `duplicate option key "${o.key}"` });
      keys.add(o.key);
    });
    if (q.open.minConcepts !== undefined && q.open.minConcepts > q.open.rubric.length) {
      issues.push({ path: at('open', 'minConcepts'), message: `minConcepts is ${q.open.minConcepts} but the rubric has ${q.open.rubric.length} concepts` });
    }
    q.open.rubric.forEach((c, j) =>
      c.accept.forEach((a, k) => {
        try {
          compilePhrasing(a);
        } catch (e) {
          issues.push({ path: at('open', 'rubric', j, 'accept', k), message: (e as Error).message });
        }
      }),
    );
    if (/[\r\n]/.test(q.title.trim())) issues.push({ path: at('title'), message: 'the title must be one line' });
    for (const [field, text] of [['choice', q.choice.prompt], ['open', q.open.prompt]] as const) {
      const bad = unsafeTemplateLine(text);
      if (bad !== undefined) issues.push({ path: at(field, 'prompt'), message: `the line "${bad.trim()}" would be read as part of answers.md's structure — reword it` });
    }
  });
  return issues;
}

/** Parses and validates questions.yaml text; `file` only names it in errors. */
export function parseQuestions(text: string, file: string): Question[] {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: true });
  const bad = (issues: Issue[], line?: (i: Issue) => number | undefined) => {
    const fmt = (i: Issue) => {
      const n = line?.(i);
      return `${file}${n ? ` line ${n}` : ''}${i.path.length ? ` (${formatPath(i.path)})` : ''}: ${i.message}`;
    };
    const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : '';
    return new LabError('E_QUESTIONS', `${fmt(issues[0])}${more} — fix the lab's questions.yaml`, issues.slice(1).map(fmt));
  };
  if (doc.errors.length > 0) {
    const e = doc.errors[0];
    const where = e.linePos?.[0] ? ` line ${e.linePos[0].line}` : '';
    const what = e.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
    throw new LabError('E_QUESTIONS', `${file}${where}: not valid YAML (${what}) — fix the lab's questions.yaml`);
  }
  if (doc.contents === null) throw new LabError('E_QUESTIONS', `${file}: the file is empty — it needs a "questions:" list`);
  const parsed = QuestionsFileSchema.safeParse(doc.toJS());
  const lineOf = (i: Issue) => lineAt(doc, lines, i.path);
  if (!parsed.success) {
    throw bad(parsed.error.issues.map((i) => ({ path: i.path.map((k) => (typeof k === 'number' ? k : String(k))), message: i.message })), lineOf);
  }
  const issues = semanticIssues(parsed.data.questions);
  if (issues.length > 0) throw bad(issues, lineOf);
  return parsed.data.questions;
}

/** Reads a lab's questions.yaml; throws LabError('E_QUESTIONS') when it is missing or invalid. */
export function loadQuestions(file: string): Question[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new LabError('E_QUESTIONS', `${file}: cannot read the lab's questions (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}) — restore questions.yaml`);
  }
  return parseQuestions(text, file);
}
