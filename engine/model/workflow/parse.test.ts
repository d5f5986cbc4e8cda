import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LabError } from '../../errors';
import { runsOnFailure, secretsIn } from './expressions';
import { loadWorkflow, loadWorkflows } from './load';
import { parseWorkflowText, WorkflowSyntaxError } from './parse';

const FILE = '.github/workflows/deploy.yml';
const SHA = '0123456789abcdef0123456789abcdef01234567';

const DEPLOY = `name: deploy
on:
  push:
    branches: [main]
permissions:
  id-token: write
  contents: read
concurrency:
  group: deploy-production
  cancel-in-progress: false
jobs:
  test:
    runs-on: ubuntu-latest
    strategy:
      matrix:
        node: [22, 24]
    steps:
      - uses: actions/checkout@${SHA}
      - run: npm test
  deploy:
    needs: test
    runs-on: ubuntu-latest
    environment:
      name: production
    steps:
      - uses: aws-actions/configure-aws-credentials@v4
        with:
          role-to-assume: \${{ vars.DEPLOY_ROLE_ARN }}
          aws-region: eu-west-1
      - uses: ./.github/actions/cdk-deploy
      - uses: docker://alpine@sha256:${'a'.repeat(64)}
      - name: roll back
        if: \${{ failure() }}
        run: ./rollback.sh
        env:
          TOKEN: \${{ secrets.SLACK_TOKEN }}
  reuse:
    needs: deploy
    uses: acme/pipelines/.github/workflows/notify.yml@main
    secrets: inherit
`;

async function expectSyntaxError(text: string, line: number, pattern: RegExp) {
  const err = await parseWorkflowText(FILE, text).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(WorkflowSyntaxError);
  const e = err as WorkflowSyntaxError;
  expect(e.line).toBe(line);
  expect(e.message).toMatch(pattern);
  expect(e.message.startsWith(`${FILE}:${line}:`)).toBe(true);
  expect(e.message).not.toContain('\n');
}

describe('workflow model: a valid workflow', () => {
  it('reads jobs, steps, uses refs, permissions, environment and concurrency with their lines', async () => {
    const wf = await parseWorkflowText(FILE, DEPLOY);
    expect(wf.name).toBe('deploy');
    expect(wf.on).toEqual(['push']);
    expect(wf.permissions).toEqual({ kind: 'scopes', scopes: { 'id-token': 'write', contents: 'read' }, at: { line: 5, column: 1 } });
    expect(wf.concurrency).toEqual({ group: 'deploy-production', cancelInProgress: false, at: { line: 8, column: 1 } });
    expect(wf.jobs.map((j) => [j.id, j.kind, j.needs, j.at.line])).toEqual([
      ['test', 'job', [], 12],
      ['deploy', 'job', ['test'], 20],
      ['reuse', 'reusable', ['deploy'], 37],
    ]);
    const [test, deploy, reuse] = wf.jobs;
    expect(test.matrix).toBe(true);
    expect(deploy.matrix).toBe(false);
    expect(deploy.environment).toEqual({ name: 'production', at: { line: 24, column: 7 } });
    expect(test.steps[0].uses).toMatchObject({ kind: 'remote', owner: 'actions', repo: 'checkout', ref: SHA, shaPinned: true });
    expect(test.steps[1].run).toBe('npm test');
    expect(deploy.steps[0].uses).toMatchObject({ kind: 'remote', owner: 'aws-actions', repo: 'configure-aws-credentials', ref: 'v4', shaPinned: false, at: { line: 26 } });
    expect(deploy.steps[0].with['role-to-assume']).toBe('${{ vars.DEPLOY_ROLE_ARN }}');
    expect(deploy.steps[3].if).toBe('${{ failure() }}');
    expect(secretsIn(deploy.steps[3].env.TOKEN)).toEqual(['SLACK_TOKEN']);
  });

  it('tells a composite action in the repository, a Docker image and a reusable workflow call apart', async () => {
    const wf = await parseWorkflowText(FILE, DEPLOY);
    const deploy = wf.jobs[1];
    expect(deploy.steps[1].uses).toMatchObject({ kind: 'local', path: './.github/actions/cdk-deploy' });
    expect(deploy.steps[2].uses).toMatchObject({ kind: 'docker', image: `alpine@sha256:${'a'.repeat(64)}`, digestPinned: true });
    const reuse = wf.jobs[2];
    expect(reuse.uses).toMatchObject({ kind: 'remote', owner: 'acme', repo: 'pipelines', path: '.github/workflows/notify.yml', ref: 'main', shaPinned: false });
    expect(reuse.inheritsSecrets).toBe(true);
    expect(reuse.steps).toEqual([]);
  });

  it('reads the shorthands: write-all, a bare concurrency group, an expression for cancel-in-progress, a string environment', async () => {
    const wf = await parseWorkflowText(
      FILE,
      `on: [push, workflow_dispatch]
permissions: write-all
jobs:
  deploy:
    runs-on: ubuntu-latest
    environment: production
    concurrency:
      group: deploy
      cancel-in-progress: \${{ github.ref != 'refs/heads/main' }}
    permissions: {}
    steps:
      - run: echo hi
`,
    );
    expect(wf.on).toEqual(['push', 'workflow_dispatch']);
    expect(wf.permissions).toMatchObject({ kind: 'all', level: 'write-all' });
    expect(wf.concurrency).toBeUndefined();
    expect(wf.jobs[0].concurrency).toMatchObject({ group: 'deploy', cancelInProgress: 'expression' });
    expect(wf.jobs[0].permissions).toMatchObject({ kind: 'scopes', scopes: {} });
    expect(wf.jobs[0].environment?.name).toBe('production');
  });
});

