import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LabError } from '../errors';
import { formatPath, loadQuestions, parseQuestions } from './load';

const GOOD = `questions:
  - id: task-role
    curriculum: iam-roles
    title: Task role or execution role?
    choice:
      prompt: Which role does your code use?
      options:
        - key: a
          text: The execution role
          explanation: ECS uses it to start the task.
        - key: b
          text: The task role
          correct: true
          explanation: Your code's calls use it.
    open:
      prompt: |
        What is each role for?
        Answer in a sentence or two.
      rubric:
        - concept: the task role is for the app
          accept: [task role, "/role (for|of) the (app|application)/"]
`;

function questionsError(fn: () => unknown): LabError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(LabError);
    expect((e as LabError).code).toBe('E_QUESTIONS');
    expect((e as LabError).message).not.toContain('\n');
    return e as LabError;
  }
  throw new Error('expected an E_QUESTIONS error');
}

const bad = (yaml: string) => questionsError(() => parseQuestions(yaml, 'labs/x/questions.yaml')).message;

describe('loadQuestions', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ecs-lab-questions-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads a good file and applies the defaults', () => {
    const file = join(dir, 'questions.yaml');
    writeFileSync(file, GOOD);
    const [q] = loadQuestions(file);
    expect(q.id).toBe('task-role');
    expect(q.points).toBe(2);
    expect(q.choice.options.map((o) => o.correct)).toEqual([false, true]);
    expect(q.open.prompt).toBe('What is each role for?\nAnswer in a sentence or two.\n');
  });

  it('names a missing file', () => {
    const file = join(dir, 'nope.yaml');
    expect(questionsError(() => loadQuestions(file)).message).toBe(`${file}: cannot read the lab's questions (ENOENT) — restore questions.yaml`);
  });
});

describe('parseQuestions errors name the file, line, path and problem', () => {
  it('YAML syntax', () => {
    expect(bad(GOOD.replace('title: Task role or execution role?', 'title: [unclosed'))).toMatch(/^labs\/x\/questions\.yaml line 5: not valid YAML \(Flow sequence .*\) — fix the lab's questions\.yaml$/);
    expect(bad(GOOD.replace('    title:', '    id: again\n    title:'))).toBe("labs/x/questions.yaml line 4: not valid YAML (Map keys must be unique) — fix the lab's questions.yaml");
  });

  it('a schema problem, with the line of the offending node', () => {
    expect(bad(GOOD.replace('correct: true', 'correct: false'))).toBe(
      "labs/x/questions.yaml line 6 (questions[0].choice): exactly one option must be correct — fix the lab's questions.yaml",
    );
  });

  it('a missing field points at its parent', () => {
    expect(bad(GOOD.replace('    title: Task role or execution role?\n', ''))).toMatch(/^labs\/x\/questions\.yaml line 2 \(questions\[0\]\.title\): .*expected string/);
  });

  it('a wrong id, with every other problem in the details', () => {
    const e = questionsError(() => parseQuestions(GOOD.replace('id: task-role', 'id: Task_Role').replace('key: b', 'key: B'), 'q.yaml'));
    expect(e.message).toBe("q.yaml line 2 (questions[0].id): use lowercase letters, digits and dashes (and 1 more) — fix the lab's questions.yaml");
    expect(e.details).toEqual(['q.yaml line 11 (questions[0].choice.options[1].key): a single lowercase letter']);
  });

  it('an empty document', () => {
    expect(bad('')).toBe('labs/x/questions.yaml: the file is empty — it needs a "questions:" list');
    expect(bad('# only a comment\n')).toBe('labs/x/questions.yaml: the file is empty — it needs a "questions:" list');
    expect(bad('questions: 3')).toMatch(/^labs\/x\/questions\.yaml line 1 \(questions\): .*expected array/);
  });

  it('duplicate question ids', () => {
    const twice = GOOD + GOOD.replace('questions:\n', '');
    expect(bad(twice)).toMatch(/line 22 \(questions\[1\]\.id\): duplicate question id "task-role" \(also questions\[0\]\)/);
  });

  it('duplicate option keys', () => {
    expect(bad(GOOD.replace('key: b', 'key: a'))).toMatch(/line 11 \(questions\[0\]\.choice\.options\[1\]\.key\): duplicate option key "a"/);
  });

  it('minConcepts above the number of concepts', () => {
    expect(bad(GOOD.replace('      rubric:', '      minConcepts: 2\n      rubric:'))).toMatch(/\(questions\[0\]\.open\.minConcepts\): minConcepts is 2 but the rubric has 1 concepts/);
  });

  it('a phrasing that is a broken regex or has no words', () => {
    expect(bad(GOOD.replace('"/role (for|of) the (app|application)/"', '"/role (for/"'))).toMatch(/line 21 \(questions\[0\]\.open\.rubric\[0\]\.accept\[1\]\): \/role \(for\/ is not a valid regular expression/);
    expect(bad(GOOD.replace('task role,', '"--",'))).toMatch(/accept\[0\]\): "--" has no letters or digits/);
  });

  it('a prompt line that answers.md would read as structure', () => {
    expect(bad(GOOD.replace('Answer in a sentence or two.', '## Answer here'))).toMatch(/\(questions\[0\]\.open\.prompt\): the line "## Answer here" would be read as part of answers\.md's structure/);
    expect(bad(GOOD.replace('prompt: Which role does your code use?', 'prompt: "Choice: pick one"'))).toMatch(/\(questions\[0\]\.choice\.prompt\)/);
  });
});

it('formatPath', () => {
  expect(formatPath(['questions', 2, 'choice', 'options', 0, 'key'])).toBe('questions[2].choice.options[0].key');
  expect(formatPath([])).toBe('(document)');
});
