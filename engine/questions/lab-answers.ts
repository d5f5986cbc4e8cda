// The questions side of a workspace: its draw (from the seed in .lab/state.json) and its
// answers.md, read and written. Takes plain values, not a Workspace, so the workspace module can
// use it without an import cycle.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkById } from '../checking/registry';
import { LabError } from '../errors';
import { ANSWERS_FILE } from '../workspace/names';
import { parseAnswers, renderAnswers, type LabAnswers, type ParsedAnswers } from './answers-file';
import { drawLab, workspaceSeed, type Draw } from './draw';
import { loadLabQuestions, type LabQuestions } from './load';

export interface DrawState {
  lab: string;
  createdAt: string;
  seed?: string;
  attempts?: Record<string, number>;
}

export interface LabDraw extends LabQuestions {
  draw: Draw;
}

/**
 * The lab's questions drawn for a workspace. `seedOverride` is an instructor's `--seed`: it draws
 * from that seed alone, without the workspace's retry counters, so every grader gets the same draw.
 */
export function labDraw(labDir: string, state: DrawState, seedOverride?: string): LabDraw {
  const lq = loadLabQuestions(labDir);
  const draw = seedOverride !== undefined ? drawLab(lq.questions, state.lab, seedOverride) : drawLab(lq.questions, state.lab, workspaceSeed(state), state.attempts ?? {});
  return { ...lq, draw };
}

/** Check titles for the evidence items' lines in answers.md. */
export function checkTitles(draw: Draw): Record<string, string> {
  const titles: Record<string, string> = {};
  for (const q of draw.questions) {
    for (const d of q.items) if (d.kind === 'evidence') titles[d.item.check] = checkById(d.item.check)?.title ?? d.item.check;
  }
  return titles;
}

/** answers.md's bytes, or undefined when there is none. */
export function readAnswersBytes(dir: string): Uint8Array | undefined {
  const file = join(dir, ANSWERS_FILE);
  return existsSync(file) ? readFileSync(file) : undefined;
}

/** Parses the workspace's answers.md; an empty file is an error (its fix: delete it or `lab quiz`). */
export function readWorkspaceAnswers(dir: string, draw: Draw, opts: { salvage?: boolean } = {}): ParsedAnswers | undefined {
  const bytes = readAnswersBytes(dir);
  if (bytes === undefined) return undefined;
  if (new TextDecoder().decode(bytes.subarray(0, 4096)).trim() === '' && bytes.byteLength <= 4096) {
    if (opts.salvage) return { items: {}, reflections: {}, problems: [] };
    throw new LabError('E_ANSWERS', `${ANSWERS_FILE} is empty — delete it and \`lab check\` writes a fresh template, or run \`lab quiz\``);
  }
  return parseAnswers(bytes, draw, { file: ANSWERS_FILE, salvage: opts.salvage });
}

/** Writes answers.md for the draw with the given answers (the blank template when none). */
export function writeWorkspaceAnswers(dir: string, draw: Draw, labTitle: string, answers?: LabAnswers): void {
  writeFileSync(join(dir, ANSWERS_FILE), renderAnswers(draw, answers, { labTitle, checkTitles: checkTitles(draw) }));
}
