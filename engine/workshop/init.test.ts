// Builds a real (small) workshop on disk: copying starters and drawing questions is fast, and no
// lab is synthesized. The .gitignore is judged by git itself.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { processIo } from '../cli/io';
import { check } from '../cli/commands/check';
import { workshopInit } from '../cli/commands/workshop';
import { LabError } from '../errors';
import { runnerNodeModules } from '../synth/runner-modules';
import { WORKSPACE_GITIGNORE } from '../workspace/gitignore';
import { readProgress } from '../workspace/progress';
import { readState } from '../workspace/state';
import { initWorkshop } from './init';
import { parseLabs } from './labs';

const LABS = parseLabs('security/iam-roles,foundation/container-image');
const tmp = () => mkdtempSync(join(tmpdir(), 'ecs-lab-workshop-'));
function quietIo(cwd: string) {
  const out: string[] = [];
  return { io: { ...processIo({ color: false }), cwd, out: (t: string) => void out.push(t), err: (t: string) => void out.push(t) }, out };
}

describe('lab workshop init', () => {
  const dir = join(tmp(), 'workshop');
  const made = initWorkshop(dir, ['ana', 'bob'], LABS);

  it('lays out one workspace root per learner, each with every lab started and recorded, and no check run', () => {
    expect(made.map((l) => l.name)).toEqual(['ana', 'bob']);
    for (const learner of ['ana', 'bob']) {
      const root = join(dir, learner);
      expect(Object.keys(readProgress(root).labs).sort()).toEqual(['foundation/container-image', 'security/iam-roles']);
      for (const [slug, id] of [['iam-roles', 'security/iam-roles'], ['container-image', 'foundation/container-image']]) {
        const ws = join(root, slug);
        const state = readState(ws);
        expect(state.lab).toBe(id);
        expect(state.lastCheck).toBeUndefined(); // no check ran
        expect(existsSync(join(ws, 'answers.md'))).toBe(true);
        expect(readFileSync(join(ws, '.gitignore'), 'utf8')).toBe(WORKSPACE_GITIGNORE);
        expect(readlinkSync(join(ws, 'node_modules'))).toBe(runnerNodeModules());
      }
    }
    // Each learner draws their own questions.
    expect(readState(join(dir, 'ana', 'iam-roles')).seed).not.toBe(readState(join(dir, 'bob', 'iam-roles')).seed);
  });

  it('keeps what is there when run again: a learner’s edits survive, nothing is created twice', () => {
    const stack = join(dir, 'ana', 'iam-roles', 'stack.ts');
    writeFileSync(stack, '// ana was here\n');
    const again = initWorkshop(dir, ['ana', 'bob', 'cy'], LABS.slice(0, 1));
    expect(again.map((l) => l.labs.map((x) => x.created))).toEqual([[false], [false], [true]]);
    expect(readFileSync(stack, 'utf8')).toBe('// ana was here\n');
  });

  it('leaves the editor link, synth output and caches out of a commit, and keeps a lab’s own app/node_modules', () => {
    const ws = join(dir, 'bob', 'container-image');
    mkdirSync(join(ws, 'cdk.out'));
    writeFileSync(join(ws, 'cdk.out', 'manifest.json'), '{}');
    writeFileSync(join(ws, 'tsconfig.tsbuildinfo'), '{}');
    writeFileSync(join(ws, '.lab', 'state.json.tmp-123'), '{}');
    const git = (...args: string[]) => execFileSync('git', args, { cwd: ws, encoding: 'utf8', env: { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null' } });
    git('init', '-q');
    git('add', '-A');
    const files = git('ls-files').split('\n').filter(Boolean);
    expect(files).toContain('.lab/state.json');
    expect(files).toContain('.gitignore');
    expect(files).toContain('stack.ts');
    // The lab's placeholder dependencies are what its .dockerignore lesson is about.
    expect(files.some((f) => f.startsWith('app/node_modules/'))).toBe(true);
    expect(files.filter((f) => f === 'node_modules' || f.startsWith('node_modules/') || f.includes('cdk.out') || f.endsWith('.tsbuildinfo') || f.includes('.tmp-'))).toEqual([]);
  });

  it('lab check restores the editor link a clone lacks, before anything else can fail', async () => {
    const ws = join(dir, 'ana', 'container-image');
    rmSync(join(ws, 'node_modules'));
    rmSync(join(ws, 'stack.ts')); // the check then stops early (entry missing), after the link
    const { io } = quietIo(ws);
    await expect(check(io, {})).rejects.toThrow(/stack\.ts is missing/);
    expect(readlinkSync(join(ws, 'node_modules'))).toBe(runnerNodeModules());
  });

  it('lab check --lab leaves a bare checkout (no workspace state) as it is', async () => {
    const bare = tmp();
    const { io } = quietIo(bare);
    await expect(check(io, { lab: 'security/iam-roles' })).rejects.toThrow(/stack\.ts is missing/);
    expect(existsSync(join(bare, 'node_modules'))).toBe(false);
  });
});

describe('lab workshop init, bad input', () => {
  it('writes nothing when a name is duplicated, the names file is unreadable or a lab is unknown', async () => {
    const cwd = tmp();
    writeFileSync(join(cwd, 'dup.txt'), 'ana\nana\n');
    writeFileSync(join(cwd, 'ok.txt'), 'ana\n');
    for (const [learners, labs, message] of [
      ['dup.txt', 'security/iam-roles', 'dup.txt:2: "ana" is already on line 1'],
      ['nope.txt', 'security/iam-roles', '--learners nope.txt: cannot read it (no such file)'],
      ['ok.txt', 'security/iam-roles,security/nope', '--labs: "security/nope" is not a lab'],
    ]) {
      const { io } = quietIo(cwd);
      const run = workshopInit(io, { learners, labs });
      await expect(run).rejects.toThrow(LabError);
      await expect(run).rejects.toThrow(message);
      expect(existsSync(join(cwd, 'workshop'))).toBe(false);
    }
  });

  it('prints what it made and how to grade it', async () => {
    const cwd = tmp();
    const { io, out } = quietIo(cwd);
    expect(await workshopInit(io, { learners: '2', labs: 'iam-roles', dir: 'class' })).toBe(0);
    expect(existsSync(join(cwd, 'class', 'learner-02', 'iam-roles', '.lab', 'state.json'))).toBe(true);
    expect(out.join('\n')).toContain('2 learners × 1 lab in class');
    expect(out.join('\n')).toContain("lab grade --lab security/iam-roles 'class/*/iam-roles' --html report.html");
  });
});
