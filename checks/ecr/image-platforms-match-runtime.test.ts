import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { messages, repoTemplate, run } from './fixtures';
import { imagePlatformsMatchRuntime } from './image-platforms-match-runtime';

/** A workspace folder holding the given files. */
function workspace(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'ecr-platforms-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

const bake = (platforms: string) => `target "web" {\n  platforms = [${platforms}]\n  tags = ["\${REGISTRY}/ecs-lab/web:v1.4.2"]\n}\n`;

/** An assembly folder with one image asset, published under the tag `abc123`. */
function assembly(platform?: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'ecr-assembly-'));
  const source = { directory: 'asset.abc123', ...(platform ? { platform } : {}) };
  writeFileSync(join(dir, 'Test.assets.json'), JSON.stringify({ version: '1', dockerImages: { abc123: { source, destinations: { d: { repositoryName: 'cdk-assets', imageTag: 'abc123' } } } } }));
  return dir;
}
const assetImage = '123456789012.dkr.ecr.us-east-1.amazonaws.com/cdk-assets:abc123';

describe('ecr.image-platforms-match-runtime', () => {
  it('Compliance 1: an ARM64 service whose repository image the bake file builds for arm64 (and amd64)', async () => {
    const ws = workspace({ 'docker-bake.hcl': bake('"linux/amd64", "linux/arm64"') });
    expect((await run(imagePlatformsMatchRuntime, repoTemplate({ arch: 'ARM64' }), {}, { workspaceDir: ws })).status).toBe('pass');
  });

  it('Compliance 2: an image asset built for the platform the task runs on', async () => {
    expect((await run(imagePlatformsMatchRuntime, repoTemplate({ arch: 'ARM64', image: assetImage }), {}, { assemblyDir: assembly('linux/arm64') })).status).toBe('pass');
  });

  it('Noncompliance 1: an ARM64 service, the bake target builds amd64 only', async () => {
    const ws = workspace({ 'docker-bake.hcl': bake('"linux/amd64"') });
    const r = await run(imagePlatformsMatchRuntime, repoTemplate({ arch: 'ARM64' }), {}, { workspaceDir: ws });
    expect(messages(r)).toEqual(['container web of TaskDef runs on ARM64, but docker-bake.hcl:1 builds only linux/amd64']);
  });

  it('Noncompliance 2: no build in the workspace at all; a workflow step counts as one', async () => {
    expect(messages(await run(imagePlatformsMatchRuntime, repoTemplate({ arch: 'ARM64' }), {}, { workspaceDir: workspace({}) }))).toEqual([expect.stringMatching(/no docker buildx bake file or workflow step/)]);
    const wf = 'jobs:\n  b:\n    steps:\n      - run: docker buildx build --platform linux/arm64 -t ecs-lab/web:v2 .\n';
    expect((await run(imagePlatformsMatchRuntime, repoTemplate({ arch: 'ARM64' }), {}, { workspaceDir: workspace({ '.github/workflows/image.yml': wf }) })).status).toBe('pass');
  });

  it('Noncompliance 3: an asset built for arm64 on a task that names no architecture (X86_64), and one with no platform', async () => {
    const r = await run(imagePlatformsMatchRuntime, repoTemplate({ image: assetImage }), {}, { assemblyDir: assembly('linux/arm64') });
    expect(messages(r)).toEqual(['container web: its image asset is built for linux/arm64, but TaskDef runs on X86_64 (the default: it names no cpuArchitecture)']);
    const none = await run(imagePlatformsMatchRuntime, repoTemplate({ arch: 'ARM64', image: assetImage }), {}, { assemblyDir: assembly() });
    expect(messages(none)).toEqual([expect.stringMatching(/built with no platform/)]);
  });

  it('a bake file that is a symlink (perhaps out of the workspace) is not read', async () => {
    const outside = workspace({ 'docker-bake.hcl': bake('"linux/arm64"') });
    const ws = workspace({});
    symlinkSync(join(outside, 'docker-bake.hcl'), join(ws, 'docker-bake.hcl'));
    expect(messages(await run(imagePlatformsMatchRuntime, repoTemplate({ arch: 'ARM64' }), {}, { workspaceDir: ws }))).toEqual([expect.stringMatching(/no docker buildx bake file or workflow step/)]);
  });

  it('a bad bake file is an error naming file:line; a registry image or no workspace is a skip', async () => {
    const ws = workspace({ 'docker-bake.hcl': 'target "web" {\n  platforms = [\n' });
    const r = await run(imagePlatformsMatchRuntime, repoTemplate({ arch: 'ARM64' }), {}, { workspaceDir: ws });
    expect(r.status).toBe('error');
    expect(messages(r)[0]).toMatch(/docker-bake\.hcl:3: /);
    expect((await run(imagePlatformsMatchRuntime, repoTemplate({ image: 'nginx:1.27' }))).status).toBe('skip');
    expect((await run(imagePlatformsMatchRuntime, repoTemplate({ arch: 'ARM64' }))).status).toBe('skip');
  });
});
