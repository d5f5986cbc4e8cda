import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { LabError } from '../errors';
import { detectInput } from './detect';

let root: string;
const write = (rel: string, text = '') => {
  const p = join(root, rel);
  mkdirSync(join(p, '..'), { recursive: true });
  writeFileSync(p, text);
};

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'ecs-lab-detect-'));
  write('app/cdk.json', JSON.stringify({ app: 'npx ts-node --prefer-ts-exts bin/app.ts', context: { stage: 'dev' } }));
  write('app/bin/app.ts', 'export {}');
  write('app/cdk.out/manifest.json', '{"version":"1"}');
  write('broken-app/cdk.json', JSON.stringify({ app: 'npx ts-node bin/missing.ts' }));
  write('synth-only/cdk.out/manifest.json', '{"version":"1"}');
  write('out/manifest.json', '{"version":"1"}');
  write('empty/readme.md', 'hello');
  write('template.yaml', 'Resources: {}');
});

describe('detectInput', () => {
  it('a folder with cdk.json is a CDK app: its entry and context come from cdk.json', () => {
    expect(detectInput('app', root)).toEqual({ kind: 'cdk-app', root: join(root, 'app'), entry: 'bin/app.ts', context: { stage: 'dev' } });
  });

  it('an entry file is synthesized from its app folder (the nearest cdk.json above it)', () => {
    expect(detectInput('app/bin/app.ts', root)).toEqual({ kind: 'entry', root: join(root, 'app'), entry: 'bin/app.ts', context: { stage: 'dev' } });
  });

  it("an entry without a cdk.json above it is synthesized from its own folder, even inside a package", () => {
    write('pkg/package.json', '{}');
    write('pkg/src/stack.ts', 'export {}');
    expect(detectInput('pkg/src/stack.ts', root)).toEqual({ kind: 'entry', root: join(root, 'pkg', 'src'), entry: 'stack.ts', context: {} });
  });

  it('a cdk.out folder, or a folder holding only one, is read as an assembly', () => {
    expect(detectInput('out', root)).toEqual({ kind: 'cdk-out', root: join(root, 'out'), dir: join(root, 'out') });
    expect(detectInput('synth-only', root)).toEqual({ kind: 'cdk-out', root: join(root, 'synth-only'), dir: join(root, 'synth-only', 'cdk.out') });
  });

  it('any other file is a template (its content is judged when read)', () => {
    expect(detectInput('template.yaml', root)).toEqual({ kind: 'template', root, file: join(root, 'template.yaml') });
  });

  it('refuses a path that does not exist, a folder that is not an app, and a cdk.json whose entry is missing', () => {
    for (const [path, message] of [
      ['nope', /nope does not exist/],
      ['empty', /empty is not a CDK app, a cdk\.out folder or a template/],
      ['broken-app', /runs bin\/missing\.ts, which is not in the folder/],
    ] as const) {
      expect(() => detectInput(path, root)).toThrow(LabError);
      expect(() => detectInput(path, root)).toThrow(message);
    }
  });
});
