import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCachedDiagnostics, typecheckKey, writeCachedDiagnostics } from './typecheck-cache';
import { TypeChecker } from './typecheck';

function workspace(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ecs-lab-tccache-'));
  mkdirSync(join(dir, 'app'));
  writeFileSync(join(dir, 'stack.ts'), 'export const a: number = 1;\n');
  writeFileSync(join(dir, 'app', 'Dockerfile'), 'FROM node:22-slim\n');
  return dir;
}

describe('type-check cache', () => {
  it('keys on the TypeScript files only', () => {
    const dir = workspace();
    const entry = join(dir, 'stack.ts');
    const k1 = typecheckKey(dir, entry);
    writeFileSync(join(dir, 'app', 'Dockerfile'), 'FROM node:24-slim\n');
    writeFileSync(join(dir, 'answers.md'), 'x');
    expect(typecheckKey(dir, entry)).toBe(k1);
    writeFileSync(join(dir, 'lib.ts'), 'export type T = string;\n'); // type-only files count too
    const k2 = typecheckKey(dir, entry);
    expect(k2).not.toBe(k1);
    writeFileSync(join(dir, 'stack.ts'), 'export const a: number = 2;\n');
    expect(typecheckKey(dir, entry)).not.toBe(k2);
  });

  it('reuses a result only for the same key', () => {
    const dir = workspace();
    const diag = { file: 'stack.ts', line: 1, column: 1, message: 'm', code: 2322, kind: 'type' as const };
    writeCachedDiagnostics(dir, 'k1', [diag]);
    expect(readCachedDiagnostics(dir, 'k1')).toEqual([diag]);
    expect(readCachedDiagnostics(dir, 'k2')).toBeUndefined();
  });

  it('assertClean answers from the cache when nothing changed, and checks again after an edit', async () => {
    const dir = workspace();
    const entry = join(dir, 'stack.ts');
    const checker = new TypeChecker();
    let compiled = 0;
    const real = checker.diagnostics.bind(checker);
    checker.diagnostics = (d, e) => {
      compiled++;
      return real(d, e);
    };
    await checker.assertClean(dir, entry);
    await checker.assertClean(dir, entry);
    expect(compiled).toBe(1);
    writeFileSync(entry, 'export const a: number = "no";\n');
    await expect(checker.assertClean(dir, entry)).rejects.toThrow(/TS2322/);
    await expect(checker.assertClean(dir, entry)).rejects.toThrow(/TS2322/); // the cached error, same message
    expect(compiled).toBe(2);
  }, 60_000);
});
