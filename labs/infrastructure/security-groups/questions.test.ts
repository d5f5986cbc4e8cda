// The rubric of this lab's questions: the reference answers name most concepts, and answers that
// miss the point (wide CIDR rules, "it's private anyway") do not pass.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAnswers } from '../../../engine/questions/answers-file';
import { gradeAll, gradeOpen } from '../../../engine/questions/grade';
import { loadQuestions } from '../../../engine/questions/load';

const here = join(__dirname);
const questions = loadQuestions(join(here, 'questions.yaml'));
const question = (id: string) => questions.find((q) => q.id === id)!;

describe('security-groups questions', () => {
  it('the reference answers name at least four concepts each', () => {
    const grades = gradeAll(questions, parseAnswers(readFileSync(join(here, 'solution', 'answers.md'), 'utf8'), questions));
    for (const g of grades) {
      expect(g.passed, g.id).toBe(true);
      expect(g.open.concepts.filter((c) => c.found).length, g.id).toBeGreaterThanOrEqual(4);
    }
  });

  it('a short good answer passes', () => {
    const sg = gradeOpen(question('security-group-config'),
      'Only the ALB is public on 443. The tasks sit in private subnets and accept the container port only from the load balancer security group.');
    expect(sg.passed).toBe(true);
    const s2s = gradeOpen(question('service-to-service'),
      'Use Service Connect so services find each other by name, and let the payments security group accept port 8443 only from the orders security group.');
    expect(s2s.passed).toBe(true);
  });

  it('answers that miss the point do not pass', () => {
    const wide = gradeOpen(question('security-group-config'),
      'I open everything from the VPC range because the network is private anyway and that is simpler to manage for the team.');
    expect(wide.passed).toBe(false);
    const publicCall = gradeOpen(question('service-to-service'),
      'Each service calls the other through the public load balancer URL, which is the same way customers reach it, so nothing special is needed.');
    expect(publicCall.passed).toBe(false);
  });
});
