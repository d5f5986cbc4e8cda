// `npm run bench`: the speed targets of issues #2 and #5, measured on one workspace in one run and
// printed as ratios against their baselines (never asserted in tests: timings are noisy). Every
// `lab check` here synthesizes in the isolated child process (issue #5), as it does for learners.
//
//   lab list wall time            / 150 ms target                 (≤ 1.0: manifests never load aws-cdk-lib)
//   lab check (cold process, after an edit) / npx cdk synth of the same app (≤ 0.6)
//   warm re-check in watch mode   / cold lab check                (≤ 0.5)
//   the high-availability capstone's cold check (three fault replays) / its cdk synth (≤ 0.6, issue #8)
//   lab check (cold, edited) / a plain `tsx` synth of the same app, paired run by run (≤ 1.0, issue #12)
//   lab grade of 30 edited copies of the workspace / 30 sequential plain `tsx` synths (≤ 0.25, issue #12)
//
// `cdk synth` runs the app the way a CDK project's cdk.json usually does (`npx tsx`, no type check),
// and the plain synth is that app run by tsx alone: neither type-checks, while `lab check` does.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const lab = join(root, 'bin', 'lab.mjs');
const runs = Number(process.env.BENCH_RUNS ?? 5);
const env = { ...process.env, NO_COLOR: '1', CDK_DISABLE_VERSION_CHECK: '1', CDK_DISABLE_CLI_TELEMETRY: 'true' };

function time(cmd, args, cwd) {
  const t = performance.now();
  const r = spawnSync(cmd, args, { cwd, env, encoding: 'utf8' });
  const ms = performance.now() - t;
  if (r.status !== 0 && r.status !== 1) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return ms;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const sample = (n, f) => Array.from({ length: n }, f);
const fmt = (ms) => `${ms.toFixed(0).padStart(6)} ms`;

function watchTimings(cwd, file, edits) {
  // One `lab check --watch` process: time from each save to the next finished report.
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [lab, 'check', '--watch'], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const original = readFileSync(file, 'utf8');
    const warm = [];
    let reports = 0;
    let savedAt = 0;
    let out = '';
    const save = () => {
      savedAt = performance.now();
      writeFileSync(file, `${original}\n// bench edit ${reports}\n`);
    };
    child.stdout.on('data', (d) => {
      out += d;
      const seen = out.split('Watching ').length - 1;
      while (reports < seen) {
        reports++;
        if (reports > 1) warm.push(performance.now() - savedAt);
        if (warm.length === edits) {
          child.kill('SIGTERM');
          writeFileSync(file, original);
          return;
        }
        setTimeout(save, 300);
      }
    });
    child.on('close', () => (warm.length === edits ? resolve(warm) : reject(new Error(`watch ended early:\n${out}`))));
  });
}

/** A fresh workspace of the lab, and beside it the same app as a plain CDK project for `cdk synth`. */
function labWorkspace(labId, stackName) {
  const home = mkdtempSync(join(tmpdir(), 'ecs-lab-bench-'));
  spawnSync(process.execPath, [lab, 'start', labId, '--yes'], { cwd: home, env });
  const ws = join(home, 'ecs-labs', labId.split('/')[1]);
  writeFileSync(
    join(ws, 'bench-app.ts'),
    `import { App } from 'aws-cdk-lib';\nimport * as entry from './stack';\nconst app = new App({ outdir: process.env.CDK_OUTDIR ?? 'cdk.out.plain' });\nconst Stack = Object.values(entry).find((v: any) => typeof v === 'function') as any;\nnew Stack(app, '${stackName}');\napp.synth();\n`,
  );
  writeFileSync(join(ws, 'cdk.json'), JSON.stringify({ app: 'npx tsx bench-app.ts' }));
  return { home, ws };
}

const cdk = join(root, 'node_modules', 'aws-cdk', 'bin', 'cdk');
const tsx = join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs');