describe('workflow model: workflows GitHub rejects', () => {
  it('malformed YAML names its line', async () => {
    await expectSyntaxError('on: push\njobs:\n  a: [\n', 4, /Flow sequence|end with a \]/i);
  });

  it('an unknown job key names its line', async () => {
    await expectSyntaxError('on: push\njobs:\n  a:\n    runs-on: x\n    stepz: []\n', 5, /Unexpected value 'stepz'/);
  });

  it('a permission level GitHub does not know names its line', async () => {
    await expectSyntaxError('on: push\njobs:\n  a:\n    runs-on: x\n    permissions:\n      id-token: writ\n    steps: [{ run: x }]\n', 6, /Unexpected value 'writ'/);
  });

  it('an expression in `uses` is rejected, as GitHub does (uses must be static)', async () => {
    await expectSyntaxError('on: push\njobs:\n  a:\n    runs-on: x\n    strategy:\n      matrix:\n        action: [a/b@v1]\n    steps:\n      - uses: ${{ matrix.action }}\n', 9, /matrix/);
  });

  it('a job that needs a job that does not exist', async () => {
    const err = await parseWorkflowText(FILE, 'on: push\njobs:\n  b:\n    runs-on: x\n    steps: [{ run: x }]\n  a:\n    needs: nope\n    runs-on: x\n    steps: [{ run: x }]\n').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WorkflowSyntaxError);
    expect((err as Error).message).toMatch(/nope/);
  });

  it('a duplicate key is an error, not a silent override', async () => {
    await expectSyntaxError('on: push\njobs:\n  a:\n    runs-on: x\n    runs-on: y\n    steps: [{ run: x }]\n', 5, /unique|duplicate/i);
  });
});

describe('workflow model: loading from a workspace', () => {
  const workspace = (files: Record<string, string>) => {
    const dir = mkdtempSync(join(tmpdir(), 'ecs-lab-wf-'));
    for (const [rel, content] of Object.entries(files)) {
      mkdirSync(join(dir, rel, '..'), { recursive: true });
      writeFileSync(join(dir, rel), content);
    }
    return dir;
  };

  it('reads every .yml/.yaml file of .github/workflows, in name order, and none when there is no folder', async () => {
    const dir = workspace({ [FILE]: DEPLOY, '.github/workflows/a.yaml': 'on: push\njobs:\n  a:\n    runs-on: x\n    steps: [{ run: x }]\n', '.github/workflows/notes.txt': 'x' });
    expect((await loadWorkflows(dir)).map((w) => w.file)).toEqual(['.github/workflows/a.yaml', FILE]);
    expect(await loadWorkflows(workspace({}))).toEqual([]);
  });

  it('bad input is a one-line LabError (exit 2) at file:line, and the file is left as it was', async () => {
    const bad = 'on: push\njobs:\n  a:\n    runs-on: x\n    stepz: []\n';
    const dir = workspace({ [FILE]: bad });
    const err = await loadWorkflow(dir, FILE).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LabError);
    expect((err as LabError).code).toBe('E_WORKFLOW');
    expect((err as LabError).exitCode).toBe(2);
    expect((err as LabError).message).toMatch(/^\.github\/workflows\/deploy\.yml:5:5: Unexpected value 'stepz'/);
    expect(readFileSync(join(dir, FILE), 'utf8')).toBe(bad);
  });

  it('a missing workflow file is a LabError naming it', async () => {
    const err = await loadWorkflow(workspace({}), FILE).catch((e: unknown) => e);
    expect((err as LabError).code).toBe('E_WORKFLOW');
    expect((err as LabError).message).toMatch(/deploy\.yml: the workflow file is missing/);
  });
});

describe('workflow expressions', () => {
  it('runsOnFailure: failure(), always() and !cancelled() run after a failed step; success() and !failure() do not', () => {
    for (const c of ['failure()', '${{ failure() }}', "failure() && github.ref == 'refs/heads/main'", 'always()', '${{ !cancelled() }}']) expect(runsOnFailure(c), c).toBe(true);
    for (const c of [undefined, 'success()', '${{ !failure() }}', "github.ref == 'refs/heads/main'"]) expect(runsOnFailure(c), String(c)).toBe(false);
  });
});
