import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { entryFromAppCommand, readCdkJson } from './cdk-json';

describe('entryFromAppCommand', () => {
  it.each([
    ['npx ts-node --prefer-ts-exts bin/app.ts', 'bin/app.ts'],
    ['npx ts-node -P tsconfig.dev.json --prefer-ts-exts src/main.ts', 'src/main.ts'],
    ['npx tsx bin/infra.ts', 'bin/infra.ts'],
    ['node bin/app.js', 'bin/app.js'],
    ['npx ts-node --prefer-ts-exts "bin/app.ts"', 'bin/app.ts'],
    ['python3 app.py', undefined],
    ['mvn -e -q compile exec:java', undefined],
  ])('%s → %s', (command, entry) => {
    expect(entryFromAppCommand(command)).toBe(entry);
  });
});

describe('readCdkJson', () => {
  const dir = (files: Record<string, string>) => {
    const d = mkdtempSync(join(tmpdir(), 'ecs-lab-cdkjson-'));
    for (const [name, text] of Object.entries(files)) writeFileSync(join(d, name), text);
    return d;
  };

  it("gives the entry and cdk.json's context, overlaid by cdk.context.json", () => {
    const d = dir({
      'cdk.json': JSON.stringify({ app: 'npx ts-node --prefer-ts-exts bin/app.ts', context: { stage: 'dev', '@aws-cdk/core:flag': true } }),
      'cdk.context.json': JSON.stringify({ stage: 'cached' }),
    });
    expect(readCdkJson(d, 'app')).toEqual({ entry: 'bin/app.ts', context: { stage: 'cached', '@aws-cdk/core:flag': true } });
  });

  it('refuses an app command it cannot run, an entry outside the folder, and broken JSON', () => {
    expect(() => readCdkJson(dir({ 'cdk.json': '{"app": "python3 app.py"}' }), 'app')).toThrow(/not a TypeScript or JavaScript entry .* audit the cdk\.out/);
    expect(() => readCdkJson(dir({ 'cdk.json': '{"app": "npx ts-node ../other/app.ts"}' }), 'app')).toThrow(/outside the app folder/);
    expect(() => readCdkJson(dir({ 'cdk.json': '{"context": {}}' }), 'app')).toThrow(/has no "app" command/);
    expect(() => readCdkJson(dir({ 'cdk.json': '{app' }), 'app')).toThrow(/app\/cdk\.json is not valid JSON/);
  });
});