/**
 * Cold `lab check` after an edit against a plain `tsx` synth of the same app, paired: each run
 * times one of each back to back, so both see the same machine load; the median of the ratios.
 */
function pairedCheckVsPlainSynth(ws) {
  const stackFile = join(ws, 'stack.ts');
  const pristine = readFileSync(stackFile, 'utf8');
  const ratios = sample(runs, (_, i) => {
    writeFileSync(stackFile, `${pristine}\n// paired bench edit ${i}\n`);
    const check = time(process.execPath, [lab, 'check'], ws);
    const plain = time(process.execPath, [tsx, 'bench-app.ts'], ws);
    return { check, plain, ratio: check / plain };
  });
  writeFileSync(stackFile, pristine);
  const mid = [...ratios].sort((a, b) => a.ratio - b.ratio)[Math.floor(ratios.length / 2)];
  return mid;
}

/** Median cold `lab check` after an edit (nothing cached applies) and median `cdk synth` of the same app. */
function coldCheckAndSynth(ws, home) {
  const stackFile = join(ws, 'stack.ts');
  const pristine = readFileSync(stackFile, 'utf8');
  let edits = 0;
  const edited = () => {
    writeFileSync(stackFile, `${pristine}\n// bench edit ${++edits}\n`);
    return time(process.execPath, [lab, 'check'], ws);
  };
  const check = median(sample(runs, edited));
  writeFileSync(stackFile, pristine);
  const synth = median(sample(runs, () => time(process.execPath, [cdk, 'synth', '--quiet', '--no-notices', '-o', join(home, 'cdk.out')], ws)));
  return { check, synth };
}

/** Summed RSS (MiB) of a process and all its descendants, from `ps`; 0 when ps is not there. */
function treeRssMiB(rootPid) {
  const r = spawnSync('ps', ['-eo', 'pid=,ppid=,rss='], { encoding: 'utf8' });
  if (r.status !== 0) return 0;
  const rows = r.stdout.trim().split('\n').map((l) => l.trim().split(/\s+/).map(Number));
  const tree = new Set([rootPid]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const [pid, ppid] of rows) {
      if (tree.has(ppid) && !tree.has(pid)) {
        tree.add(pid);
        grew = true;
      }
    }
  }
  return rows.filter(([pid]) => tree.has(pid)).reduce((sum, [, , rss]) => sum + rss, 0) / 1024;
}

/**
 * `lab grade` of a class of n copies of the workspace, each edited (every learner's code differs, so
 * no type check is cached), against n sequential plain `tsx` synths of the same app; the peak is the
 * summed memory of the grader and every process it started, sampled every 200 ms.
 */
