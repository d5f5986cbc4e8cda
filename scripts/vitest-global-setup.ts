import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default function setup(): () => void {
  // vitest runs the global setup once per project (unit, isolated): only the first builds and
  // makes the run's temp folder. Nesting them would also make paths too long for Chromium's socket.
  if (process.env.ECS_LAB_TEST_RUN_DIR) return () => undefined;
  // End-to-end tests run the real `lab` binary, so dist/ is built once before any test.
  execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
  // Every temp folder of this run (workspaces, the graders' scratch folders) goes into one folder
  // of its own, removed at the end: two runs on one machine never delete each other's folders.
  const runTmp = mkdtempSync(join(tmpdir(), 'ecs-lab-test-run-'));
  process.env.TMPDIR = runTmp;
  process.env.ECS_LAB_TEST_RUN_DIR = runTmp;
  return () => rmSync(runTmp, { recursive: true, force: true });
}
