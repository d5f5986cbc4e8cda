// End-to-end: the real `lab` binary in a temp folder outside the repository, the way a learner
// (start → failing check → fix → passing check) and a CI job (JSON, JUnit) use it.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, lstatSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { LabReportSchema } from '../report';
import { findAll, parseXml } from '../report/test-xml';
import { runLab, treeDigest } from '../testing/run-lab';
import { writeRightAnswers } from '../testing/solve-workspace';
import { LABS_DIR, PACKAGE_ROOT } from '../paths';

const LAB = 'security/iam-roles';
let home: string;
let ws: string;

beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), 'ecs-lab-e2e-'));
  const r = await runLab(['start', 'security'], { cwd: home });
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  ws = join(home, 'ecs-labs', 'iam-roles');
}, 120_000);

describe('lab start', () => {
  it('creates the workspace with the break applied, renders the brief and runs the checks', async () => {
    expect(existsSync(join(ws, 'stack.ts'))).toBe(true);
    expect(existsSync(join(ws, 'answers.md'))).toBe(true);
    expect(existsSync(join(ws, 'tsconfig.json'))).toBe(true);
    const state = JSON.parse(readFileSync(join(ws, '.lab', 'state.json'), 'utf8'));
    expect(state.lab).toBe(LAB);
    expect(state.break.id).toBeTruthy();
    const starter = readFileSync(join(LABS_DIR, LAB, 'starter', 'stack.ts'), 'utf8');
    expect(readFileSync(join(ws, 'stack.ts'), 'utf8')).not.toBe(starter); // the break changed it
  });

  it('is a CDK app an editor understands: tsc resolves aws-cdk-lib from outside the repository', () => {
    expect(lstatSync(join(ws, 'node_modules')).isSymbolicLink()).toBe(true);
    const tsc = spawnSync(process.execPath, [join(PACKAGE_ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', ws], { encoding: 'utf8' });
    expect(tsc.stdout + tsc.stderr).toBe('');
    expect(tsc.status).toBe(0);
  });

  it('`npx lab` inside the workspace runs this runner, not the registry package called "lab"', () => {
    const npx = spawnSync('npx', ['--no-install', 'lab', '--version'], { cwd: ws, encoding: 'utf8', env: { ...process.env, npm_config_yes: 'false' } });
    expect(npx.stdout.trim()).toBe(JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')).version);
    expect(npx.status).toBe(0);
  });

  it('resumes without touching the learner’s files', async () => {
    writeFileSync(join(ws, 'notes.txt'), 'mine');
    const before = treeDigest(ws);
    const r = await runLab(['start', LAB], { cwd: home });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Resuming/);
    expect(treeDigest(ws)).toBe(before);
  });

  it('lab list --json shows the lab as started', async () => {
    const r = await runLab(['list', '--json'], { cwd: home });
    const listed = JSON.parse(r.stdout);
    expect(listed.labs.find((l: { id: string }) => l.id === LAB).status).toBe('started');
  });
});

describe('lab check', () => {
  it('fails on the broken starter with findings that name resources and lines', async () => {
    const r = await runLab(['check', '--json'], { cwd: ws });
    expect(r.code).toBe(1);
    const report = LabReportSchema.parse(JSON.parse(r.stdout));
    const failing = report.checks.filter((c) => c.status === 'fail');
    expect(failing.length).toBeGreaterThan(0);
    const located = failing.flatMap((c) => c.findings).filter((f) => f.location?.file === 'stack.ts' && f.location.line > 0);
    expect(located.length).toBeGreaterThan(0);
    expect(failing.flatMap((c) => c.findings).every((f) => f.logicalId || f.constructPath || f.location)).toBe(true);
  });

  it('writes valid JUnit XML with --reporter junit --output-file', async () => {
    const r = await runLab(['check', '--reporter', 'junit', '--output-file', 'junit.xml'], { cwd: ws });
    expect(r.code).toBe(1);
    const xml = readFileSync(join(ws, 'junit.xml'), 'utf8');
    const root = parseXml(xml); // throws unless well-formed
    expect(root.name).toBe('testsuites');
    expect(Number(root.attrs.failures)).toBeGreaterThan(0);
    const names = findAll(root, 'testcase').map((t) => t.attrs.name);
    expect(names.some((n) => n.startsWith('iam.roles-separated'))).toBe(true);
    expect(findAll(root, 'failure').length).toBe(Number(root.attrs.failures));
    expect(r.stdout).toMatch(/✗/); // the terminal report still prints
  });

  it('passes once the learner applies a correct fix and answers the questions', async () => {
    const fixed = join(mkdtempSync(join(tmpdir(), 'ecs-lab-fixed-')), 'ecs-labs', 'iam-roles');
    cpSync(ws, fixed, { recursive: true });
    cpSync(join(LABS_DIR, LAB, 'solution'), fixed, { recursive: true });
    writeRightAnswers(fixed);
    const r = await runLab(['check'], { cwd: fixed });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).not.toMatch(/✗/);
    const status = await runLab(['status', '--json'], { cwd: fixed });
    expect(JSON.parse(status.stdout).labs.find((l: { id: string }) => l.id === LAB).status).toBe('passed');

    // --no-questions never records a pass: progress shows the latest state, not a sticky pass.
    const ungraded = await runLab(['check', '--no-questions'], { cwd: fixed });
    expect(ungraded.code).toBe(1);
    expect(ungraded.stdout).toMatch(/the key questions were not graded \(--no-questions\), so the\s+lab is not complete/);
    const after = await runLab(['status', '--json'], { cwd: fixed });
    expect(JSON.parse(after.stdout).labs.find((l: { id: string }) => l.id === LAB).status).toBe('started');
  });

  it('grades answers.md against the workspace’s own draw: the JSON report names kinds, answers and reflections', async () => {
    const fixed = join(mkdtempSync(join(tmpdir(), 'ecs-lab-fixed-')), 'ecs-labs', 'iam-roles');
    cpSync(ws, fixed, { recursive: true });
    cpSync(join(LABS_DIR, LAB, 'solution'), fixed, { recursive: true });
    writeRightAnswers(fixed);
    const report = LabReportSchema.parse(JSON.parse((await runLab(['check', '--json'], { cwd: fixed })).stdout));
    expect(report.passed).toBe(true);
    expect(report.questions!.every((q) => q.items.length === 2 && q.reflection.present && q.reflection.modelAnswer)).toBe(true);
    const evidence = report.questions!.flatMap((q) => q.items).filter((i) => i.kind === 'evidence');
    for (const e of evidence) expect(e.check?.status).toBe('pass');
    // Another learner's workspace (another seed) draws differently, so the same file does not fit it.
    const other = await runLab(['check', '--seed', 'another-learner'], { cwd: fixed });
    expect(other.code).toBe(2);
    expect(other.stderr).toMatch(/answers\.md:1: this file was written for another draw/);
  });
});

describe('lab hint, reset, break', () => {
  it('shows three levels of hints, then all of them', async () => {
    const seen: string[] = [];
    for (let i = 1; i <= 3; i++) {
      const r = await runLab(['hint'], { cwd: ws });
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(new RegExp(`Hint ${i} of 3`));
      seen.push(r.stdout);
    }
    const again = await runLab(['hint'], { cwd: ws });
    expect(again.stdout).toMatch(/All 3 hints/);
    expect(JSON.parse(readFileSync(join(ws, '.lab', 'state.json'), 'utf8')).hintsShown).toBe(3);
  });

  it('reset without --yes and without a terminal refuses and changes nothing', async () => {
    writeFileSync(join(ws, 'stack.ts'), readFileSync(join(ws, 'stack.ts'), 'utf8') + '\n// my edit\n');
    const before = treeDigest(ws);
    const r = await runLab(['reset'], { cwd: ws });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--yes/);
    expect(treeDigest(ws)).toBe(before);
  });

  it('reset --yes restores the starter with its break and keeps answers.md', async () => {
    writeFileSync(join(ws, 'answers.md'), readFileSync(join(ws, 'answers.md'), 'utf8') + '\n<!-- kept -->\n');
    const r = await runLab(['reset', '--yes'], { cwd: ws });
    expect(r.code).toBe(0);
    expect(readFileSync(join(ws, 'stack.ts'), 'utf8')).not.toMatch(/my edit/);
    expect(readFileSync(join(ws, 'answers.md'), 'utf8')).toMatch(/<!-- kept -->/);
  });

  it('brief shows the lab’s brief again, inside the workspace or by lab id; start copied brief.md', async () => {
    const inside = await runLab(['brief'], { cwd: ws });
    expect(inside.code).toBe(0);
    expect(inside.stdout).toMatch(/IAM roles/);
    expect(readFileSync(join(ws, 'brief.md'), 'utf8')).toBe(readFileSync(join(LABS_DIR, LAB, 'brief.md'), 'utf8'));
    const byId = await runLab(['brief', 'infrastructure/security-groups'], { cwd: home });
    expect(byId.code).toBe(0);
    expect(byId.stdout.length).toBeGreaterThan(500);
    const unknown = await runLab(['brief', 'nope'], { cwd: home });
    expect(unknown.code).toBe(2);
  });

  it('break lists the breaks of the lab', async () => {
    const r = await runLab(['break'], { cwd: ws });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/default/);
  });
});

