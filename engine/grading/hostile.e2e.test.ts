// Hostile workspaces: the tricks a learner (or a submission in CI) could use to turn a wrong fix
// into a pass, each tried against the real `lab` binary. Every case must be graded on what the app
// builds, end within its time limit with a one-line result, and leave nothing changed outside the
// workspace (the runner's files, the grader's home, other workspaces).
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireLab } from '../catalogue/catalogue';
import { runChecksOnApp } from '../checking/run-on-app';
import { LabError } from '../errors';
import { PACKAGE_ROOT } from '../paths';
import { WorkspaceSynthesizer } from '../synth';
import { runLab, treeDigest, type LabRun } from '../testing/run-lab';
import { labFolder, startWorkspace } from '../workspace/workspace';

const IAM = requireLab('security/iam-roles');
const roots: string[] = [];

/** A real workspace of the iam-roles lab (starter + break, or the solution's files), sealed by `lab start`. */
function workspace(variant: 'starter' | 'solution' = 'starter'): string {
  const root = mkdtempSync(join(tmpdir(), 'ecs-lab-hostile-'));
  roots.push(root);
  const { workspace: ws } = startWorkspace(IAM, root);
  if (variant === 'solution') cpSync(join(labFolder(IAM), 'solution', 'stack.ts'), join(ws.dir, 'stack.ts'));
  return ws.dir;
}

const append = (dir: string, code: string) => writeFileSync(join(dir, 'stack.ts'), readFileSync(join(dir, 'stack.ts'), 'utf8') + '\n' + code + '\n');

/** Replaces the entry's export with a default function of the App (the class stays exported as a named one). */
function exportFunction(dir: string, body: string, imports = ''): void {
  const src = readFileSync(join(dir, 'stack.ts'), 'utf8').replace('export class IamRolesStack', 'class IamRolesStack');
  writeFileSync(join(dir, 'stack.ts'), `${imports}\n${src}\nexport default function (app: any, id: string) {\n${body}\n}\n`);
}

// The graders get a temp folder of their own, so leftover scratch folders can be counted exactly.
const graderTmp = mkdtempSync(join(tmpdir(), 'ecs-lab-hostile-tmp-'));
roots.push(graderTmp);

function check(dir: string, args: string[] = [], env: Record<string, string> = {}): Promise<LabRun> {
  return runLab(['check', '--no-questions', ...args], { cwd: dir, env: { TMPDIR: graderTmp, ...env }, timeoutMs: 120_000 });
}

interface Graded {
  failing: string[];
  findings: Record<string, string>;
  appOutput: string;
}

/**
 * Grades in this process as `lab check` does — the app still runs in the isolated child — with a
 * TypeScript checker kept warm across cases. For cases about verdicts; exit codes and output are
 * proved through the real binary (`check`).
 */
async function grade(dir: string, timeoutMs?: number): Promise<Graded> {
  const synth = await new WorkspaceSynthesizer(dir, IAM.entry, IAM.stackName, { limits: timeoutMs ? { timeoutMs } : {} }).run();
  try {
    const results = await runChecksOnApp(IAM.checks, { scenarios: synth.scenarios, assemblyDir: synth.assemblyDir, workspaceDir: dir });
    return {
      failing: results.filter((r) => r.status !== 'pass').map((r) => r.id),
      findings: Object.fromEntries(results.map((r) => [r.id, JSON.stringify(r.findings)])),
      appOutput: synth.appOutput,
    };
  } finally {
    synth.dispose();
  }
}

/** The one-line input error a grade ends with (LabError), or a failure of the test. */
async function gradeError(dir: string, timeoutMs?: number): Promise<LabError> {
  try {
    await grade(dir, timeoutMs);
  } catch (e) {
    if (e instanceof LabError) return e;
    throw e;
  }
  throw new Error('graded without an error');
}

function failing(run: LabRun): string[] {
  return (JSON.parse(run.stdout) as { checks: { id: string; status: string }[] }).checks.filter((c) => c.status !== 'pass').map((c) => c.id);
}

