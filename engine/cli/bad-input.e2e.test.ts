// Every bad input gets a one-line error naming the problem and what to do next, exit code 2,
// no stack trace, and the learner's files untouched.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { LABS_DIR } from '../paths';
import { renderAnswers } from '../questions/answers-file';
import { drawLab, type DrawnItem } from '../questions/draw';
import { labDraw } from '../questions/lab-answers';
import { runLab, treeDigest, type LabRun } from '../testing/run-lab';
import { readState } from '../workspace/state';

let pristine: string;

beforeAll(async () => {
  const home = mkdtempSync(join(tmpdir(), 'ecs-lab-bad-'));
  const r = await runLab(['start', 'security/iam-roles', '--yes'], { cwd: home });
  expect(r.code).toBe(0);
  pristine = join(home, 'ecs-labs', 'iam-roles');
}, 120_000);

/** A fresh copy of the started workspace, changed by `mutate`. */
function workspace(mutate: (dir: string) => void = () => {}): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'ecs-lab-case-')), 'ecs-labs', 'iam-roles');
  cpSync(pristine, dir, { recursive: true });
  mutate(dir);
  return dir;
}

function expectOneLineError(r: LabRun, pattern: RegExp): void {
  expect(r.code).toBe(2);
  const lines = r.stderr.trim().split('\n');
  expect(lines[0]).toMatch(/^✗ /);
  expect(lines[0]).toMatch(pattern);
  expect(lines[0]).toMatch(/ — |run `lab/); // names what to do next
  expect(r.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/); // no stack trace
}

async function checkUntouched(dir: string, args: string[], pattern: RegExp): Promise<LabRun> {
  const before = treeDigest(dir);
  const r = await runLab(args, { cwd: dir });
  expectOneLineError(r, pattern);
  expect(treeDigest(dir)).toBe(before);
  return r;
}

const edit = (file: string, change: (text: string) => string) => (dir: string) =>
  writeFileSync(join(dir, file), change(readFileSync(join(dir, file), 'utf8')));

const LAB_DIR = join(LABS_DIR, 'security/iam-roles');
const questions = () => labDraw(LAB_DIR, { lab: 'security/iam-roles', createdAt: '', seed: 'x' }).questions;

/** A drawn item of the workspace's own draw. */
function drawnItem(dir: string, pick: (d: DrawnItem) => boolean): DrawnItem {
  const { draw } = labDraw(LAB_DIR, readState(dir));
  return draw.questions.flatMap((q) => q.items).find(pick)!;
}

/** A seed whose draw has an item of this kind (an instructor's --seed picks the draw). */
function seedWith(kind: DrawnItem['kind']): string {
  for (let i = 0; ; i++) if (drawLab(questions(), 'security/iam-roles', `s${i}`).questions.some((q) => q.items.some((d) => d.kind === kind))) return `s${i}`;
}

/** answers.md for the seed's draw, with the first item of `kind` answered `value`. */
function answerItem(dir: string, seed: string, kind: DrawnItem['kind'], value: string): void {
  const draw = drawLab(questions(), 'security/iam-roles', seed);
  const item = draw.questions.flatMap((q) => q.items).find((d) => d.kind === kind)!;
  const lines = renderAnswers(draw).split('\n');
  const head = lines.findIndex((l) => l.startsWith(`### ${item.item.id} `));
  const at = lines.findIndex((l, i) => i > head && l.startsWith('Answer:'));
  lines[at] = `Answer: ${value}`;
  writeFileSync(join(dir, 'answers.md'), lines.join('\n'));
}

describe('bad input', () => {
  it('unknown layer suggests the closest', async () => {
    const home = mkdtempSync(join(tmpdir(), 'ecs-lab-unknown-'));
    const r = await runLab(['start', 'securty'], { cwd: home });
    expectOneLineError(r, /no layer or lab called "securty".*did you mean `security`/);
  });

  it('unknown lab id suggests the closest', async () => {
    const home = mkdtempSync(join(tmpdir(), 'ecs-lab-unknown-'));
    const r = await runLab(['start', 'security/iam-role'], { cwd: home });
    expectOneLineError(r, /did you mean `security\/iam-roles`/);
  });

  it('lab check outside a workspace', async () => {
    const r = await runLab(['check'], { cwd: mkdtempSync(join(tmpdir(), 'ecs-lab-nows-')) });
    expectOneLineError(r, /not inside a lab workspace/);
  });

  it('a TypeScript syntax error names file:line:col', async () => {
    const dir = workspace(edit('stack.ts', (t) => t.replace(/\}\s*$/, '')));
    await checkUntouched(dir, ['check'], /^✗ stack\.ts:\d+:\d+: .*(expected|Expected)/);
  });

  it('a type error names file:line:col and the TS code', async () => {
    const dir = workspace(edit('stack.ts', (t) => t.replace(/super\(scope, id, props\);/, 'super(scope, id, props);\n    const n: number = "not a number";')));
    await checkUntouched(dir, ['check'], /^✗ stack\.ts:\d+:\d+: TS2322: Type 'string' is not assignable to type 'number'/);
  });

  it('with --json, the error is also JSON on stdout', async () => {
    const dir = workspace(edit('stack.ts', (t) => t.replace(/super\(scope, id, props\);/, 'super(scope, id, props);\n    const n: number = "not a number";')));
    const r = await checkUntouched(dir, ['check', '--json'], /TS2322/);
    const out = JSON.parse(r.stdout);
    expect(out.schema).toBe('ecs-lab/error@1');
    expect(out.error.code).toBe('E_TYPE');
    expect(out.error.message).toMatch(/^stack\.ts:\d+:\d+: TS2322/);
  });

  it('a stack that throws names the line that threw', async () => {
    const dir = workspace(edit('stack.ts', (t) => t.replace(/super\(scope, id, props\);/, "super(scope, id, props);\n    throw new Error('boom from the stack');")));
    const r = await checkUntouched(dir, ['check'], /your stack threw: boom from the stack/);
    const line = readFileSync(join(dir, 'stack.ts'), 'utf8').split('\n').findIndex((l) => l.includes('boom from the stack')) + 1;
    expect(r.stderr).toContain(`stack.ts:${line}:`);
  });

  it('an entry with no usable export', async () => {
    const dir = workspace(edit('stack.ts', (t) => t.replace(/export class/, 'class') + '\nexport const nothing = 1;\n'));
    await checkUntouched(dir, ['check'], /exports no Stack subclass/);
  });

  it('a deleted entry', async () => {
    const dir = workspace((d) => rmSync(join(d, 'stack.ts')));
    await checkUntouched(dir, ['check'], /stack\.ts is missing from the workspace — restore it with `lab reset`/);
  });

  it('a corrupt .lab/state.json', async () => {
    const dir = workspace((d) => writeFileSync(join(d, '.lab', 'state.json'), '{ not json'));
    await checkUntouched(dir, ['check'], /state\.json is corrupt \(not valid JSON\) — run `lab reset security\/iam-roles --yes`/);
  });

  it('the reset that the corrupt-state error names repairs the workspace and keeps answers.md', async () => {
    const dir = workspace((d) => {
      writeFileSync(join(d, '.lab', 'state.json'), '{ not json');
      writeFileSync(join(d, 'answers.md'), readFileSync(join(d, 'answers.md'), 'utf8') + '\n<!-- mine -->\n');
    });
    const reset = await runLab(['reset', 'security/iam-roles', '--yes'], { cwd: dir });
    expect(reset.code).toBe(0);
    expect(readFileSync(join(dir, 'answers.md'), 'utf8')).toContain('<!-- mine -->');
    const check = await runLab(['check'], { cwd: dir });
    expect(check.code).toBe(1); // runs again: the break still fails its checks
    expect(check.stderr).toBe('');
  });

  it('a foreign .lab/state.json', async () => {
    const dir = workspace((d) => writeFileSync(join(d, '.lab', 'state.json'), JSON.stringify({ schema: 'someone-else@3', lab: 42 })));
    await checkUntouched(dir, ['check'], /not a valid ecs-lab workspace state \(it was not written by this version of ecs-lab\)/);
  });

  it('a malformed answers.md (unknown question id) names the line and the closest id', async () => {
    const dir = workspace(edit('answers.md', (t) => t + '\n## iam-role-seperation\n'));
    const line = readFileSync(join(dir, 'answers.md'), 'utf8').split('\n').indexOf('## iam-role-seperation') + 1;
    await checkUntouched(dir, ['check'], new RegExp(`^✗ answers\\.md:${line}: .* did you mean "## iam-role-separation"\\?`));
  });

  it('answers.md: an unknown item id, suggesting the closest', async () => {
    const dir = workspace();
    const item = drawnItem(dir, () => true);
    writeFileSync(join(dir, 'answers.md'), readFileSync(join(dir, 'answers.md'), 'utf8').replace(`### ${item.item.id} ·`, `### ${item.item.id}x ·`));
    await checkUntouched(dir, ['check'], new RegExp(`answers\\.md:\\d+: .*did you mean "### ${item.item.id}"`));
  });

  it('answers.md: a choice letter that is not an option, and "b or a"', async () => {
    for (const [value, message] of [
      ['z', /answers\.md:\d+: "z" is not an option of .* — write one of a, b, c/],
      ['b or a', /answers\.md:\d+: "b or a" is not one option of .* — write exactly one letter/],
    ] as const) {
      const seed = seedWith('choice');
      const dir = workspace((d) => answerItem(d, seed, 'choice', value));
      await checkUntouched(dir, ['check', '--seed', seed], message);
    }
  });

  it('answers.md: a malformed matching answer', async () => {
    const seed = seedWith('match');
    const dir = workspace((d) => answerItem(d, seed, 'match', '1-a, 1-b'));
    await checkUntouched(dir, ['check', '--seed', seed], /answers\.md:\d+: item 1 of .* is given twice — write a letter for each number/);
  });

  it('answers.md: not UTF-8, or larger than 256 KiB', async () => {
    await checkUntouched(workspace((d) => writeFileSync(join(d, 'answers.md'), Buffer.from([0x23, 0x20, 0xc3, 0x28, 0x0a]))), ['check'], /answers\.md:1: the file is not UTF-8 text/);
    await checkUntouched(workspace(edit('answers.md', (t) => t + 'x'.repeat(300 * 1024))), ['check'], /answers\.md: the file is \d+ KiB, larger than the 256 KiB/);
  });

  it('answers.md written for another seed', async () => {
    const dir = workspace();
    await checkUntouched(dir, ['check', '--seed', 'someone-else'], /answers\.md:1: this file was written for another draw .* run `lab quiz`/);
  });

  it('an empty answers.md', async () => {
    const dir = workspace((d) => writeFileSync(join(d, 'answers.md'), ''));
    await checkUntouched(dir, ['check'], /answers\.md is empty/);
  });

  it('a target folder that exists and is not a workspace', async () => {
    const home = mkdtempSync(join(tmpdir(), 'ecs-lab-occupied-'));
    mkdirSync(join(home, 'ecs-labs', 'iam-roles'), { recursive: true });
    writeFileSync(join(home, 'ecs-labs', 'iam-roles', 'precious.txt'), 'keep me');
    const before = treeDigest(home);
    const r = await runLab(['start', 'security/iam-roles'], { cwd: home });
    expectOneLineError(r, /exists and is not a lab workspace — move it away, or use --dir/);
    expect(treeDigest(home)).toBe(before);
  });

  it('lab quiz without a terminal', async () => {
    const dir = workspace();
    await checkUntouched(dir, ['quiz'], /needs a terminal/);
  });

  it('an unknown option', async () => {
    const r = await runLab(['check', '--frobnicate'], { cwd: pristine });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown option '--frobnicate'/);
    expect(r.stderr).toMatch(/lab --help/);
  });

  it('--output-file without --reporter', async () => {
    const dir = workspace();
    await checkUntouched(dir, ['check', '--output-file', 'x.xml'], /--output-file needs --reporter/);
  });
});
