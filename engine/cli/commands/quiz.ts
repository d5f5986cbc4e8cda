import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAnswers, writeAnswers } from '../../questions/answers-file';
import { gradeAll } from '../../questions/grade';
import { loadQuestions } from '../../questions/load';
import { assertInteractive, runQuiz } from '../../questions/quiz';
import { ANSWERS_FILE, findWorkspace, labFolder } from '../../workspace/workspace';
import type { Io } from '../io';

export async function quiz(io: Io): Promise<number> {
  const ws = findWorkspace(io.cwd);
  assertInteractive(process.stdin);
  const questions = loadQuestions(join(labFolder(ws.lab), 'questions.yaml'));
  const file = join(ws.dir, ANSWERS_FILE);
  const existing = existsSync(file) ? readFileSync(file, 'utf8') : undefined;
  // A malformed answers.md stops the quiz before any prompt: its error says which line to fix.
  const current = existing?.trim() ? parseAnswers(existing, questions, { file: ANSWERS_FILE }).answers : {};
  const { intro, outro } = await import('@clack/prompts');
  intro(`Key questions — ${ws.lab.title}`);
  const answers = await runQuiz({ questions, answers: current });
  const text = writeAnswers(existing?.trim() ? existing : undefined, questions, answers, { labTitle: ws.lab.title, file: ANSWERS_FILE });
  writeFileSync(file, text);
  const grades = gradeAll(questions, answers);
  const passed = grades.filter((g) => g.passed).length;
  outro(`${passed} of ${grades.length} questions pass. Saved to ${ANSWERS_FILE}; \`lab check\` grades it with your stack.`);
  return passed === grades.length ? 0 : 1;
}
