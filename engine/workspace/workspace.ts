// A workspace is the folder a learner works in: a copy of the lab's starter with its break
// applied, answers.md, editor support files and .lab/ (state, synth output). This module creates,
// finds and resets workspaces; it never overwrites a file the learner may have changed, except
// on an explicit, confirmed `lab reset`.
import { cpSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, renameSync, rmSync, statSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { requireLab, slugOf, findLab } from '../catalogue/catalogue';
import { LabError } from '../errors';
import { LABS_DIR, RUNNER_VERSION, STACKS_DIR } from '../paths';
import { newSeed, workspaceSeed } from '../questions/draw';
import { MAX_ANSWERS_BYTES, readHeader } from '../questions/answers-file';
import { labDraw, writeWorkspaceAnswers } from '../questions/lab-answers';
import { WORKSPACE_COMPILER_OPTIONS } from '../synth/compiler-options';
import { runnerNodeModules } from '../synth/runner-modules';
import type { BreakDefinition, LabManifest } from '../types';
import { applyBreak } from './apply-break';
import { upgradeGitignore, writeGitignore } from './gitignore';
import { findUp } from './find';
import { hasState, readState, sealedState, STATE_SCHEMA, writeState, type WorkspaceState } from './state';

import { ANSWERS_FILE, DEFAULT_ROOT } from './names';

export { ANSWERS_FILE, DEFAULT_ROOT } from './names';

export interface Workspace {
  dir: string;
  /** The folder holding this and the other workspaces (and progress.json). */
  root: string;
  lab: LabManifest;
  state: WorkspaceState;
  /** An instructor's `--seed` for this run: draws the questions without changing the state. */
  seedOverride?: string;
}

export function labFolder(lab: LabManifest): string {
  return join(LABS_DIR, lab.id);
}

/** The workspace containing `cwd`, found by walking up to a `.lab/state.json`. */
export function findWorkspace(cwd: string = process.cwd()): Workspace {
  const dir = findUp(cwd, hasState);
  if (dir) return openWorkspace(dir, cwd);
  const hint = existsSync(join(cwd, DEFAULT_ROOT)) ? `cd into one of ${DEFAULT_ROOT}/*` : 'run `lab start <layer>` first';
  throw new LabError('E_NOT_WORKSPACE', `not inside a lab workspace (no .lab/state.json here or above) — ${hint}`);
}

export function openWorkspace(dir: string, cwd: string = process.cwd()): Workspace {
  const state = readState(dir, cwd);
  const lab = findLab(state.lab);
  if (!lab) {
    throw new LabError('E_STATE', `this workspace is for lab ${state.lab}, which this version of ecs-lab does not have — run \`lab list\` and start a lab it has`);
  }
  return { dir, root: dirname(dir), lab, state };
}

export interface StartResult {
  workspace: Workspace;
  created: boolean;
}

/** Creates the lab's workspace under `root`, or resumes it when it already exists. */
export function startWorkspace(lab: LabManifest, root: string, now = new Date()): StartResult {
  const dir = resolve(root, slugOf(lab));
  if (existsSync(dir)) {
    if (!statSync(dir).isDirectory() || (!hasState(dir) && readdirSync(dir).length > 0)) {
      throw new LabError('E_DIR_NOT_WORKSPACE', `${relative(process.cwd(), dir) || dir} exists and is not a lab workspace — move it away, or use --dir to put workspaces somewhere else`);
    }
    if (hasState(dir)) {
      const ws = openWorkspace(dir);
      if (ws.lab.id !== lab.id) {
        throw new LabError('E_DIR_NOT_WORKSPACE', `${relative(process.cwd(), dir)} holds the workspace of ${ws.lab.id}, not ${lab.id} — use --dir to put this lab somewhere else`);
      }
      // A workspace from before briefs were copied gets one; an existing brief.md is left alone.
      if (!existsSync(join(dir, 'brief.md'))) copyBrief(lab, dir);
      upgradeGitignore(dir);
      ensureEditorSupport(dir);
      return { workspace: ws, created: false };
    }
  }
  // Build in a sibling temp folder and rename, so a failure never leaves half a workspace.
  mkdirSync(root, { recursive: true });
  const tmp = `${dir}.creating-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  try {
    cpSync(join(labFolder(lab), 'starter'), tmp, { recursive: true });
    copyLibraries(lab, tmp);
    const brk = defaultBreak(lab);
    if (brk) writeBreak(tmp, brk);
    copyBrief(lab, tmp);
    writeSupportFiles(tmp);
    const state: WorkspaceState = sealedState({
      schema: STATE_SCHEMA,
      lab: lab.id,
      createdAt: now.toISOString(),
      runnerVersion: RUNNER_VERSION,
      target: 'offline',
      break: brk ? { id: brk.id, appliedAt: now.toISOString() } : null,
      hintsShown: 0,
      seed: newSeed(),
    });
    writeState(tmp, state);
    writeWorkspaceAnswers(tmp, labDraw(labFolder(lab), state).draw, lab.title);
    if (existsSync(dir)) rmSync(dir, { recursive: true }); // only an empty folder gets here
    renameSync(tmp, dir);
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    throw e;
  }
  ensureEditorSupport(dir);
  return { workspace: openWorkspace(dir), created: true };
}

export function defaultBreak(lab: LabManifest): BreakDefinition | undefined {
  return lab.breaks.find((b) => b.id === lab.defaultBreak);
}

/** Copies the lab's `library` folders from stacks/ into `dir` (replacing older copies). Test files stay behind. */
export function copyLibraries(lab: LabManifest, dir: string): void {
  for (const name of lab.library ?? []) {
    const target = join(dir, name);
    rmSync(target, { recursive: true, force: true });
    cpSync(join(STACKS_DIR, name), target, { recursive: true, filter: (src) => !/\.test\.ts$/.test(src) });
  }
}

/** Applies a code break to the files in `dir`. */
export function writeBreak(dir: string, brk: BreakDefinition): void {
  const read = (f: string) => (existsSync(join(dir, f)) ? readFileSync(join(dir, f), 'utf8') : undefined);
  for (const [file, text] of applyBreak(brk, read)) writeFileSync(join(dir, file), text);
}

/**
 * Restores the starter (with the given break) over the learner's files. answers.md is kept
 * unless `all`. Files the learner added are left alone.
 */
export function resetWorkspace(dir: string, labName: string, opts: { all?: boolean; breakId?: string } = {}, now = new Date()): Workspace {
  const lab = requireLab(labName);
  const brk = opts.breakId ? lab.breaks.find((b) => b.id === opts.breakId) : defaultBreak(lab);
  const starter = join(labFolder(lab), 'starter');
  cpSync(starter, dir, { recursive: true, force: true });
  copyLibraries(lab, dir);
  if (brk) writeBreak(dir, brk);
  copyBrief(lab, dir);
  writeSupportFiles(dir);
  let previous: WorkspaceState | undefined;
  try {
    previous = readState(dir);
  } catch {
    previous = undefined; // a corrupt state is what reset repairs
  }
  const same = previous?.lab === lab.id;
  // The draw stays with the workspace (answers.md's letters depend on it) unless --all starts over.
  // A damaged state loses its seed: the one answers.md names brings the same draw back.
  const keep = same && !opts.all;
  const state: WorkspaceState = sealedState({
    schema: STATE_SCHEMA,
    lab: lab.id,
    createdAt: same ? previous!.createdAt : now.toISOString(),
    runnerVersion: RUNNER_VERSION,
    target: 'offline',
    break: brk ? { id: brk.id, appliedAt: now.toISOString() } : null,
    hintsShown: keep ? previous!.hintsShown : 0,
    seed: keep ? workspaceSeed(previous!) : ((!opts.all && seedInAnswers(dir, lab.id)) || newSeed()),
    ...(keep && previous!.attempts ? { attempts: previous!.attempts } : {}),
    // A reset changes files, not the account: a deployed stack stays recorded so `lab destroy` finds it.
    ...(previous?.deployment ? { target: previous.target, deployment: previous.deployment } : {}),
  });
  writeState(dir, state);
  if (opts.all || !existsSync(join(dir, ANSWERS_FILE))) {
    writeWorkspaceAnswers(dir, labDraw(labFolder(lab), state).draw, lab.title);
  }
  return finish(dir);
}

/** The seed answers.md was written for, when it is this lab's (and the file is of a readable size). */
export function seedInAnswers(dir: string, labId: string): string | undefined {
  const file = join(dir, ANSWERS_FILE);
  if (!existsSync(file) || statSync(file).size > MAX_ANSWERS_BYTES) return undefined;
  const header = readHeader(readFileSync(file, 'utf8'));
  return header?.lab === labId ? header.seed : undefined;
}

function finish(dir: string): Workspace {
  ensureEditorSupport(dir);
  return openWorkspace(dir);
}

/** The brief beside the learner's files: stack.ts says "see brief.md". */
function copyBrief(lab: LabManifest, dir: string): void {
  const brief = join(labFolder(lab), 'brief.md');
  if (existsSync(brief)) cpSync(brief, join(dir, 'brief.md'));
}

function writeSupportFiles(dir: string): void {
  const tsconfig = {
    compilerOptions: WORKSPACE_COMPILER_OPTIONS,
    include: ['**/*.ts'],
    exclude: ['node_modules', '.lab'],
  };
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify(tsconfig, null, 2) + '\n');
  // Commit the workspace (with .lab/state.json) to grade it in CI; the synth output stays out.
  writeGitignore(dir);
}

/**
 * Links the runner's node_modules into the workspace so an editor resolves aws-cdk-lib types
 * wherever the workspace sits. Re-pointed when the runner moved (e.g. a new npx cache).
 */
export function ensureEditorSupport(dir: string): void {
  const link = join(dir, 'node_modules');
  const target = runnerNodeModules();
  try {
    const st = lstatSync(link);
    if (!st.isSymbolicLink()) return; // the learner's own node_modules: leave it
    if (readlinkSync(link) === target) return;
    unlinkSync(link);
  } catch {
    // no link yet
  }
  try {
    symlinkSync(target, link, 'junction');
  } catch {
    // Editor support only; checks do not need the link.
  }
}

export function workspaceName(ws: Workspace, cwd = process.cwd()): string {
  return relative(cwd, ws.dir) || basename(ws.dir);
}
