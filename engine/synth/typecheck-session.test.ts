import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { lineAndColumn, TypeCheckSession } from './typecheck-session';

describe('lineAndColumn', () => {
  it('counts from 1', () => {
    expect(lineAndColumn('ab\ncd', 0)).toEqual({ line: 1, column: 1 });
    expect(lineAndColumn('ab\ncd', 4)).toEqual({ line: 2, column: 2 });
  });
});

describe('TypeCheckSession (watch mode)', () => {
  let session: TypeCheckSession | undefined;
  afterEach(() => session?.close());

  it('follows edits, new files and deleted files across checks of one compiler', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ecs-lab-tcs-'));
    const entry = join(dir, 'stack.ts');
    writeFileSync(entry, "import { Duration } from 'aws-cdk-lib';\nexport const d = Duration.seconds(3);\n");
    session = new TypeCheckSession();
    expect(await session.diagnostics(dir, entry)).toEqual([]);

    writeFileSync(entry, "import { Duration } from 'aws-cdk-lib';\nexport const d: string = Duration.seconds(3);\n");
    expect((await session.diagnostics(dir, entry)).map((d) => [d.file, d.line, d.column, d.code, d.kind])).toEqual([['stack.ts', 2, 14, 2322, 'type']]);

    // A new file the entry imports, with an error of its own.
    writeFileSync(join(dir, 'names.ts'), 'export const NAME: number = "web";\n');
    writeFileSync(entry, "import { NAME } from './names';\nexport const n = NAME;\n");
    expect((await session.diagnostics(dir, entry)).map((d) => [d.file, d.code])).toEqual([['names.ts', 2322]]);

    // The file goes away: the import no longer resolves.
    rmSync(join(dir, 'names.ts'));
    expect((await session.diagnostics(dir, entry)).map((d) => [d.file, d.code])).toEqual([['stack.ts', 2307]]);

    writeFileSync(entry, 'export const a = (;\n');
    expect((await session.diagnostics(dir, entry))[0]).toMatchObject({ file: 'stack.ts', line: 1, kind: 'syntax' });
  }, 60_000);
});
