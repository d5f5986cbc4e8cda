import { describe, expect, it } from 'vitest';
import { answersTemplate, parseAnswers } from './answers-file';
import { GOOD_OPEN, openPorts, questions, taskRole } from './fixtures';
import { gradeAll, gradeChoice, gradeOpen, gradeQuestion, MIN_WORDS, pointsSplit, PROSE_MISSING, readsLikeProse } from './grade';
import { QuestionSchema } from './schema';

describe('choice item', () => {
  it('passes on the correct key with that option’s explanation', () => {
    expect(gradeChoice(taskRole, 'b')).toEqual({ answered: 'b', correct: 'b', passed: true, explanation: taskRole.choice.options[1].explanation });
  });
  it('fails on a wrong key and explains the chosen option', () => {
    const g = gradeChoice(taskRole, 'a');
    expect(g.passed).toBe(false);
    expect(g.correct).toBe('b');
    expect(g.explanation).toMatch(/execution role is what ECS uses/);
  });
  it('fails unanswered and explains the correct option', () => {
    const g = gradeChoice(taskRole, undefined);
    expect(g).toEqual({ correct: 'b', passed: false, explanation: taskRole.choice.options[1].explanation });
    expect('answered' in g).toBe(false);
  });
});

describe('open item', () => {
  it('passes an answer in sentences that names every concept', () => {
    const g = gradeOpen(taskRole, GOOD_OPEN);
    expect(g).toMatchObject({ answered: true, passed: true, missing: [], minConcepts: 3 });
    expect(g.concepts.every((c) => c.found)).toBe(true);
  });

  it('names the missing concepts', () => {
    const g = gradeOpen(taskRole, 'The task role is used by the application code whenever it calls AWS services like S3.');
    expect(g.passed).toBe(false);
    expect(g.missing).toEqual(['the execution role pulls the image', 'the execution role writes the logs']);
    expect(g.concepts.map((c) => c.found)).toEqual([true, false, false]);
  });

  it('accepts regex phrasings and plural/verb endings', () => {
    const g = gradeOpen(taskRole, 'Task roles are for my code; ECS pulled the container images and it writes logs with the other role.');
    expect(g.missing).toEqual([]);
    expect(g.passed).toBe(true);
  });

  it('matches whole words only: "role" is not found in "controller"', () => {
    const q = QuestionSchema.parse({
      ...taskRole,
      open: { prompt: 'p', rubric: [{ concept: 'a role', accept: ['role'] }] },
    });
    expect(gradeOpen(q, 'The controller decides where every task is placed in the cluster.').concepts[0].found).toBe(false);
    expect(gradeOpen(q, 'The role decides what every task may do in the account.').concepts[0].found).toBe(true);
  });

  it('passes with minConcepts of the concepts and still lists the others as missing', () => {
    const g = gradeOpen(openPorts, 'Following least privilege, only the load balancer should reach the task port at all.');
    expect(g).toMatchObject({ passed: true, minConcepts: 1, missing: ['the tasks would be reachable without the load balancer'] });
  });

  it('is unanswered when empty or whitespace', () => {
    for (const text of ['', '   \n\n ']) {
      const g = gradeOpen(taskRole, text);
      expect(g).toMatchObject({ answered: false, passed: false });
      expect(g.missing).toEqual(taskRole.open.rubric.map((c) => c.concept));
    }
  });
});

describe('keyword-list guard (a heuristic)', () => {
  const everyPhrasing = taskRole.open.rubric.flatMap((c) => c.accept.filter((a) => !a.startsWith('/'))).join(', ');

  it('does not pass the rubric wording pasted as a comma list', () => {
    const g = gradeOpen(taskRole, everyPhrasing);
    expect(g.concepts.every((c) => c.found)).toBe(true); // the concepts are there…
    expect(g.passed).toBe(false); // …but it is not an explanation
    expect(g.missing).toEqual([PROSE_MISSING]);
  });

  it('does not pass the same words run together without punctuation', () => {
    expect(gradeOpen(taskRole, everyPhrasing.replace(/,/g, '')).passed).toBe(false);
  });

  it(`does not pass fewer than ${MIN_WORDS} words`, () => {
    expect(readsLikeProse('task role; pulls image; write logs', taskRole)).toBe(false);
  });

  it('passes a terse answer that is still written as clauses', () => {
    expect(readsLikeProse('Task role: my app calls S3 with it. Execution role: ECS pulls the image, writes logs.', taskRole)).toBe(true);
  });
});

describe('question', () => {
  it('splits points between choice and open', () => {
    expect(pointsSplit(2)).toEqual({ choice: 1, open: 1 });
    expect(pointsSplit(3)).toEqual({ choice: 1, open: 2 });
    expect(pointsSplit(1)).toEqual({ choice: 0, open: 1 });
  });

  it('passes with full points when both items pass', () => {
    expect(gradeQuestion(taskRole, { choice: 'b', open: GOOD_OPEN })).toMatchObject({ id: 'task-role', title: taskRole.title, passed: true, points: 2, maxPoints: 2 });
  });

  it('earns the open share but fails with a wrong choice', () => {
    const g = gradeQuestion(openPorts, { choice: 'b', open: 'Following least privilege, only the load balancer should reach the task port.' });
    expect(g).toMatchObject({ passed: false, points: 2, maxPoints: 3 });
  });

  it('earns the choice share but fails with a missing concept', () => {
    expect(gradeQuestion(taskRole, { choice: 'b', open: 'The task role is what the application code uses for every AWS call.' })).toMatchObject({ passed: false, points: 1 });
  });
});

describe('gradeAll', () => {
  it('grades the blank template as unanswered, not as an error', () => {
    const grades = gradeAll(questions, parseAnswers(answersTemplate('IAM roles', questions), questions));
    expect(grades.map((g) => g.id)).toEqual(['task-role', 'open-ports']);
    for (const g of grades) {
      expect(g).toMatchObject({ passed: false, points: 0, open: { answered: false, passed: false } });
      expect(g.choice.answered).toBeUndefined();
    }
  });

  it('takes a bare answers record too, and never reads Object.prototype', () => {
    const ctor = QuestionSchema.parse({ ...taskRole, id: 'constructor' });
    const grades = gradeAll([taskRole, ctor], { 'task-role': { choice: 'b', open: GOOD_OPEN } });
    expect(grades.map((g) => g.passed)).toEqual([true, false]);
    expect(grades[1].open.answered).toBe(false);
  });
});