// What must not change, whatever a workspace does: the runner and the grader's own files.
const runnerDigest = () => ['dist', 'labs', 'engine/synth/child'].map((d) => treeDigest(join(PACKAGE_ROOT, d))).join();
let before: string;

beforeAll(() => {
  before = runnerDigest();
});

afterAll(() => {
  for (const r of roots) rmSync(r, { recursive: true, force: true });
});

describe('a hostile app cannot decide its own verdict', { timeout: 240_000 }, () => {
  it('process.exit(0) while the stack is built is an input error, not a pass', async () => {
    const dir = workspace();
    append(dir, 'process.exit(0);');
    const run = await check(dir);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/exited with code 0 before synthesis finished/);
    expect(run.stdout).not.toMatch(/pass/i);
  });

  it('an exit listener, process.exitCode and a timer cannot change the exit code of a failing grade', async () => {
    const dir = workspace();
    append(dir, "process.exitCode = 0; process.on('exit', () => { process.exitCode = 0; });");
    expect((await grade(dir)).failing).toContain('iam.roles-separated');
    const timer = workspace();
    append(timer, 'setTimeout(() => process.exit(0), 1);');
    expect((await check(timer)).code).not.toBe(0);
  });

  it('a fake report on stdout stays the app’s output: the JSON report is the grader’s', async () => {
    const dir = workspace();
    append(dir, 'console.log(JSON.stringify({ schema: "ecs-lab/report@1", passed: true })); console.log("\\x1b[32m✓ all checks pass\\x1b[0m");');
    const json = await check(dir, ['--json']);
    expect(json.code).toBe(1);
    const report = JSON.parse(json.stdout);
    expect(report.passed).toBe(false);
    expect(report.appOutput).toContain('"passed":true');
    const terminal = await check(dir);
    expect(terminal.code).toBe(1);
    // Shown fenced and labelled, with its colour codes removed.
    expect(terminal.stdout).toMatch(/your app printed \(not part of the grade\):\n\s+│ \{"schema"/);
    expect(terminal.stdout).not.toContain('\x1b[32m');
  });

  it('patched built-ins in the app do not reach the grader', async () => {
    const dir = workspace();
    // Patched once the stack is built: in a grader sharing the process, every judgement after it would pass.
    append(
      dir,
      'setImmediate(() => { const A = Array.prototype as any; A.every = () => true; A.some = () => false; A.filter = () => [];\n' +
        '(JSON as any).parse = () => ({ passed: true }); (Object as any).keys = () => []; });',
    );
    expect((await grade(dir)).failing).toEqual(expect.arrayContaining(['iam.roles-separated', 'iam.no-admin-or-wildcard-actions']));
  });

  it('sees no secrets, and nothing that tells a grade from a plain synth', async () => {
    const dir = workspace();
    append(dir, 'console.log(JSON.stringify({ env: process.env, argv: process.argv.slice(1), file: __filename, cwd: process.cwd() }));');
    const a = await check(dir, ['--json'], { GITHUB_TOKEN: 'ghp_secret_value', AWS_SECRET_ACCESS_KEY: 'aws-secret', CI: 'true' });
    const seenIn = (output: string) => JSON.parse(output.split('\n').find((l) => l.startsWith('{'))!) as { env: Record<string, string>; argv: string[]; file: string; cwd: string };
    const sa = seenIn(String(JSON.parse(a.stdout).appOutput));
    expect(JSON.stringify(sa)).not.toMatch(/secret|ghp_/);
    expect(Object.keys(sa.env).sort()).toEqual(['LANG', 'NODE_ENV', 'PATH', 'TZ']);
    expect(sa.file).toBe(join(dir, 'stack.ts'));
    expect(sa.cwd).toBe(dir);
    // The same view in CI with secrets in the grader's environment as in any other synthesis.
    const b = await grade(dir);
    expect(seenIn(b.appOutput)).toEqual(sa);
  });

  it('cannot write into the runner, the grader’s home, other folders or its own workspace', async () => {
    const target = join(PACKAGE_ROOT, 'dist', 'pwned.js');
    const other = join(tmpdir(), `ecs-lab-pwned-${process.pid}`);
    for (const label of ['runner', 'tmp', 'answers', 'state'] as const) {
      const ws = workspace();
      const file = { runner: target, tmp: other, answers: join(ws, 'answers.md'), state: join(ws, '.lab', 'state.json') }[label];
      append(ws, `require('fs').writeFileSync(${JSON.stringify(file)}, 'pwned');`);
      const error = await gradeError(ws);
      expect(error.message, label).toMatch(/outside what a stack may touch/);
      expect(error.message, label).not.toContain('\n');
      if (label === 'answers' || label === 'state') expect(readFileSync(file, 'utf8')).not.toMatch(/pwned/);
    }
    expect(existsSync(target)).toBe(false);
    expect(existsSync(other)).toBe(false);
  }, 180_000);

  it('cannot start processes or read the grader’s files', async () => {
    const dir = workspace();
    append(dir, "require('child_process').execSync('touch /tmp/ecs-lab-spawned');");
    expect((await gradeError(dir)).code).toBe('E_STACK_THREW');
    expect(existsSync('/tmp/ecs-lab-spawned')).toBe(false);
    const reader = workspace();
    append(reader, "console.log(require('fs').readFileSync('/etc/hostname', 'utf8'));");
    expect((await gradeError(reader)).message).toMatch(/outside what a stack may touch/);
  });

  it('cannot reach the network: no connection, no DNS query, no raw socket binding', async () => {
    let connections = 0;
    const server = createServer((socket) => {
      connections++;
      socket.destroy();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    try {
      const dir = workspace();
      append(
        dir,
        `const refusedBy: string[] = [];
const attempt = (name: string, f: () => any) => { try { const r = f(); r?.on?.('error', () => refusedBy.push(name + ':error')); r?.catch?.(() => refusedBy.push(name + ':rejected')); } catch (e: any) { refusedBy.push(name + ':' + e.code); } };
attempt('net', () => require('net').connect(${port}, '127.0.0.1'));
attempt('socket', () => new (require('net').Socket)().connect(${port}, '127.0.0.1'));
attempt('http', () => require('http').get('http://127.0.0.1:${port}/'));
attempt('fetch', () => fetch('http://127.0.0.1:${port}/'));
attempt('binding', () => (process as any).binding('tcp_wrap'));
attempt('dns', () => require('dns').lookup('example.com', () => undefined));
attempt('udp', () => require('dgram').createSocket('udp4').send('x', ${port}, '127.0.0.1'));
setTimeout(() => console.log('refused ' + refusedBy.sort().join(',')), 50);`,
      );
      const graded = await grade(dir);
      // It is graded as usual; every attempt was refused inside the app, and nothing arrived.
      expect(graded.failing).toContain('iam.roles-separated');
      await new Promise((r) => setTimeout(r, 200));
      expect(connections).toBe(0);
      for (const name of ['binding', 'dns', 'udp']) expect(graded.appOutput).toContain(`${name}:ERR_ECS_LAB_NO_NETWORK`);
    } finally {
      server.close();
    }
  });

  it('cannot bundle files from outside the workspace, whatever its tsconfig says', async () => {
    const dir = workspace();
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { baseUrl: '.', paths: { 'grader/*': ['/etc/*'] } } }));
    append(dir, "import '../../../../../../etc/hostname.ts';");
    expect((await gradeError(dir)).message).toMatch(/Could not resolve|can be imported|Cannot find module/);
  });
});

