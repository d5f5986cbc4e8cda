import { describe, expect, it } from 'vitest';
import { checkStack } from '../../engine/testing/offline-context';
import { dockerignore, unexcluded } from './dockerignore';
import { goodApp, imageStack } from './test-stack';

const check = (files: Record<string, string>) => checkStack(dockerignore, imageStack(goodApp(files)));
const messages = async (files: Record<string, string>) => (await check(files)).findings.map((f) => f.message);
// What a developer's app folder typically holds besides the code.
const clutter = {
  '.env': 'API_KEY=pretend-this-is-real\n',
  '.env.production': 'API_KEY=pretend-this-is-real\n',
  'node_modules/left-pad/index.js': 'module.exports = 1;\n',
};

describe('docker.dockerignore', () => {
  it('Compliance 1: .env files and node_modules exist but are ignored, so nothing is staged', async () => {
    expect((await check(clutter)).status).toBe('pass');
  });

  it('Compliance 2: an allow-list .dockerignore (ignore everything, re-include the app)', async () => {
    expect((await check({ ...clutter, '.dockerignore': '*\n!package.json\n!src\n' })).status).toBe('pass');
  });

  it('Compliance 3: .env.example is allowed back in; patterns in another style', async () => {
    const r = await check({ ...clutter, '.env.example': 'API_KEY=\n', '.dockerignore': '# keep secrets out\n/.git/\n**/node_modules\n.env*\n!.env.example\n' });
    expect(r.status).toBe('pass');
  });

  it('Noncompliance 1: .env is staged and no rule excludes .env files', async () => {
    const r = await check({ ...clutter, '.dockerignore': '.git\nnode_modules\n' });
    expect(r.status).toBe('fail');
    expect(r.findings.map((f) => f.message)).toEqual([
      'container web of Task: the build context staged from app/ contains .env, .env.production, which a COPY . . puts into the image',
      'container web of Task: app/.dockerignore does not exclude .env, .env.*',
    ]);
    expect(r.findings[0].constructPath).toBe('Test/Task/Resource');
  });

  it('Noncompliance 2: no .dockerignore at all', async () => {
    const files = goodApp(clutter);
    delete files['.dockerignore'];
    const r = await checkStack(dockerignore, imageStack(files));
    expect(r.findings.map((f) => f.message)).toEqual([
      expect.stringMatching(/staged from app\/ contains \.env, \.env\.production, node_modules\//),
      expect.stringMatching(/app\/ has no \.dockerignore/),
    ]);
  });

  it('Noncompliance 3: nothing leaks today, but there is no rule for .git', async () => {
    expect(await messages({ '.dockerignore': 'node_modules\n.env\n.env.*\n' })).toEqual([expect.stringMatching(/app\/\.dockerignore does not exclude \.git$/)]);
  });

  it('Noncompliance 4: a root-only node_modules rule lets a nested one through', async () => {
    expect(await messages({ 'src/node_modules/x/index.js': 'x\n' })).toEqual([expect.stringMatching(/contains src\/node_modules\//)]);
  });

  it('Noncompliance 5: .env is excluded, .env.* is not', async () => {
    expect(await messages({ '.env.local': 'X=1\n', '.dockerignore': '.git\nnode_modules\n.env\n' })).toEqual([
      expect.stringMatching(/contains \.env\.local/),
      expect.stringMatching(/does not exclude \.env\.\*$/),
    ]);
  });

  it('evaluates patterns with Docker semantics', () => {
    expect(unexcluded('/ctx', ['.git', 'node_modules', '.env', '.env.*'])).toEqual([]);
    expect(unexcluded('/ctx', ['#.git', 'node_modules/', '*.env'])).toEqual(['.git', '.env.*']);
    expect(unexcluded('/ctx', ['*', '!.env.local'])).toEqual(['.env.*']);
  });
});
