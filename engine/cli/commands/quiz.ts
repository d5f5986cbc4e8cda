import { LabError } from '../../errors';
import { drawLab, workspaceSeed } from '../../questions/draw';
import { checkTitles, labDraw, readWorkspaceAnswers, writeWorkspaceAnswers } from '../../questions/lab-answers';
import { assertInteractive, runQuiz } from '../../questions/quiz';
import { updateState } from '../../workspace/state';
import { ANSWERS_FILE, findWorkspace, labFolder } from '../../workspace/workspace';
import type { Io } from '../io';

export async function quiz(io: Io, opts: { seed?: string } = {}): Promise<number> {
  if (opts.seed !== undefined && !opts.seed.trim()) throw new LabError('E_USAGE', '--seed needs a value — e.g. `lab quiz --seed <your repository name>`');
  const ws = findWorkspace(io.cwd);
  assertInteractive(process.stdin);
  const { questions, sections, draw } = labDraw(labFolder(ws.lab), ws.state, opts.seed);
  // A malformed answers.md stops the quiz before any prompt: its error says which line to fix.
  // One written for another draw gives up its item answers and keeps its reflections.
  const current = readWorkspaceAnswers(ws.dir, draw, { salvage: true });
  const { intro, outro } = await import('@clack/prompts');
  intro(`Key questions — ${ws.lab.title}`);
  const result = await runQuiz({
    questions,
    lab: ws.lab.id,
    seed: draw.seed,
    // A pinned (exam) seed is one draw: no retry counters, no fresh draws.
    attempts: opts.seed === undefined ? ws.state.attempts : {},
    retries: opts.seed === undefined,
    sections,
    answers: current,
    checkTitles: checkTitles(draw),
  });
  // Retries change the draw: the state keeps the counters (not under an instructor's --seed, which
  // is not the workspace's own draw), and answers.md is written for the draw that was answered.
  if (opts.seed === undefined) updateState(ws.dir, () => ({ attempts: result.attempts }));
  const final = drawLab(questions, ws.lab.id, opts.seed ?? workspaceSeed(ws.state), result.attempts);
  writeWorkspaceAnswers(ws.dir, final, ws.lab.title, result.answers);
  const evidence = final.questions.flatMap((q) => q.items).filter((d) => d.kind === 'evidence').length;
  outro(
    `${result.right} of ${result.asked} items right${evidence ? `; ${evidence} judged by your stack` : ''}. Saved to ${ANSWERS_FILE}; \`lab check\` grades it with your stack.`,
  );
  return result.right === result.asked ? 0 : 1;
}
