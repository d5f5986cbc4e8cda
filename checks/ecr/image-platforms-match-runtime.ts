import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { StackModel } from '../../engine/model/model';
import { readUntrustedJson } from '../../engine/synth/assembly';
import { defineCheck, type Finding } from '../../engine/types';
import { imageTagOf, runTaskDefinitions } from '../docker/image-assets';
import { workspaceBuilds, type ImageBuild } from './build-files';
import { REPOSITORY, repositoryName, repositoryUri } from './repositories';

// RuntimePlatform.CpuArchitecture → the Docker platform an image must be built for. Fargate and
// the EC2 launch type run X86_64 when the task definition names no architecture.
const DOCKER_PLATFORM: Record<string, string> = { X86_64: 'linux/amd64', ARM64: 'linux/arm64' };
const DEFAULT_ARCHITECTURE = 'X86_64';

const ASSET_HINT = 'Pass the platform the task runs on to the image asset: ecs.ContainerImage.fromAsset(dir, { platform: Platform.LINUX_ARM64 }) for ARM64.';
const BUILD_HINT = 'Build every platform the service runs on: platforms = ["linux/amd64", "linux/arm64"] in the bake target (or the workflow step) that pushes the image.';

/**
 * Every image the stack runs is built for the CPU architecture its task definition runs on
 * (`runtimePlatform.cpuArchitecture`): an image asset names that platform, and an image from one
 * of the stack's ECR repositories is pushed by a build in the workspace (a docker buildx bake
 * file or a workflow step) whose platforms include it. An image of the wrong architecture fails
 * at start with `exec format error`, and a build without a platform builds for whatever machine
 * happens to run it.
 */
export const imagePlatformsMatchRuntime = defineCheck({
  id: 'ecr.image-platforms-match-runtime',
  title: 'Images are built for the CPU architecture the tasks run on',
  // A wrong architecture fails loudly at task start (and a circuit breaker rolls it back): medium.
  severity: 'medium',
  why:
    'A container image is built for one CPU architecture (or, as a multi-platform image, several). A task on Graviton ' +
    '(ARM64) that pulls an amd64-only image stops at once with "exec format error", and a build that names no platform ' +
    'produces whatever the laptop or CI runner it ran on is. Build the platforms the service runs on, explicitly.',
  refs: {
    wellArchitected: ['SUS05-BP02 Use instance types with the least impact', 'COST06-BP03 Select resource type, size, and number automatically based on metrics'],
    docs: [
      'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs-arm64.html',
      'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_definition_parameters.html#runtime-platform',
      'https://docs.docker.com/build/building/multi-platform/',
    ],
  },
  offline({ model, assemblyDir, workspaceDir }) {
    const assets = assemblyDir ? assetPlatforms(assemblyDir) : new Map<string, string | undefined>();
    const repos = model.ofType(REPOSITORY).map((r) => ({ id: r.logicalId, uri: repositoryUri(model, r.logicalId), name: repositoryName(model, r.logicalId) }));
    let builds: ImageBuild[] | undefined;
    const findings: Finding[] = [];
    const unknown: string[] = [];
    let judged = 0;
    for (const td of runTaskDefinitions(model)) {
      const arch = String(td.props.RuntimePlatform?.CpuArchitecture ?? DEFAULT_ARCHITECTURE).toUpperCase();
      const want = DOCKER_PLATFORM[arch];
      if (!want) {
        unknown.push(`${model.describe(td.logicalId)} runs on ${arch}, an architecture this check does not know`);
        continue;
      }
      const runsOn = `${model.describe(td.logicalId)} runs on ${arch}${td.props.RuntimePlatform?.CpuArchitecture ? '' : ' (the default: it names no cpuArchitecture)'}`;
      for (const def of (td.props.ContainerDefinitions ?? []) as Record<string, any>[]) {
        const image = typeof def.Image === 'string' ? def.Image : '';
        const who = `container ${def.Name ?? '?'}`;
        const tag = imageTagOf(image);
        if (tag && assets.has(tag)) {
          judged++;
          const platform = assets.get(tag);
          if (platform !== want) {
            const built = platform ? `is built for ${platform}` : 'is built with no platform, so for whatever machine runs the deploy';
            findings.push(model.finding(td.logicalId, `${who}: its image asset ${built}, but ${runsOn}`, ASSET_HINT));
          }
          continue;
        }
        const repo = repos.find((r) => image.startsWith(`${r.uri}:`) || image.startsWith(`${r.uri}@`));
        if (!repo) continue;
        if (!workspaceDir) {
          unknown.push(`${who} runs an image from ${model.describe(repo.id)}, and without the workspace the builds that push it cannot be read`);
          continue;
        }
        judged++;
        builds ??= workspaceBuilds(workspaceDir);
        const finding = repositoryBuildFinding(builds, repo.name, want, `${who} of ${runsOn}`);
        if (finding) findings.push(model.finding(td.logicalId, finding, BUILD_HINT));
      }
    }
    if (findings.length) return { status: 'fail', findings };
    if (unknown.length) return { status: 'skip', reason: unknown.join('; ') };
    if (judged === 0) return { status: 'skip', reason: 'no container the stack runs is built from an image asset or pulled from one of its ECR repositories' };
    return { status: 'pass' };
  },
});

/** What is wrong with the builds that push to a repository, for a task of one platform. */
export function repositoryBuildFinding(builds: ImageBuild[], repoName: string, want: string, subject: string): string | undefined {
  if (builds.length === 0) return `${subject}, and no docker buildx bake file or workflow step in the workspace builds its image`;
  // Builds that name the repository in a tag push to it; when none names it, every build may.
  const named = builds.filter((b) => b.tags.some((t) => pushesTo(t, repoName)));
  const relevant = named.length ? named : builds;
  const platforms = [...new Set(relevant.flatMap((b) => b.platforms))];
  if (platforms.includes(want)) return undefined;
  const where = relevant.map((b) => b.where).join(', ');
  const built = platforms.length ? `builds only ${platforms.join(', ')}` : 'names no platform, so it builds for whatever machine runs it';
  return `${subject}, but ${where} ${built}`;
}

/** Does an image reference (`…/ecs-lab/web:v1`, `${REGISTRY}/ecs-lab/web:${TAG}`) push to the repository? */
function pushesTo(ref: string, repoName: string): boolean {
  const noTag = ref.replace(/[:@][^/]*$/, '');
  return noTag === repoName || noTag.endsWith(`/${repoName}`);
}

/** The platform of every Docker image asset of the assembly, by the image tag it is published under. */
export function assetPlatforms(assemblyDir: string): Map<string, string | undefined> {
  const out = new Map<string, string | undefined>();
  for (const file of readdirSync(assemblyDir).filter((f) => f.endsWith('.assets.json'))) {
    const manifest = readUntrustedJson(assemblyDir, join(assemblyDir, file)) as { dockerImages?: Record<string, { source?: { platform?: unknown }; destinations?: Record<string, { imageTag?: string }> }> };
    for (const [hash, asset] of Object.entries(manifest.dockerImages ?? {})) {
      const platform = typeof asset.source?.platform === 'string' ? asset.source.platform : undefined;
      const tags = Object.values(asset.destinations ?? {}).map((d) => d.imageTag).filter((t): t is string => !!t);
      for (const tag of tags.length ? tags : [hash]) out.set(tag, platform);
    }
  }
  return out;
}
