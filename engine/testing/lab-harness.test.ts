import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TypeChecker } from '../synth/typecheck';
import { precheckWorkspaces } from './lab-harness';

describe('precheckWorkspaces (one compiler run for many workspaces)', () => {
  it('gives each workspace its own errors and caches them, so its check compiles nothing', async () => {
    const mk = (text: string) => {
      const dir = mkdtempSync(join(tmpdir(), 'ecs-lab-pre-'));
      writeFileSync(join(dir, 'stack.ts'), text);
      return { workspaceDir: dir, entryFile: join(dir, 'stack.ts') };
    };
    const clean = mk("import { Duration } from 'aws-cdk-lib';\nexport const d = Duration.seconds(3);\n");
    const broken = mk("import { Duration } from 'aws-cdk-lib';\nexport const d: string = Duration.seconds(3);\n");
    // The same names in both: each file is a module, so nothing collides across workspaces.
    await precheckWorkspaces([clean, broken]);
    const checker = new TypeChecker();
    checker.diagnostics = () => {
      throw new Error('compiled again');
    };
    expect(await checker.check(clean.workspaceDir, clean.entryFile)).toEqual([]);
    expect((await checker.check(broken.workspaceDir, broken.entryFile)).map((d) => [d.file, d.line, d.code])).toEqual([['stack.ts', 2, 2322]]);
  }, 60_000);
});