describe('the workspace does not choose what it is graded as', { timeout: 240_000 }, () => {
  it('a state edited to name another lab is refused', async () => {
    const dir = workspace('solution');
    const state = JSON.parse(readFileSync(join(dir, '.lab', 'state.json'), 'utf8'));
    writeFileSync(join(dir, '.lab', 'state.json'), JSON.stringify({ ...state, lab: 'infrastructure/security-groups' }));
    const run = await check(dir);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/state\.json says this workspace is infrastructure\/security-groups/);
  });

  it('--lab pins the lab: a workspace of another lab is refused, its own lab is graded', async () => {
    const dir = workspace('solution');
    const other = await check(dir, ['--lab', 'infrastructure/security-groups']);
    expect(other.code).toBe(2);
    expect(other.stderr).toMatch(/this workspace is for security\/iam-roles, not infrastructure\/security-groups/);
    const own = await check(dir, ['--lab', IAM.id, '--json']);
    // Graded: every check passes (exit 1 only because --no-questions is never a pass).
    expect(own.code, own.stderr).toBe(1);
    expect(failing(own)).toEqual([]);
    expect(JSON.parse(own.stdout).lab).toMatchObject({ id: IAM.id, pinned: true });
  });

  it('--lab grades a folder without any state (a learner’s repository in CI) and records nothing', async () => {
    const dir = workspace('solution');
    rmSync(join(dir, '.lab'), { recursive: true });
    const run = await check(dir, ['--lab', IAM.id, '--json']);
    expect(run.code, run.stderr).toBe(1);
    expect(failing(run)).toEqual([]);
    expect(existsSync(join(dir, '.lab', 'state.json'))).toBe(false);
  });

  it('a forged type-check cache in the workspace is ignored', async () => {
    const dir = workspace('solution');
    append(dir, 'const wrong: number = "not a number";');
    writeFileSync(join(dir, '.lab', 'typecheck.json'), JSON.stringify({ key: 'anything', diagnostics: [] }));
    expect((await gradeError(dir)).message).toMatch(/TS2322/);
  });
});

