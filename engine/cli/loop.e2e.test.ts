// The learner's loop through a real pseudo-terminal (util-linux `script`), as a person drives it:
// the bare `lab` menu reads progress, and the watch screen's keys — `l` lists the labs, a fix turns
// the round green with the path's progress bar, and `n` goes on to the next lab in the same watch.
// Workspaces are laid out without a first check (startWorkspace), to keep this file quick.
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findLab, listLabs } from '../catalogue/catalogue';
import { LABS_DIR } from '../paths';
import { LAB_BIN } from '../testing/run-lab';
import { writeRightAnswers } from '../testing/solve-workspace';
import { updateProgress } from '../workspace/progress';
import { startWorkspace } from '../workspace/workspace';

const hasScript = spawnSync('script', ['--version']).status === 0;
const ANSI = /\x1b\[[0-9;?]*[A-Za-z]|\x1b\]8;;[^\x1b]*\x1b\\/g;

/** `lab <args>` in a pseudo-terminal; `waitFor` searches the screen text after the last match. */
function pty(args: string[], cwd: string) {
  const env: NodeJS.ProcessEnv = { ...process.env, TERM: 'xterm-256color', NO_COLOR: '1', COLUMNS: '100', LINES: '40' };
  delete env.CI;
  const command = [process.execPath, LAB_BIN, ...args].map((a) => `'${a}'`).join(' ');
  const child = spawn('script', ['-qfec', `stty cols 100 rows 40; exec ${command}`, '/dev/null'], { cwd, env, stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  let mark = 0;
  child.stdout.on('data', (d) => (out += d.toString()));
  child.stderr.on('data', (d) => (out += d.toString()));
  const exit = new Promise<number | null>((resolve) => child.on('close', resolve));
  const waitFor = (pattern: RegExp, timeoutMs = 60_000) =>
    new Promise<string>((resolve, reject) => {
      const started = Date.now();
      const poll = () => {
        const screen = out.slice(mark).replace(ANSI, '');
        const m = pattern.exec(screen);
        if (m) {
          mark = out.length;
          return resolve(screen);
        }
        if (Date.now() - started > timeoutMs) return reject(new Error(`timed out waiting for ${pattern}; screen:\n${screen.slice(-3000)}`));
        setTimeout(poll, 50);
      };
      poll();
    });
  return { waitFor, write: (keys: string) => child.stdin.write(keys), exit };
}

/** A workspaces folder where every lab is passed except `open` (started, in that order). */
function path(open: string[]): string {
  const root = join(mkdtempSync(join(tmpdir(), 'ecs-lab-loop-')), 'ecs-labs');
  mkdirSync(root);
  for (const lab of listLabs()) {
    const started = open.indexOf(lab.id);
    updateProgress(root, lab.id, () => ({
      status: started < 0 ? 'passed' : 'started',
      startedAt: `2026-01-0${started < 0 ? 1 : started + 2}T00:00:00.000Z`,
      hintsShown: 0,
      dir: lab.id.split('/')[1],
    }));
  }
  return root;
}

describe.skipIf(!hasScript)('the learner loop (pseudo-terminal)', () => {
  it('bare `lab` offers to resume the lab in progress, suggests the next and marks passed labs', async () => {
    const root = path(['infrastructure/security-groups', 'security/iam-roles']);
    const term = pty([], join(root, '..'));
    const screen = await term.waitFor(/Resume security\/iam-roles[\s\S]*✓ foundation\/container-image — A small, safe image/, 15_000);
    expect(screen).toContain('Or resume infrastructure/security-groups — Security groups that make sense');
    expect(screen).toContain('▸ security/iam-roles — IAM roles');
    term.write('\x03');
    await term.waitFor(/Bye\./, 10_000);
    expect(await term.exit).toBe(0);
  }, 30_000);

  it('watch: l lists the labs, a fix passes with the path bar, n goes on to the next lab', async () => {
    const root = path(['security/iam-roles', 'infrastructure/security-groups']);
    const ws = startWorkspace(findLab('security/iam-roles')!, root).workspace.dir;
    const term = pty(['check', '--watch'], ws);
    await term.waitFor(/checking… \d+\.\ds/, 20_000);
    let screen = await term.waitFor(/Watching security\/iam-roles for changes — h: hint · c: check now · l: labs · q: quit/);
    expect(screen).toMatch(/Path ▕█+░*▏ \d+\/\d+ labs passed/);
    expect(screen).toContain('◆ AWS managed policy AdministratorAccess on AppRole');
    expect(screen).not.toContain('run `lab check` again');

    term.write('l');
    screen = await term.waitFor(/Watching security\/iam-roles/, 10_000);
    expect(screen).toMatch(/✓ foundation\/container-image\s+A small, safe image/);

    writeRightAnswers(ws);
    copyFileSync(join(LABS_DIR, 'security/iam-roles', 'solution', 'stack.ts'), join(ws, 'stack.ts'));
    screen = await term.waitFor(/Press n to go on to the next lab: infrastructure\/security-groups[\s\S]*n: next lab · q: quit/);
    expect(screen).toContain('All checks and questions pass. Well done!');
    expect(screen).not.toContain('`lab list` to pick');

    term.write('n');
    await term.waitFor(/◆ ecs-lab · infrastructure\/security-groups/, 20_000);
    await term.waitFor(/Watching infrastructure\/security-groups for changes/);
    term.write('q');
    expect(await term.exit).toBe(1);
  }, 90_000);
});