describe('lab start --dir', () => {
  it('puts workspaces and progress under the given folder', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'ecs-lab-cwd-'));
    const root = join(mkdtempSync(join(tmpdir(), 'ecs-lab-root-')), 'my labs');
    const r = await runLab(['start', 'infrastructure', '--dir', root, '--yes'], { cwd });
    expect(r.code).toBe(0);
    expect(existsSync(join(root, 'security-groups', 'stack.ts'))).toBe(true);
    expect(existsSync(join(cwd, 'ecs-labs'))).toBe(false);
    const status = JSON.parse((await runLab(['status', '--json', '--dir', root], { cwd })).stdout);
    expect(status.labs.find((l: { id: string }) => l.id === 'infrastructure/security-groups').status).toBe('started');
  });
});

describe('lab list and status', () => {
  it('lists every layer and lab', async () => {
    const r = await runLab(['list'], { cwd: home });
    expect(r.code).toBe(0);
    for (const layer of ['foundation', 'infrastructure', 'security', 'operations', 'automation']) expect(r.stdout).toContain(layer);
    expect(r.stdout).toContain(LAB);
  });

  it('status shows the whole path', async () => {
    const r = await runLab(['status'], { cwd: home });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/security\/iam-roles/);
    expect(r.stdout).toMatch(/foundation\/container-image/);
  });

  it('doctor reports the runner and the workspace as healthy, and a broken link as a problem', async () => {
    const ok = await runLab(['doctor'], { cwd: ws });
    expect(ok.stdout).toMatch(/✓ workspace of security\/iam-roles/);
    expect(ok.stdout).toMatch(/Everything looks right/);
    expect(ok.code).toBe(0);
    const elsewhere = join(mkdtempSync(join(tmpdir(), 'ecs-lab-doctor-')), 'ecs-labs', 'iam-roles');
    cpSync(ws, elsewhere, { recursive: true, verbatimSymlinks: true });
    rmSync(join(elsewhere, 'node_modules'));
    const bad = await runLab(['doctor'], { cwd: elsewhere });
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(/✗ editor support: .* — run `lab start <lab>` again/);
  });

  it('bare lab without a terminal prints help', async () => {
    const r = await runLab([], { cwd: home });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Usage: lab/);
  });
});