describe('every stack of the app is judged', { timeout: 240_000 }, () => {
  it('an admin policy attached to the task role from a second stack fails', async () => {
    const dir = workspace('solution');
    exportFunction(
      dir,
      "  const lab = new IamRolesStack(app, id);\n  const other = new Stack(app, 'Ops');\n" +
        "  new iam.ManagedPolicy(other, 'Admin', { roles: [lab.node.findChild('TaskRole') as iam.Role], statements: [new iam.PolicyStatement({ actions: ['*'], resources: ['*'] })] });",
    );
    expect((await grade(dir)).failing).toContain('iam.no-admin-or-wildcard-actions');
  });

  it('an admin policy attached to the task role from a nested stack fails', async () => {
    const dir = workspace('solution');
    exportFunction(
      dir,
      "  const lab = new IamRolesStack(app, id);\n  const nested = new NestedStack(lab, 'Ops');\n" +
        "  new iam.ManagedPolicy(nested, 'Admin', { roles: [lab.node.findChild('TaskRole') as iam.Role], statements: [new iam.PolicyStatement({ actions: ['*'], resources: ['*'] })] });",
      "import { NestedStack } from 'aws-cdk-lib';",
    );
    expect((await grade(dir)).failing).toContain('iam.no-admin-or-wildcard-actions');
  });

  it('a broken copy of the service inside a Stage fails, beside a fixed one', async () => {
    const dir = workspace('solution');
    cpSync(join(labFolder(IAM), 'starter', 'stack.ts'), join(dir, 'broken.ts'));
    const { writeBreak } = await import('../workspace/workspace');
    const brokenDir = mkdtempSync(join(tmpdir(), 'ecs-lab-hostile-broken-'));
    roots.push(brokenDir);
    cpSync(join(labFolder(IAM), 'starter'), brokenDir, { recursive: true });
    writeBreak(brokenDir, IAM.breaks[0]);
    cpSync(join(brokenDir, 'stack.ts'), join(dir, 'broken.ts'));
    exportFunction(dir, "  new IamRolesStack(app, id);\n  new Broken(new Stage(app, 'Prod'), 'Service');", "import { Stage } from 'aws-cdk-lib';\nimport { IamRolesStack as Broken } from './broken';");
    expect((await grade(dir)).failing).toContain('iam.roles-separated');
  });
});

