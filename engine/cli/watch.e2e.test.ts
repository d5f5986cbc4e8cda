// `lab check --watch` in one warm process: a save triggers a re-check, and a fix turns it green.
import { spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { LABS_DIR } from '../paths';
import { LAB_BIN, runLab } from '../testing/run-lab';
import { writeRightAnswers } from '../testing/solve-workspace';

it('re-checks on save, reports errors without exiting, and passes after the fix', async () => {
  const home = mkdtempSync(join(tmpdir(), 'ecs-lab-watch-'));
  expect((await runLab(['start', 'security/iam-roles', '--yes'], { cwd: home })).code).toBe(0);
  const ws = join(home, 'ecs-labs', 'iam-roles');
  const env = { ...process.env, NO_COLOR: '1' };
  const child = spawn(process.execPath, [LAB_BIN, 'check', '--watch'], { cwd: ws, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  const rounds = (n: number) =>
    new Promise<void>((resolve, reject) => {
      const started = Date.now();
      const poll = () => {
        if (out.split('Watching ').length - 1 >= n) return resolve();
        if (Date.now() - started > 60_000) return reject(new Error(`no round ${n}:\n${out}`));
        setTimeout(poll, 50);
      };
      poll();
    });

  await rounds(1);
  expect(out).toMatch(/✗/);
  // A hint from another terminal while the watch runs: later rounds must not reset it.
  expect((await runLab(['hint'], { cwd: ws })).code).toBe(0);

  const stack = join(ws, 'stack.ts');
  writeFileSync(stack, readFileSync(stack, 'utf8') + '\nconst broken: number = "x";\n');
  await rounds(2);
  expect(out.split('Watching ')[1]).toMatch(/stack\.ts:\d+:\d+: TS2322/);

  // Answers first (a round of its own: the stack still has the type error), then the fix.
  writeRightAnswers(ws);
  await rounds(3);
  copyFileSync(join(LABS_DIR, 'security/iam-roles', 'solution', 'stack.ts'), stack);
  await rounds(4);
  const last = out.split('Watching ').at(-2)!;
  expect(last).toMatch(/All checks and questions pass/);
  const state = JSON.parse(readFileSync(join(ws, '.lab', 'state.json'), 'utf8'));
  expect(state.hintsShown).toBe(1);
  expect(state.lastCheck.passed).toBe(true);

  child.kill('SIGTERM');
  expect(await new Promise((r) => child.on('close', r))).toBe(0);
}, 180_000);