async function gradeVsPlainSynths(ws, n) {
  const cls = mkdtempSync(join(tmpdir(), 'ecs-lab-bench-class-'));
  for (let i = 0; i < n; i++) {
    const dir = join(cls, `learner-${String(i).padStart(2, '0')}`);
    cpSync(ws, dir, { recursive: true, verbatimSymlinks: true });
    writeFileSync(join(dir, 'stack.ts'), `${readFileSync(join(dir, 'stack.ts'), 'utf8')}\n// learner ${i}\n`);
  }
  const started = performance.now();
  const child = spawn(process.execPath, [lab, 'grade', '--lab', 'security/iam-roles', `${cls}/learner-*`, '--json'], { cwd: cls, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  let peakMiB = 0;
  const sampler = setInterval(() => (peakMiB = Math.max(peakMiB, treeRssMiB(child.pid))), 200);
  const code = await new Promise((resolve) => child.on('close', resolve));
  clearInterval(sampler);
  const grade = performance.now() - started;
  const summary = JSON.parse(out).summary;
  if (code > 1 || summary.errored) throw new Error(`lab grade exited ${code}: ${JSON.stringify(summary)}`);
  const plain = sample(n, () => time(process.execPath, [tsx, 'bench-app.ts'], ws)).reduce((a, b) => a + b, 0);
  return { grade, plain, peakMiB };
}

const { home, ws } = labWorkspace('security/iam-roles', 'IamRolesLab');

console.log(`ecs-lab bench — ${runs} runs each, median; node ${process.version}, ${process.arch}`);
const list = median(sample(runs, () => time(process.execPath, [lab, 'list'], home)));
const stackFile = join(ws, 'stack.ts');
const pristine = readFileSync(stackFile, 'utf8');
const { check, synth } = coldCheckAndSynth(ws, home);
// Again with nothing changed (CI re-runs, a check right after `lab start`): the type check is cached.
const unchanged = median(sample(runs, () => time(process.execPath, [lab, 'check'], ws)));
const warm = median(await watchTimings(ws, join(ws, 'stack.ts'), runs));
// The high-availability capstone: a cold check that also replays three faults (zone outage, task loss, spike).
const capstone = labWorkspace('scenario/high-availability', 'HighAvailabilityLab');
const faults = coldCheckAndSynth(capstone.ws, capstone.home);
const paired = pairedCheckVsPlainSynth(ws);
const GRADE_CLASS = Number(process.env.BENCH_GRADE_CLASS ?? 30);
const graded = await gradeVsPlainSynths(ws, GRADE_CLASS);

// Peak memory of one cold `lab check`, where GNU time is there to measure it (information only).
let peak = 'n/a';
if (spawnSync('/usr/bin/time', ['-f', '%M', 'true'], { encoding: 'utf8' }).status === 0) {
  writeFileSync(stackFile, `${pristine}\n// bench edit for memory\n`); // a real, uncached check
  const r = spawnSync('/usr/bin/time', ['-f', '%M', process.execPath, lab, 'check'], { cwd: ws, env, encoding: 'utf8' });
  writeFileSync(stackFile, pristine);
  peak = `${Math.round(Number(r.stderr.trim().split('\n').at(-1)) / 1024)} MiB`;
}

const rows = [
  ['lab list', list, 150, '150 ms target', 1.0],
  ['lab check (cold, edited)', check, synth, 'npx cdk synth', 0.6],
  ['capstone check + 3 faults', faults.check, faults.synth, 'npx cdk synth', 0.6],
  ['warm re-check (watch)', warm, check, 'cold lab check', 0.5],
  ['lab check vs plain synth', paired.check, paired.plain, 'tsx synth (paired)', 1.0],
  [`lab grade (${GRADE_CLASS} workspaces)`, graded.grade, graded.plain, `${GRADE_CLASS} tsx synths`, 0.25],
];
console.log('');
console.log('measure                      time       baseline                      ratio   target');
for (const [name, ms, base, baseName, target] of rows) {
  const ratio = ms / base;
  const ok = ratio <= target ? 'ok' : 'MISSED';
  console.log(`${name.padEnd(26)} ${fmt(ms)}   ${baseName.padEnd(16)} ${fmt(base)}   ${ratio.toFixed(2).padStart(5)}   ≤ ${String(target).padEnd(4)} ${ok}`);
}
// Node's own start on this machine, for reading lab list's absolute target.
const nodeStart = median(sample(runs, () => time(process.execPath, ['-e', '0'], home)));
console.log(`\nnode itself starts in ${fmt(nodeStart).trim()} here: lab list spends ${fmt(list - nodeStart).trim()} beyond that`);
console.log(`lab check with no TypeScript change (type check cached): ${fmt(unchanged)} (${(unchanged / synth).toFixed(2)} of cdk synth)`);
console.log(`peak memory of a cold lab check (largest process): ${peak} (target ≤ 500 MiB, issue #12)`);
console.log(`peak memory of lab grade (${GRADE_CLASS} workspaces, every process summed): ${Math.round(graded.peakMiB)} MiB (target ≤ 1536 MiB, issue #12)`);
