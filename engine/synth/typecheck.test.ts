import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LabError } from '../errors';
import { codeFrame, parseCompilerOutput, TypeChecker, typeErrorOf } from './typecheck';

describe('parseCompilerOutput', () => {
  const ws = '/home/me/ecs-labs/iam-roles';
  const cwd = '/tmp/ecs-lab-tsc-x';

  it('reads file(line,col): error TSn: message, joins a message chain, keeps only the workspace', () => {
    const out = [
      `${ws}/stack.ts(12,7): error TS2322: Type 'string' is not assignable to type 'number'.`,
      `${ws}/lib/roles.ts(3,1): error TS2345: Argument of type '{ a: 1; }' is not assignable to parameter of type 'Props'.`,
      `  Object literal may only specify known properties.`,
      `../../work/node_modules/aws-cdk-lib/index.d.ts(1,1): error TS2300: Duplicate identifier 'x'.`,
      `${ws}-old/stack.ts(1,1): error TS2304: Cannot find name 'y'.`,
      `${ws}/node_modules/fake/index.d.ts(1,1): error TS2304: Cannot find name 'z'.`,
    ].join('\n');
    expect(parseCompilerOutput(out, cwd, ws)).toEqual([
      { file: 'stack.ts', line: 12, column: 7, code: 2322, kind: 'type', message: "Type 'string' is not assignable to type 'number'." },
      { file: 'lib/roles.ts', line: 3, column: 1, code: 2345, kind: 'type', message: "Argument of type '{ a: 1; }' is not assignable to parameter of type 'Props'. Object literal may only specify known properties." },
    ]);
  });

  it('resolves paths relative to the compiler folder, and a file with a syntax error reports only those', () => {
    const out = [`../..${ws}/stack.ts(4,10): error TS2304: Cannot find name 'q'.`, `../..${ws}/stack.ts(9,1): error TS1005: ';' expected.`, `../..${ws}/other.ts(2,2): error TS2304: Cannot find name 'r'.`].join('\n');
    expect(parseCompilerOutput(out, '/tmp/x', ws).map((d) => [d.file, d.code, d.kind])).toEqual([
      ['stack.ts', 1005, 'syntax'],
      ['other.ts', 2304, 'type'],
    ]);
  });
});

describe('codeFrame', () => {
  it('shows the line and a caret under the column, tabs widened', () => {
    expect(codeFrame('a\n\tconst x: number = "s";\n', 2, 8)).toEqual(['2 | ' + '  const x: number = "s";', '  | ' + ' '.repeat(8) + '^']);
    expect(codeFrame('one line', 5, 1)).toEqual([]);
  });
});

describe('TypeChecker (TypeScript 7, native)', () => {
  function ws(files: Record<string, string>): string {
    const dir = mkdtempSync(join(tmpdir(), 'ecs-lab-tc-'));
    for (const [f, text] of Object.entries(files)) writeFileSync(join(dir, f), text);
    return dir;
  }

  it('finds a type error against aws-cdk-lib, and ignores a tsconfig.json the workspace wrote', async () => {
    const dir = ws({
      'stack.ts': "import { Duration } from 'aws-cdk-lib';\nexport const d: string = Duration.seconds(3);\n",
      // A workspace cannot turn the check off: the runner's own project file is used.
      'tsconfig.json': JSON.stringify({ compilerOptions: { strict: false, noCheck: true }, files: [] }),
    });
    const diags = await new TypeChecker().diagnostics(dir, join(dir, 'stack.ts'));
    expect(diags.map((d) => [d.file, d.line, d.code])).toEqual([['stack.ts', 2, 2322]]);
    const thrown = (() => {
      try {
        typeErrorOf(dir, diags);
      } catch (e) {
        return e as LabError;
      }
    })();
    expect(thrown?.code).toBe('E_TYPE');
    expect(thrown?.details[0]).toBe("2 | export const d: string = Duration.seconds(3);");
  }, 60_000);

  it('passes a clean stack and names a syntax error as such', async () => {
    const dir = ws({ 'stack.ts': "import * as ecs from 'aws-cdk-lib/aws-ecs';\nexport const c = ecs.Compatibility.FARGATE;\n" });
    expect(await new TypeChecker().diagnostics(dir, join(dir, 'stack.ts'))).toEqual([]);
    writeFileSync(join(dir, 'stack.ts'), 'export const a = (;\n');
    const diags = await new TypeChecker().diagnostics(dir, join(dir, 'stack.ts'));
    expect(diags[0]).toMatchObject({ file: 'stack.ts', line: 1, kind: 'syntax' });
  }, 60_000);

  it('stops a check that runs past its time limit', async () => {
    const dir = ws({ 'stack.ts': "import { App } from 'aws-cdk-lib';\nexport const a = new App();\n" });
    await expect(new TypeChecker({ timeoutMs: 1, memoryMb: 512 }).diagnostics(dir, join(dir, 'stack.ts'))).rejects.toMatchObject({ code: 'E_TIMEOUT' });
  }, 60_000);
});
