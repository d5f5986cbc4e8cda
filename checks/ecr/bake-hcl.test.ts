import { describe, expect, it } from 'vitest';
import { parseHcl } from './bake-hcl';
import { bakeHclBuilds, bakeJsonBuilds, workflowBuilds } from './build-files';

const BAKE = `# Build the web image for both architectures.
variable "TAG" { default = "dev" }

target "base" {
  platforms = [
    "linux/amd64", // Intel Fargate
    "linux/arm64",
  ]
}

/* the image the service runs */
target "web" {
  inherits = ["base"]
  context  = "app"
  tags     = ["\${REGISTRY}/ecs-lab/web:\${TAG}"]
  args     = { NODE_VERSION = "24" }
  labels   = notequal("", TAG) ? {} : {}
}
`;

describe('parseHcl (bake files, read as untrusted input)', () => {
  it('reads blocks, labels, lists, objects and comments, keeping interpolations as text', () => {
    const blocks = parseHcl(BAKE, 'docker-bake.hcl');
    expect(blocks.map((b) => `${b.type} ${b.labels.join(' ')}@${b.line}`)).toEqual(['variable TAG@2', 'target base@4', 'target web@12']);
    expect(blocks[2].attributes.tags.value).toEqual(['${REGISTRY}/ecs-lab/web:${TAG}']);
    expect(blocks[2].attributes.args.value).toEqual({ NODE_VERSION: '24' });
  });

  it('follows inherits for platforms', () => {
    const web = bakeHclBuilds(BAKE, 'docker-bake.hcl').find((b) => b.line === 12)!;
    expect(web).toMatchObject({ where: 'docker-bake.hcl:12', platforms: ['linux/amd64', 'linux/arm64'], tags: ['${REGISTRY}/ecs-lab/web:${TAG}'] });
  });

  it('refuses bad input with one line at file:line', () => {
    expect(() => parseHcl('target "web" {\n  platforms = ["linux/arm64"\n', 'docker-bake.hcl')).toThrow(/^docker-bake\.hcl:3: expected "\]", found the end of the file$/);
    expect(() => parseHcl('target "web" {\n  tags = "unclosed\n}', 'docker-bake.hcl')).toThrow(/^docker-bake\.hcl:2: a string is never closed$/);
    expect(() => parseHcl('}\n', 'docker-bake.hcl')).toThrow(/^docker-bake\.hcl:1: a "}" closes no block$/);
    expect(() => parseHcl('a = <<EOT\nx\nEOT\n', 'f.hcl')).toThrow(/^f\.hcl:1: heredoc/);
    expect(() => parseHcl('['.repeat(100), 'f.hcl')).toThrow(/^f\.hcl:1: /);
  });
});

describe('bake JSON and workflow steps', () => {
  it('reads bake JSON targets, and names the line of a syntax error', () => {
    const json = '{\n  "target": {\n    "web": { "platforms": ["linux/arm64"], "tags": ["ecs-lab/web:v1"] }\n  }\n}';
    expect(bakeJsonBuilds(json, 'docker-bake.json')).toEqual([{ where: 'docker-bake.json:3', file: 'docker-bake.json', line: 3, platforms: ['linux/arm64'], tags: ['ecs-lab/web:v1'] }]);
    expect(() => bakeJsonBuilds('{\n  "target": ,\n}', 'docker-bake.json')).toThrow(/^docker-bake\.json:2: expected a value/);
  });

  it('reads build-push-action, bake-action set and docker buildx build --platform', () => {
    const wf = [
      'on: push',
      'jobs:',
      '  image:',
      '    runs-on: ubuntu-latest',
      '    steps:',
      '      - uses: docker/build-push-action@v6',
      '        with:',
      '          platforms: linux/amd64,linux/arm64',
      '          tags: 123456789012.dkr.ecr.us-east-1.amazonaws.com/ecs-lab/web:${{ github.sha }}',
      '      - uses: docker/bake-action@v6',
      '        with:',
      '          set: |',
      '            *.platform=linux/arm64',
      '      - run: docker buildx build --platform=linux/amd64 -t ecs-lab/api:1 .',
    ].join('\n');
    expect(workflowBuilds(wf, '.github/workflows/image.yml').map((b) => [b.where, b.platforms, b.tags])).toEqual([
      ['.github/workflows/image.yml:6', ['linux/amd64', 'linux/arm64'], ['123456789012.dkr.ecr.us-east-1.amazonaws.com/ecs-lab/web:${{ github.sha }}']],
      ['.github/workflows/image.yml:10', ['linux/arm64'], []],
      ['.github/workflows/image.yml:14', ['linux/amd64'], ['ecs-lab/api:1']],
    ]);
    expect(() => workflowBuilds('jobs:\n  a: [\n', 'w.yml')).toThrow(/^w\.yml:\d+: not valid YAML/);
  });
});