describe('Conditions are evaluated: what is judged is what would be deployed', { timeout: 240_000 }, () => {
  it('a listener that is never deployed (its condition is false) does not pass the guard', async () => {
    const dir = workspace('solution');
    exportFunction(
      dir,
      "  const lab = new IamRolesStack(app, id);\n" +
        "  const never = new CfnCondition(lab, 'Never', { expression: Fn.conditionEquals(Aws.REGION, 'mars-north-1') });\n" +
        "  for (const c of lab.node.findAll()) if (c instanceof CfnResource && c.cfnResourceType === 'AWS::ElasticLoadBalancingV2::Listener') c.cfnOptions.condition = never;",
      "import { Aws, CfnCondition, CfnResource, Fn } from 'aws-cdk-lib';",
    );
    expect((await grade(dir)).failing).toContain('ecs.service-behind-listener');
  });

  it('an admin policy behind a condition that cannot be known offline is judged in the branch where it exists', async () => {
    const dir = workspace('solution');
    exportFunction(
      dir,
      "  const lab = new IamRolesStack(app, id);\n" +
        "  const flag = new CfnParameter(lab, 'DebugMode', { type: 'String' });\n" +
        "  const debug = new CfnCondition(lab, 'Debug', { expression: Fn.conditionEquals(flag.valueAsString, 'on') });\n" +
        "  const admin = new iam.ManagedPolicy(lab, 'Admin', { roles: [lab.node.findChild('TaskRole') as iam.Role], statements: [new iam.PolicyStatement({ actions: ['*'], resources: ['*'] })] });\n" +
        "  (admin.node.defaultChild as CfnResource).cfnOptions.condition = debug;",
      "import { CfnCondition, CfnParameter, CfnResource, Fn } from 'aws-cdk-lib';",
    );
    const graded = await grade(dir);
    expect(graded.failing).toContain('iam.no-admin-or-wildcard-actions');
    expect(graded.findings['iam.no-admin-or-wildcard-actions']).toMatch(/if condition Debug is true/);
  });
});

describe('robust runs: one clear line within the limit, never a hang or a crash', { timeout: 240_000 }, () => {
  it('an endless loop is stopped at --timeout', async () => {
    const dir = workspace();
    append(dir, 'while (true) {}');
    const error = await gradeError(dir, 5_000);
    expect(error.code).toBe('E_TIMEOUT');
    expect(error.message).toMatch(/did not finish synthesizing within 5 s/);
  });

  it('an open handle does not hold up the grade', async () => {
    const dir = workspace();
    append(dir, 'setInterval(() => {}, 1000);');
    expect((await grade(dir, 30_000)).failing).toContain('iam.roles-separated');
  });

  it('running out of memory is one line, without a native dump', async () => {
    const dir = workspace();
    append(dir, 'const hog: number[][] = []; for (;;) hog.push(new Array(1e6).fill(1));');
    const run = await check(dir);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/ran out of memory/);
    expect(run.stderr).not.toMatch(/FATAL ERROR|<--- JS stacktrace|Native stack/);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('an unhandled rejection is the app’s error, not a failed grade', async () => {
    const dir = workspace();
    append(dir, "Promise.reject(new Error('async boom'));");
    expect((await gradeError(dir)).message).toMatch(/unhandled promise rejection: async boom/);
  });

  it('a thrown non-Error is reported as the app’s, not as a bug', async () => {
    for (const thrown of ['Object.create(null)', "'a string'", 'new Proxy({}, { get() { throw new Error("trap"); } })']) {
      const dir = workspace();
      append(dir, `throw ${thrown};`);
      const error = await gradeError(dir);
      expect(error.code, thrown).toBe('E_STACK_THREW');
      expect(error.message, thrown).toMatch(/your stack threw/);
    }
  }, 120_000);
});

describe('afterwards', { timeout: 240_000 }, () => {
  it('nothing outside the workspaces changed, and no scratch folder is left behind', () => {
    expect(runnerDigest()).toBe(before);
    expect(readdirSync(graderTmp)).toEqual([]);
  });
});
