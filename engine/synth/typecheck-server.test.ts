import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TypeCheckServer } from './typecheck-server';

const root = mkdtempSync(join(tmpdir(), 'ecs-lab-tcserver-'));
const server = new TypeCheckServer();
afterAll(() => {
  server.close();
  rmSync(root, { recursive: true, force: true });
});

function submission(name: string, code: string): { dir: string; entry: string } {
  const dir = join(root, name);
  const entry = join(dir, 'stack.ts');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir);
  writeFileSync(entry, code);
  return { dir, entry };
}

describe('TypeCheckServer (lab grade: one compiler, a project per submission)', () => {
  it('finds each submission\'s own errors, and only its own', async () => {
    const clean = submission('clean', "import { Duration } from 'aws-cdk-lib';\nexport const d = Duration.seconds(3);\n");
    const wrong = submission('wrong', "import { Duration } from 'aws-cdk-lib';\nexport const d: string = Duration.seconds(3);\n");
    const broken = submission('broken', 'export const a = (;\n');
    const [a, b, c] = await Promise.all([clean, wrong, broken].map((s) => server.diagnostics(s.dir, s.entry)));
    expect(a).toEqual([]);
    expect(b.map((d) => [d.file, d.line, d.column, d.code, d.kind])).toEqual([['stack.ts', 2, 14, 2322, 'type']]);
    expect(c[0]).toMatchObject({ file: 'stack.ts', line: 1, kind: 'syntax' });
  }, 60_000);

  it('keeps what one learner declares out of another learner\'s check (a program each)', async () => {
    // In one shared program, this augmentation would make `Duration.bogus()` type-check in the
    // other submission, and this global would clash with the other's declaration of the same name.
    const augments = submission(
      'augments',
      "import { Duration } from 'aws-cdk-lib';\ndeclare module 'aws-cdk-lib' { namespace Duration { function bogus(): Duration; } }\ndeclare global { var SHARED: number; }\nexport const d = Duration.seconds(1);\n",
    );
    const relies = submission('relies', "import { Duration } from 'aws-cdk-lib';\nexport const d = (Duration as any).seconds(1);\nexport const e = Duration.bogus();\ndeclare global { var SHARED: string; }\n");
    expect(await server.diagnostics(augments.dir, augments.entry)).toEqual([]);
    const diags = await server.diagnostics(relies.dir, relies.entry);
    expect(diags.map((d) => [d.line, d.code])).toEqual([[3, 2339]]);
  }, 60_000);

  it('checks a submission again after it changed', async () => {
    const s = submission('again', 'export const n: number = 1;\n');
    expect(await server.diagnostics(s.dir, s.entry)).toEqual([]);
    writeFileSync(s.entry, 'export const n: number = "one";\n');
    expect((await server.diagnostics(s.dir, s.entry)).map((d) => d.code)).toEqual([2322]);
  }, 60_000);
});
