// The interactive flow through a real pseudo-terminal (util-linux `script`): `lab quiz` answered
// key by key like a person would (a multi-select and a matching item among them), and Ctrl-C at a prompt.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseAnswers } from '../questions/answers-file';
import { drawLab } from '../questions/draw';
import { labDraw } from '../questions/lab-answers';
import { rightAnswer } from '../questions/solve';
import { solutionReflections } from '../testing/solve-workspace';
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
        // Where the match ends in the raw output: what the next wait searches after (the next
        // prompt may already be drawn in the same chunk).
        if (m) return resolve(after + rawOffset(out.slice(after), m.index + m[0].length));
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
  it('lab quiz: answers a multi-select and a matching item (and the rest) key by key; answers.md passes', async () => {
    const questions = labDraw(join(LABS_DIR, LAB), { lab: LAB, createdAt: '', seed: 'x' }).questions;
    // An instructor's seed whose draw has both a multi-select and a matching item.
    let seed = '';
    for (let i = 0; !seed; i++) {
      const kinds = drawLab(questions, LAB, `pty-${i}`).questions.flatMap((q) => q.items.map((d) => d.kind));
      if (kinds.includes('multi') && kinds.includes('match')) seed = `pty-${i}`;
    }
    const draw = drawLab(questions, LAB, seed);
    const reflections = solutionReflections(LAB);
    const term = pty(['quiz', '--seed', seed], ws);
    let mark = 0;
    for (const q of draw.questions) {
      for (const d of q.items) {
        const right = rightAnswer(d);
        switch (d.kind) {
          case 'choice': {
            mark = await term.waitFor(new RegExp(escape(firstWords(d.item.prompt))), mark);
            term.write('\x1b[B'.repeat(d.options.findIndex((o) => right?.kind === 'choice' && o.label === right.label)));
            term.write('\r');
            break;
          }
          case 'multi': {
            mark = await term.waitFor(new RegExp(escape(firstWords(d.item.prompt))), mark);
            for (const [i, o] of d.options.entries()) {
              if (right?.kind === 'multi' && right.labels.includes(o.label)) term.write(' ');
              if (i < d.options.length - 1) term.write('\x1b[B');
            }
            term.write('\r');
            break;
          }
          case 'match':
            for (const [i, p] of d.left.entries()) {
              mark = await term.waitFor(new RegExp(escape(`${i + 1}/${d.left.length}: ${firstWords(d.item.pairs[p].left)}`)), mark);
              term.write('\x1b[B'.repeat(d.right.findIndex((r) => right?.kind === 'match' && r.label === right.pairs[i + 1])));
              term.write('\r');
            }
            break;
          case 'order': {
            const left = d.steps.map((s) => s.label);
            const seq = right?.kind === 'order' ? right.labels : [];
            for (const [n, l] of seq.slice(0, -1).entries()) {
              mark = await term.waitFor(new RegExp(`Step ${n + 1} of ${d.steps.length}:`), mark);
              term.write('\x1b[B'.repeat(left.indexOf(l)));
              term.write('\r');
              left.splice(left.indexOf(l), 1);
            }
            break;
          }
          case 'exact':
            mark = await term.waitFor(new RegExp(escape(firstWords(d.item.prompt))), mark);
            term.write(d.item.answer + '\r');
            break;
          case 'evidence':
            break;
        }
      }
      mark = await term.waitFor(/Reflection —/, mark);
      term.write(reflections[q.question.id].replace(/\s+/g, ' ') + '\r');
      mark = await term.waitFor(/Model answer — compare it with yours/, mark);
    }
    await term.waitFor(/items right/, mark);
    expect(await term.exit).toBe(0);
    expect(term.output()).toMatch(/Right\./);
    expect(term.output()).not.toMatch(/Not quite/);
    const written = parseAnswers(readFileSync(join(ws, 'answers.md'), 'utf8'), draw);
    for (const d of draw.questions.flatMap((q) => q.items)) if (d.kind !== 'evidence') expect(written.items[d.item.id], d.item.id).toEqual(rightAnswer(d));
    const report = JSON.parse((await runLab(['check', '--json', '--seed', seed], { cwd: ws })).stdout);
    const items = report.questions.flatMap((g: { items: { kind: string; passed: boolean }[] }) => g.items);
    expect(items.filter((i: { kind: string; passed: boolean }) => i.kind !== 'evidence' && !i.passed)).toEqual([]);
    expect(report.questions.every((g: { reflection: { present: boolean } }) => g.reflection.present)).toBe(true);
  }, 120_000);

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

/** The offset in `raw` of the `plain`-th character once ANSI sequences are taken out. */
function rawOffset(raw: string, plain: number): number {
  const ansi = /\x1b\[[0-9;?]*[A-Za-z]/y;
  let seen = 0;
  for (let i = 0; i < raw.length; ) {
    ansi.lastIndex = i;
    const m = ansi.exec(raw);
    if (m) {
      i += m[0].length;
      continue;
    }
    if (seen === plain) return i;
    seen++;
    i++;
  }
  return raw.length;
}

function firstWords(text: string): string {
  return text.trim().split(/\s+/).slice(0, 4).join(' ');
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
