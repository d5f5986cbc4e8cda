import { execFileSync } from 'node:child_process';
import { readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default function setup(): () => void {
  // End-to-end tests run the real `lab` binary, so dist/ is built once before any test.
  execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
  const started = Date.now() - 1000;
  // Tests lay out workspaces in temp folders named ecs-lab-*; remove the ones this run made.
  return () => {
    for (const name of readdirSync(tmpdir())) {
      if (!name.startsWith('ecs-lab-')) continue;
      const dir = join(tmpdir(), name);
      try {
        if (statSync(dir).birthtimeMs >= started) rmSync(dir, { recursive: true, force: true });
      } catch {
        // already gone, or not ours to remove
      }
    }
  };
}
