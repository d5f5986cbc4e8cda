import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LabError } from '../errors';
import { briefSections, slugify, teachesPointer } from './brief';
import { formatPath, loadLabQuestions, loadQuestions, parseQuestions } from './load';

const option = (key: string, text: string, correct = false) =>
  `          - key: ${key}\n            text: ${text}\n${correct ? '            correct: true\n' : ''}            explanation: Because ${text} is how it works here.\n`;

const GOOD = `questions:
  - id: task-role
    curriculum: security/q/iam-role-separation
    title: Task role or execution role?
    items:
      - id: which-role
        kind: choice
        teaches: brief#roles
        prompt: Which role does your code use?
        options:
${option('a', 'the execution role')}${option('b', 'the task role', true)}${option('c', 'the instance role')}
      - id: port
        kind: exact
        teaches: https://docs.aws.amazon.com/ecs/
        prompt: Which port?
        answer: 443
        format: number
        explanation: HTTPS is served on 443 here.
    reflection:
      prompt: What is each role for?
      modelAnswer: The execution role starts the task; the task role is the app's.
      selfCheck: [Who uses each?, When?, How small?]
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

describe('parseQuestions', () => {
  it('reads a good file and applies the defaults', () => {
    const [q] = parseQuestions(GOOD, 'q.yaml');
    expect(q.draw).toBe(2);
    expect(q.items.map((i) => [i.id, i.kind, i.points])).toEqual([
      ['which-role', 'choice', 1],
      ['port', 'exact', 1],
    ]);
    const port = q.items[1];
    expect(port.kind === 'exact' && port.answer).toBe('443');
  });

  it('names file:line and the path of a schema error', () => {
    expect(bad(GOOD.replace('kind: exact', 'kind: essay'))).toMatch(/^labs\/x\/questions\.yaml:\d+ \(questions\[0\]\.items\[1\]\.kind\): .* — fix the lab's questions\.yaml$/);
    expect(bad(GOOD.replace('            correct: true\n', ''))).toMatch(/questions\.yaml:\d+ \(questions\[0\]\.items\[0\]\.options\): exactly one option must be correct/);
  });

  it('rejects duplicate item ids across the lab, a draw bigger than the pool, a reserved id', () => {
    expect(bad(GOOD.replace('id: port', 'id: which-role'))).toMatch(/duplicate item id "which-role"/);
    expect(bad(GOOD.replace('    items:', '    draw: 3\n    items:'))).toMatch(/:\d+ \(questions\[0\]\.draw\): draw is 3 but the pool has 2 items/);
    expect(bad(GOOD.replace('id: port', 'id: reflection'))).toMatch(/reserved for the reflection section/);
  });

  it('rejects an exact answer that is not in its format, and text answers.md would misread', () => {
    expect(bad(GOOD.replace('answer: 443', 'answer: four-four-three'))).toMatch(/"four-four-three" is not a valid number answer/);
    expect(bad(GOOD.replace('prompt: Which port?', 'prompt: "Which port?\\nAnswer: 443"'))).toMatch(/would be read as part of answers\.md's structure/);
    expect(bad(GOOD.replace('prompt: Which port?', 'prompt: "### port"'))).toMatch(/structure/);
  });

  it('rejects teaches that is neither brief# nor a URL', () => {
    expect(bad(GOOD.replace('teaches: brief#roles', 'teaches: the brief'))).toMatch(/use brief#<heading-anchor>/);
  });

  it('not YAML, and an empty file', () => {
    expect(bad('questions: [')).toMatch(/^labs\/x\/questions\.yaml:\d+: not valid YAML/);
    expect(bad('')).toMatch(/the file is empty/);
  });

  it('formatPath', () => {
    expect(formatPath(['questions', 2, 'items', 0, 'key'])).toBe('questions[2].items[0].key');
    expect(formatPath([])).toBe('(document)');
  });
});

describe('loading from a lab folder', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ecs-lab-questions-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads questions.yaml and the brief’s sections', () => {
    writeFileSync(join(dir, 'questions.yaml'), GOOD);
    writeFileSync(join(dir, 'brief.md'), '# Title\n\n## Roles\n\ntext\n');
    const lq = loadLabQuestions(dir);
    expect(lq.questions).toHaveLength(1);
    expect([...lq.sections.keys()]).toEqual(['title', 'roles']);
  });

  it('a missing file is a one-line error', () => {
    expect(questionsError(() => loadQuestions(join(dir, 'nope.yaml'))).message).toMatch(/cannot read the lab's questions \(ENOENT\)/);
  });
});

describe('brief sections', () => {
  it('uses GitHub anchors: lowercase, punctuation dropped, spaces to dashes, repeats numbered', () => {
    const md = "# IAM roles: execution vs task\n## Who uses which role, and when\n```\n## not a heading\n```\n### `lab check` output\n## Who uses which role, and when\n#### Deep — one\n";
    expect([...briefSections(md).entries()]).toEqual([
      ['iam-roles-execution-vs-task', 'IAM roles: execution vs task'],
      ['who-uses-which-role-and-when', 'Who uses which role, and when'],
      ['lab-check-output', 'lab check output'],
      ['who-uses-which-role-and-when-1', 'Who uses which role, and when'],
      ['deep--one', 'Deep — one'],
    ]);
    expect(slugify('Single user or alternating users')).toBe('single-user-or-alternating-users');
  });

  it('teachesPointer names the heading or the URL', () => {
    expect(teachesPointer('brief#roles', new Map([['roles', 'Roles']]))).toBe('see brief: “Roles” (`lab brief`)');
    expect(teachesPointer('https://docs.aws.amazon.com/x')).toBe('see https://docs.aws.amazon.com/x');
  });
});
