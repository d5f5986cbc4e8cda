import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { calls, expandRun } from './scripts';

const ws = mkdtempSync(join(tmpdir(), 'ecs-lab-wf-scripts-'));
const outside = mkdtempSync(join(tmpdir(), 'ecs-lab-wf-outside-'));
afterAll(() => {
  rmSync(ws, { recursive: true, force: true });
  rmSync(outside, { recursive: true, force: true });
});
mkdirSync(join(ws, 'scripts'));
writeFileSync(join(ws, 'package.json'), JSON.stringify({ scripts: { deploy: './scripts/deploy.sh --all', verify: 'npm run unit', unit: 'vitest run', loop: 'npm run loop' } }));
writeFileSync(join(ws, 'scripts', 'deploy.sh'), '#!/bin/sh\nset -e\nnpx cdk deploy --require-approval never "$@"\n');
writeFileSync(join(outside, 'evil.sh'), 'npx cdk deploy\n');
symlinkSync(join(outside, 'evil.sh'), join(ws, 'linked.sh'));

describe('what a run step calls', () => {
  it('names package scripts and shell scripts, word by word', () => {
    expect(calls('npm ci && npm run deploy -- --verbose; pnpm verify; yarn run lint; bun run x; bash scripts/a.sh && ./b.sh')).toEqual({
      npm: ['deploy', 'verify', 'lint', 'x'],
      shell: ['scripts/a.sh', './b.sh'],
    });
    expect(calls('npm install; pnpm install; yarn add left-pad; npm test').npm).toEqual([]);
  });

  it('adds the text of the scripts a step calls, through wrappers, to the step\'s own', () => {
    const out = expandRun('npm run deploy', ws);
    expect(out.split('\n')[0]).toBe('npm run deploy');
    expect(out).toContain('./scripts/deploy.sh --all');
    expect(out).toContain('npx cdk deploy --require-approval never');
    expect(expandRun('npm run verify', ws)).toContain('vitest run');
  });

  it('follows nothing outside the workspace, no link, no loop, and nothing without a workspace', () => {
    expect(expandRun('./linked.sh', ws)).toBe('./linked.sh');
    expect(expandRun('bash ../../etc/passwd.sh', ws)).toBe('bash ../../etc/passwd.sh');
    expect(expandRun('npm run loop', ws)).toBe('npm run loop\nnpm run loop');
    expect(expandRun('npm run deploy', undefined)).toBe('npm run deploy');
    expect(expandRun('npm run missing', ws)).toBe('npm run missing');
  });

  it('reads a long hostile command in one pass', () => {
    const long = `pnpm${' '.repeat(200_000)}x`;
    expect(calls(long).npm).toEqual(['x']);
  });
});
