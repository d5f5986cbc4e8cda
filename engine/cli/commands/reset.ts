import { LabError } from '../../errors';
import { findLab } from '../../catalogue/catalogue';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { readState, updateState } from '../../workspace/state';
import { defaultBreak, openWorkspace, resetWorkspace, type Workspace } from '../../workspace/workspace';
import type { Io } from '../io';
import { workspaceDirAbove } from './shared';

/** .lab/drift.json exists (checked without loading the aws modules; engine/aws/breaks/drift-record.ts owns it). */
function hasDriftRecord(dir: string): boolean {
  return existsSync(join(dir, '.lab', 'drift.json'));
}

async function confirmOverwrite(io: Io, what: string): Promise<void> {
  if (io.yes) return;
  if (!io.interactive) {
    throw new LabError('E_USAGE', `${what} overwrites your stack files — run it again with --yes to confirm`);
  }
  const { confirm, isCancel } = await import('@clack/prompts');
  const ok = await confirm({ message: `${what} overwrites your stack files (answers.md is kept). Go ahead?`, initialValue: false });
  if (isCancel(ok) || !ok) throw new LabError('E_CANCELLED', `${what} cancelled — nothing was changed; run it again when you are ready`);
}

/** The workspace folder and the lab it is for; the state may be damaged if a lab id is given. */
function locate(io: Io, labArg?: string): { dir: string; labId: string } {
  const dir = workspaceDirAbove(io.cwd);
  if (!dir) throw new LabError('E_NOT_WORKSPACE', 'not inside a lab workspace — cd into ecs-labs/<lab> first');
  if (labArg) {
    const lab = findLab(labArg);
    if (!lab) throw new LabError('E_UNKNOWN_LAB', `no lab called "${labArg}" — run \`lab list\` to see the lab ids`);
    return { dir, labId: lab.id };
  }
  return { dir, labId: readState(dir, io.cwd).lab };
}

/** The aws target's options: which credentials and region (a drift break's record knows its region). */
export interface AwsCommandOptions {
  target?: 'offline' | 'aws';
  profile?: string;
  region?: string;
}

export async function reset(io: Io, labArg: string | undefined, opts: { all?: boolean; break?: string } & AwsCommandOptions): Promise<number> {
  const { dir, labId } = locate(io, labArg);
  const lab = findLab(labId)!;
  if (opts.break && !lab.breaks.some((b) => b.id === opts.break)) {
    throw new LabError('E_USAGE', `${lab.id} has no break "${opts.break}" — run \`lab break\` to list them`);
  }
  await confirmOverwrite(io, opts.all ? '`lab reset --all` (answers.md too)' : '`lab reset`');
  // A drift break changed the account, not the files: it is undone there first (only when one is recorded).
  if (hasDriftRecord(dir)) {
    const { undoRecordedDrift } = await import('./aws-live');
    await undoRecordedDrift(io, { dir, lab, state: readState(dir, io.cwd) }, opts);
  }
  const ws = resetWorkspace(dir, labId, { all: opts.all, breakId: opts.break });
  io.out(`${io.color.green('✓')} ${ws.lab.id} restored to its starter${ws.state.break ? ` with break ${ws.state.break.id}` : ''}${opts.all ? '' : ' (answers.md kept)'}. Run \`lab check\`.`);
  return 0;
}

export async function applyBreakCommand(io: Io, id: string | undefined, opts: AwsCommandOptions = {}): Promise<number> {
  const dir = workspaceDirAbove(io.cwd);
  if (!dir) throw new LabError('E_NOT_WORKSPACE', 'not inside a lab workspace — cd into ecs-labs/<lab> first');
  const ws = openWorkspace(dir, io.cwd);
  if (!id) {
    const def = defaultBreak(ws.lab)?.id;
    io.out(io.color.bold(`Breaks of ${ws.lab.id}:`));
    for (const b of ws.lab.breaks) {
      const tags = [b.id === def ? 'default' : '', b.id === ws.state.break?.id ? 'applied' : ''].filter(Boolean).join(', ');
      io.out(`  ${b.id}${b.kind === 'fault' ? ' ⚡' : b.kind === 'drift' ? ' ☁' : ''}${tags ? ` (${tags})` : ''} — ${b.story}`);
    }
    io.out(io.color.dim('Apply one with `lab break <id>`: a code break restores the starter first (answers.md is kept); a fault strikes your stack as it is.'));
    return 0;
  }
  if (!ws.lab.breaks.some((b) => b.id === id)) {
    throw new LabError('E_USAGE', `${ws.lab.id} has no break "${id}" — run \`lab break\` to list them`);
  }
  const brk = ws.lab.breaks.find((b) => b.id === id)!;
  if (opts.target === 'aws') {
    const { liveBreak } = await import('./aws-live');
    return liveBreak(io, ws, brk, opts);
  }
  if (opts.profile || opts.region) throw new LabError('E_USAGE', '--profile and --region choose the AWS account and region: add --target aws');
  if (brk.kind === 'drift') {
    throw new LabError('E_USAGE', `break ${id} changes the deployed account, not your files — run \`lab break ${id} --target aws\` after \`lab deploy\``);
  }
  if (brk.kind === 'fault' && brk.edits.length === 0) {
    // A fault is an event, not an edit: it strikes the stack as it stands now (your files are not
    // touched), and its replay becomes the "before" of the next checks.
    const change = { break: { id, appliedAt: new Date().toISOString() }, faultsAtBreak: undefined };
    // Written only once the fault is known to be runnable on this stack: a refusal changes nothing.
    return showFault(io, { ...ws, state: { ...ws.state, ...change } }, brk.story, () => updateState(dir, () => change));
  }
  await confirmOverwrite(io, `\`lab break ${id}\``);
  const broken = resetWorkspace(dir, ws.lab.id, { breakId: id });
  if (brk.kind === 'fault') return showFault(io, broken, brk.story);
  io.out(`${io.color.yellow('⚡')} Break ${id} applied. Run \`lab check\` to see what it broke.`);
  return 0;
}

/** Says what happened, then predicts the fault's impact and runs the checks. */
async function showFault(io: Io, ws: Workspace, story: string, onPredicted?: () => void): Promise<number> {
  io.out(`${io.color.yellow('⚡')} ${story}`);
  const { runCheckOnce } = await import('./check');
  await runCheckOnce(io, ws, { questions: true, predict: true, onPredicted });
  return 0; // the break was applied; what it broke is the report's to say
}
