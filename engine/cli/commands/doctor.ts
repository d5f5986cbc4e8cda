// `lab doctor`: what an instructor runs on a learner's machine when something is off. Each line
// is one fact with ✓ or ✗ and, for ✗, what to do.
import { existsSync, lstatSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { isLabError } from '../../errors';
import { PACKAGE_ROOT, RUNNER_VERSION } from '../../paths';
import { runnerNodeModules, runnerRequire } from '../../synth/runner-modules';
import { readProgress, progressPath } from '../../workspace/progress';
import { openWorkspace } from '../../workspace/workspace';
import type { Io } from '../io';
import { resolveRoot, workspaceDirAbove } from './shared';

interface Finding {
  ok: boolean;
  what: string;
  fix?: string;
}

export async function doctor(io: Io): Promise<number> {
  const results = [...runnerFacts(), ...workspaceFacts(io)];
  const c = io.color;
  io.out(c.bold(`ecs-lab ${RUNNER_VERSION} doctor`));
  for (const r of results) io.out(`  ${r.ok ? c.green('✓') : c.red('✗')} ${r.what}${r.ok || !r.fix ? '' : ` — ${r.fix}`}`);
  const bad = results.filter((r) => !r.ok).length;
  io.out(bad ? c.red(`${bad} problem${bad > 1 ? 's' : ''} found.`) : c.green('Everything looks right.'));
  return bad ? 1 : 0;
}

function versionOf(pkg: string): string | undefined {
  try {
    return (runnerRequire(`${pkg}/package.json`) as { version: string }).version;
  } catch {
    return undefined;
  }
}

function runnerFacts(): Finding[] {
  const [major, minor] = process.versions.node.split('.').map(Number);
  const nodeOk = major > 20 || (major === 20 && minor >= 12);
  const out: Finding[] = [
    { ok: nodeOk, what: `Node.js ${process.versions.node}`, fix: 'install Node.js 20.12 or later' },
    { ok: existsSync(join(PACKAGE_ROOT, 'dist', 'bin.js')), what: `runner built in ${join(PACKAGE_ROOT, 'dist')}`, fix: 'run `npm run build` in the ecs-lab folder' },
  ];
  for (const pkg of ['aws-cdk-lib', 'constructs', 'typescript', 'esbuild', '@types/node']) {
    const v = versionOf(pkg);
    out.push({ ok: !!v, what: v ? `${pkg} ${v}` : `${pkg} is not installed`, fix: 'run `npm ci` in the ecs-lab folder' });
  }
  return out;
}

function workspaceFacts(io: Io): Finding[] {
  const dir = workspaceDirAbove(io.cwd);
  const out: Finding[] = [];
  const root = resolveRoot(io);
  if (existsSync(progressPath(root))) {
    const labs = Object.keys(readProgress(root).labs).length;
    out.push({ ok: true, what: `progress in ${progressPath(root)} (${labs} lab${labs === 1 ? '' : 's'})` });
  }
  if (!dir) return out;
  try {
    const ws = openWorkspace(dir, io.cwd);
    out.push({ ok: true, what: `workspace of ${ws.lab.id} in ${dir}` });
    out.push({ ok: existsSync(join(dir, ws.lab.entry)), what: `entry ${ws.lab.entry}`, fix: 'restore it with `lab reset` (answers.md is kept)' });
  } catch (e) {
    if (!isLabError(e)) throw e;
    out.push({ ok: false, what: `workspace state in ${dir}`, fix: e.message });
  }
  const link = join(dir, 'node_modules');
  let linked = false;
  try {
    linked = lstatSync(link).isSymbolicLink() && readlinkSync(link) === runnerNodeModules();
  } catch {
    linked = false;
  }
  out.push({ ok: linked, what: 'editor support: node_modules links to the runner (types resolve)', fix: 'run `lab start <lab>` again to re-link it (your files are kept)' });
  return out;
}
