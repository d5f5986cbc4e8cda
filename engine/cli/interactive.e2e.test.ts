// The interactive flow through a real pseudo-terminal (util-linux `script`): `lab quiz` answered
// key by key like a person would, and Ctrl-C at a prompt.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseAnswers } from '../questions/answers-file';
import { loadQuestions } from '../questions/load';
import { LABS_DIR } from '../paths';
import { LAB_BIN, runLab } from '../testing/run-lab';

const LAB = 'security/iam-roles';
const hasScript = spawnSync('script', ['--version']).status === 0;

interface Pty {
  output: () => string;
  waitFor: (pattern: RegExp, after?: number) => Promise<number>;
  write: (keys: string) => void;
  exit: Promise<number | null>;
}

/** Runs `lab <args>` inside a pseudo-terminal; keys written go to it as typed. */
function pty(args: string[], cwd: string): Pty {
  const env: NodeJS.ProcessEnv = { ...process.env, TERM: 'xterm-256color', NO_COLOR: '1', COLUMNS: '100', LINES: '40' };
  delete env.CI;
  const command = [process.execPath, LAB_BIN, ...args].map((a) => `'${a.replace(/'/g, "'\\''")}'`).join(' ');
  // A new pty starts 0×0; clack would wrap at every character, so give it a real size first.
  const child = spawn('script', ['-qfec', `stty cols 100 rows 40; exec ${command}`, '/dev/null'], { cwd, env, stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d) => (out += d.toString()));
  child.stderr.on('data', (d) => (out += d.toString()));
  const exit = new Promise<number | null>((resolve) => child.on('close', resolve));
  const waitFor = (pattern: RegExp, after = 0) =>
    new Promise<number>((resolve, reject) => {
      const started = Date.now();
      const poll = () => {
        const plain = out.slice(after).replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '');
        const m = pattern.exec(plain);
        if (m) return resolve(out.length);
        if (Date.now() - started > 30_000) return reject(new Error(`timed out waiting for ${pattern}; screen:\n${plain.slice(-2000)}`));
        setTimeout(poll, 50);
      };
      poll();
    });
  return { output: () => out, waitFor, write: (keys) => child.stdin.write(keys), exit };
}

let ws: string;
beforeAll(async () => {
  const home = mkdtempSync(join(tmpdir(), 'ecs-lab-pty-'));
  const r = await runLab(['start', LAB, '--yes'], { cwd: home });
  expect(r.code).toBe(0);
  ws = join(home, 'ecs-labs', 'iam-roles');
}, 120_000);

describe.skipIf(!hasScript)('interactive (pseudo-terminal)', () => {
  it('lab quiz: select each right option, type each answer, and answers.md is written and passes', async () => {
    const questions = loadQuestions(join(LABS_DIR, LAB, 'questions.yaml'));
    const model = parseAnswers(readFileSync(join(LABS_DIR, LAB, 'solution', 'answers.md'), 'utf8'), questions).answers;
    const term = pty(['quiz'], ws);
    let mark = 0;
    for (const q of questions) {
      mark = await term.waitFor(new RegExp(escape(firstWords(q.choice.prompt))), mark);
      const target = q.choice.options.findIndex((o) => o.correct);
      term.write('\x1b[B'.repeat(target));
      term.write('\r');
      mark = await term.waitFor(new RegExp(escape(firstWords(q.open.prompt))), mark);
      term.write(model[q.id].open.replace(/\s+/g, ' '));
      term.write('\r');
    }
    await term.waitFor(/questions pass/, mark);
    expect(await term.exit).toBe(0);
    const written = parseAnswers(readFileSync(join(ws, 'answers.md'), 'utf8'), questions).answers;
    for (const q of questions) expect(written[q.id].choice).toBe(q.choice.options.find((o) => o.correct)!.key);
    const report = JSON.parse((await runLab(['check', '--json'], { cwd: ws })).stdout);
    expect(report.questions.every((g: { passed: boolean }) => g.passed)).toBe(true);
  }, 90_000);

  it('lab reset asks first; the default answer (No) changes nothing', async () => {
    const before = readFileSync(join(ws, 'stack.ts'), 'utf8');
    writeFileSync(join(ws, 'stack.ts'), before + '\n// my work\n');
    const term = pty(['reset'], ws);
    await term.waitFor(/overwrites your stack files/);
    term.write('\r');
    expect(await term.exit).toBe(2);
    expect(term.output()).toMatch(/cancelled — nothing was changed/);
    expect(readFileSync(join(ws, 'stack.ts'), 'utf8')).toContain('// my work');
    const yes = pty(['reset'], ws);
    await yes.waitFor(/overwrites your stack files/);
    yes.write('y');
    expect(await yes.exit).toBe(0);
    expect(readFileSync(join(ws, 'stack.ts'), 'utf8')).not.toContain('// my work');
  }, 60_000);

  it('Ctrl-C at a prompt cancels with one line, exit 2, and writes nothing', async () => {
    const before = readFileSync(join(ws, 'answers.md'), 'utf8');
    const term = pty(['quiz'], ws);
    await term.waitFor(/1\/\d/);
    term.write('\x03');
    expect(await term.exit).toBe(2);
    expect(term.output()).toMatch(/quiz cancelled — nothing was written/);
    expect(term.output()).not.toMatch(/\n\s+at .+:\d+:\d+/);
    expect(readFileSync(join(ws, 'answers.md'), 'utf8')).toBe(before);
  }, 60_000);
});

function firstWords(text: string): string {
  return text.trim().split(/\s+/).slice(0, 4).join(' ');
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
