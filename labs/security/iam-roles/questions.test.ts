// The rubric of this lab's questions: the reference answers name most concepts, a short good
// answer passes, and answers that miss the point (one role for everything, "ECS picks up new
// secrets by itself") do not.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAnswers } from '../../../engine/questions/answers-file';
import { gradeAll, gradeOpen } from '../../../engine/questions/grade';
import { loadQuestions } from '../../../engine/questions/load';

const here = __dirname;
const questions = loadQuestions(join(here, 'questions.yaml'));
const question = (id: string) => questions.find((q) => q.id === id)!;

describe('iam-roles questions', () => {
  it('the reference answers pass and name at least four concepts each', () => {
    const grades = gradeAll(questions, parseAnswers(readFileSync(join(here, 'solution', 'answers.md'), 'utf8'), questions));
    expect(grades.map((g) => g.id)).toEqual(['iam-role-separation', 'secrets-rotation']);
    for (const g of grades) {
      expect(g.passed, g.id).toBe(true);
      expect(g.open.concepts.filter((c) => c.found).length, g.id).toBeGreaterThanOrEqual(4);
    }
  });

  it('a short good answer passes', () => {
    const roles = gradeOpen(
      question('iam-role-separation'),
      "Two separate roles: the execution role lets the ECS agent pull the image and fetch secrets, the task role is the app's own identity, and both follow least privilege.",
    );
    expect(roles.passed, roles.missing.join('; ')).toBe(true);
    const rotation = gradeOpen(
      question('secrets-rotation'),
      'Secrets Manager rotates the password automatically every 30 days with alternating users, and we force a new deployment because tasks only read it when they start.',
    );
    expect(rotation.passed, rotation.missing.join('; ')).toBe(true);
  });

  it('answers that miss the point do not pass', () => {
    const shared = gradeOpen(
      question('iam-role-separation'),
      'We use one role with AdministratorAccess for everything so that nothing ever fails with AccessDenied in production.',
    );
    expect(shared.passed).toBe(false);
    const magic = gradeOpen(
      question('secrets-rotation'),
      'We keep the password in an environment variable of the task definition and change it by hand when someone leaves the team.',
    );
    expect(magic.passed).toBe(false);
  });
});
