// For end-to-end tests: run the real `lab` binary in a folder, as a learner or CI would.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../paths';

export const LAB_BIN = join(PACKAGE_ROOT, 'bin', 'lab.mjs');

export interface LabRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runLab(args: string[], opts: { cwd: string; input?: string; env?: Record<string, string>; timeoutMs?: number }): Promise<LabRun> {
  return new Promise((resolve, reject) => {
    const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', ...opts.env };
    delete env.FORCE_COLOR;
    const child = spawn(process.execPath, [LAB_BIN, ...args], { cwd: opts.cwd, env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 90_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(opts.input ?? '');
  });
}

/** A digest of the learner's files under `dir` (not .lab/ or node_modules), to prove a command left them untouched. */
export function treeDigest(dir: string): string {
  const hash = createHash('sha256');
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (name === '.lab' || name === 'node_modules') continue; // .lab/ is the runner's, not the learner's
      const st = statSync(p);
      if (st.isDirectory()) walk(p);
      else hash.update(p).update(readFileSync(p));
    }
  };
  walk(dir);
  return hash.digest('hex');
}
