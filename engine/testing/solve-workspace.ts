// For end-to-end tests: answers.md with the right answer to every item drawn for a workspace and
// the lab solution's reflections, written through the same writer `lab quiz` uses.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { findLab } from '../catalogue/catalogue';
import { parseAnswers } from '../questions/answers-file';
import { drawLab } from '../questions/draw';
import { labDraw, writeWorkspaceAnswers } from '../questions/lab-answers';
import { rightAnswers } from '../questions/solve';
import { readState } from '../workspace/state';
import { labFolder } from '../workspace/workspace';

/** The solution's reflections for a lab, by key question id. */
export function solutionReflections(labId: string): Record<string, string> {
  const lab = findLab(labId)!;
  const { questions } = labDraw(labFolder(lab), { lab: lab.id, createdAt: '', seed: 'any' });
  return parseAnswers(readFileSync(join(labFolder(lab), 'solution', 'answers.md'), 'utf8'), drawLab(questions, lab.id, 'any')).reflections;
}

/** Writes the right answers for the workspace's draw (or an instructor's seed) into its answers.md. */
export function writeRightAnswers(dir: string, seed?: string): void {
  const state = readState(dir);
  const lab = findLab(state.lab)!;
  const { draw } = labDraw(labFolder(lab), state, seed);
  writeWorkspaceAnswers(dir, draw, lab.title, rightAnswers(draw, solutionReflections(lab.id)));
}
