// Finds the container images a stack builds and what was staged for them. The template's image
// URI carries the asset's image tag; the cloud assembly's asset manifest (`*.assets.json`) maps
// that tag to the staged build context (`asset.<hash>/`), which is exactly what `docker build`
// will be given at deploy time. The docker checks judge that, never the learner's source text.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { LIMITS, readCapped } from '../../engine/limits';
import { readUntrustedJson } from '../../engine/synth/assembly';
import { basename, dirname, join, relative, sep } from 'node:path';
import type { ModelResource, StackModel } from '../../engine/model/model';
import type { CheckOutcome, Finding, OfflineCheckContext } from '../../engine/types';
import { parseDockerfile, type DockerfileModel } from './dockerfile';
import { NON_SOURCE_DIRS } from '../../engine/workspace/names';

/** A Docker image asset as staged in the cloud assembly. */
export interface StagedImage {
  /** The image tag CDK publishes it under (the asset hash). */
  imageTag: string;
  /** The staged build context (absolute). */
  contextDir: string;
  /** The Dockerfile, relative to the context. */
  dockerfileName: string;
  buildArgs: Record<string, string>;
  target?: string;
}

/** A container of a task definition whose image is built from a staged Dockerfile. */
export interface ImageContainer {
  taskDefinitionId: string;
  name: string;
  /** The container definition, with intrinsics resolved. */
  definition: Record<string, any>;
  image: StagedImage;
  dockerfile: DockerfileModel;
  /** How messages name the Dockerfile: its workspace path (`app/Dockerfile`) when it can be found. */
  dockerfileLabel: string;
  /** The learner's Dockerfile, relative to the workspace, when the staged one was traced back to it. */
  workspaceDockerfile?: string;
  /** How messages name the build context folder (`app/`). */
  contextLabel: string;
}

interface AssetManifest {
  dockerImages?: Record<
    string,
    {
      source: { directory?: string; dockerFile?: string; dockerBuildArgs?: Record<string, string>; dockerBuildTarget?: string };
      destinations?: Record<string, { imageTag?: string }>;
    }
  >;
}

/** Every Docker image asset of the assembly, by the image tag it is published under. */
export function stagedImages(assemblyDir: string): Map<string, StagedImage> {
  const out = new Map<string, StagedImage>();
  for (const file of readdirSync(assemblyDir).filter((f) => f.endsWith('.assets.json'))) {
    const manifest = readUntrustedJson(assemblyDir, join(assemblyDir, file)) as AssetManifest;
    for (const [hash, asset] of Object.entries(manifest.dockerImages ?? {})) {
      if (!asset.source.directory) continue; // built by an executable, not from a folder
      const contextDir = join(assemblyDir, asset.source.directory);
      // The assembly was written by the learner's app: a context outside it is not read.
      if (relative(assemblyDir, contextDir).startsWith('..')) continue;
      const staged: StagedImage = {
        imageTag: hash,
        contextDir,
        dockerfileName: asset.source.dockerFile ?? 'Dockerfile',
        buildArgs: asset.source.dockerBuildArgs ?? {},
        target: asset.source.dockerBuildTarget,
      };
      const tags = Object.values(asset.destinations ?? {}).map((d) => d.imageTag).filter((t): t is string => !!t);
      for (const tag of tags.length ? tags : [hash]) out.set(tag, staged);
    }
  }
  return out;
}

/** The tag of an image URI (`…/repo:tag`), if it has one. */
export function imageTagOf(uri: unknown): string | undefined {
  if (typeof uri !== 'string') return undefined;
  const noDigest = uri.split('@')[0];
  const colon = noDigest.lastIndexOf(':');
  return colon > noDigest.lastIndexOf('/') ? noDigest.slice(colon + 1) : undefined;
}

/**
 * The task definitions something in the stack runs: services, EventBridge rules and Scheduler
 * schedules. When nothing runs any (a bare task definition, run by hand), all of them.
 */
export function runTaskDefinitions(model: StackModel): ModelResource[] {
  const all = model.ofType('AWS::ECS::TaskDefinition');
  const run = new Set<string>();
  const add = (value: unknown) => {
    const id = model.targetOf(value);
    if (id) run.add(id);
  };
  for (const svc of model.ofType('AWS::ECS::Service')) add(svc.props.TaskDefinition);
  for (const rule of model.ofType('AWS::Events::Rule')) {
    for (const t of (Array.isArray(rule.props.Targets) ? rule.props.Targets : []) as Record<string, any>[]) add(t?.EcsParameters?.TaskDefinitionArn);
  }
  for (const sched of model.ofType('AWS::Scheduler::Schedule')) add(sched.props.Target?.EcsParameters?.TaskDefinitionArn);
  return run.size ? all.filter((td) => run.has(td.logicalId)) : all;
}

export function imageContainers(model: StackModel, assemblyDir: string, workspaceDir?: string): ImageContainer[] {
  const images = stagedImages(assemblyDir);
  const workspace = workspaceDir ?? workspaceOf(assemblyDir);
  const out: ImageContainer[] = [];
  // Only images something runs are judged: a Dockerfile behind a task definition nothing runs
  // (a leftover, or a decoy) says nothing about what is deployed.
  for (const td of runTaskDefinitions(model)) {
    for (const def of (td.props.ContainerDefinitions ?? []) as Record<string, any>[]) {
      const tag = imageTagOf(def.Image);
      const image = tag ? images.get(tag) : undefined;
      if (!image) continue;
      const dockerfilePath = join(image.contextDir, image.dockerfileName);
      if (relative(assemblyDir, dockerfilePath).startsWith('..')) throw new Error(`the Dockerfile ${image.dockerfileName} lies outside the staged build context`);
      if (!existsSync(dockerfilePath)) throw new Error(`the staged build context ${image.contextDir} has no ${image.dockerfileName}`);
      const text = readCapped(dockerfilePath, LIMITS.dockerTextBytes, image.dockerfileName, 'a Dockerfile is a few dozen lines');
      const found = workspace ? findInWorkspace(workspace, basename(image.dockerfileName), text) : undefined;
      const contextLabel = found ? contextFolderOf(found, image.dockerfileName) : 'the build context/';
      out.push({
        taskDefinitionId: td.logicalId,
        name: String(def.Name ?? 'container'),
        definition: def,
        image,
        dockerfile: parseDockerfile(text, image.buildArgs),
        dockerfileLabel: found ?? image.dockerfileName,
        workspaceDockerfile: found,
        contextLabel,
      });
    }
  }
  return out;
}

/** A container whose image cannot be judged, and why. */
export interface Unknown {
  unknown: string;
}

/**
 * Runs a judgement over every container built from a Dockerfile that the stack runs. A stack
 * that builds no image at all fails: switching to a ready-made registry image deletes what the
 * lab is about. Findings fail; otherwise a container that cannot be judged makes it a skip.
 */
export function judgeImages(ctx: OfflineCheckContext<any>, judge: (c: ImageContainer, model: StackModel) => Finding[] | Unknown): CheckOutcome {
  if (!ctx.assemblyDir) {
    return { status: 'skip', reason: 'the cloud assembly was not written to disk, so the staged image build context cannot be read' };
  }
  const containers = imageContainers(ctx.model, ctx.assemblyDir, ctx.workspaceDir);
  if (containers.length === 0) {
    const services = ctx.model.ofType('AWS::ECS::Service').length > 0;
    return {
      status: 'fail',
      findings: [
        {
          message: services
            ? 'no container in this stack that a service runs is built from a Dockerfile any more, so there is no image to judge'
            : 'no container in this stack is built from a Dockerfile any more, so there is no image to judge',
          hint: 'Build the service\'s image from the app folder again with ecs.ContainerImage.fromAsset(...).',
        },
      ],
    };
  }
  const verdicts = containers.map((c) => judge(c, ctx.model));
  const findings = verdicts.flatMap((v) => (Array.isArray(v) ? v : []));
  if (findings.length) return { status: 'fail', findings };
  const unknown = verdicts.filter((v): v is Unknown => !Array.isArray(v)).map((v) => v.unknown);
  return unknown.length ? { status: 'skip', reason: unknown.join('; ') } : { status: 'pass' };
}

/** Why a container's Dockerfile cannot be read, when it cannot: a custom `# syntax=` frontend. */
export function unreadable(c: ImageContainer, model: StackModel): Unknown | undefined {
  const frontend = c.dockerfile.customFrontend;
  if (!frontend) return undefined;
  return {
    unknown: `${containerName(c, model)}: ${c.dockerfileLabel} is built by the custom BuildKit frontend \`${frontend}\` (# syntax=), which may give its instructions another meaning, so the image cannot be judged from it`,
  };
}

/** `container app of Service/TaskDef` — how findings name the container. */
export function containerName(c: ImageContainer, model: StackModel): string {
  return `container ${c.name} of ${model.describe(c.taskDefinitionId)}`;
}

/**
 * A finding about one Dockerfile line. It names the task definition (the resource) and is located
 * at the learner's Dockerfile line when that file is known, so editors and CI annotations land there.
 */
export function dockerfileFinding(c: ImageContainer, model: StackModel, line: number, message: string, hint?: string): Finding {
  const finding = model.finding(c.taskDefinitionId, message, hint);
  return c.workspaceDockerfile ? { ...finding, location: { file: c.workspaceDockerfile, line, column: 1 } } : finding;
}

/** `app/Dockerfile:7`. */
export function at(c: ImageContainer, line: number): string {
  return `${c.dockerfileLabel}:${line}`;
}

// Tests synthesize into <workspace>/.lab/cdk.out; elsewhere the context names the workspace.
function workspaceOf(assemblyDir: string): string | undefined {
  const parent = dirname(assemblyDir);
  return basename(assemblyDir) === 'cdk.out' && basename(parent) === '.lab' ? dirname(parent) : undefined;
}


/**
 * The workspace file the staged Dockerfile was copied from (same name, same content), as a
 * workspace-relative path. CDK records no source path for image assets, so we look for it.
 */
function findInWorkspace(workspace: string, name: string, content: string, depth = 4): string | undefined {
  const walk = (dir: string, left: number): string | undefined => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name));
    } catch {
      return undefined;
    }
    for (const e of entries) {
      if (e.isFile() && e.name === name && readFileSync(join(dir, e.name), 'utf8') === content) return join(dir, e.name);
    }
    if (left === 0) return undefined;
    for (const e of entries) {
      if (!e.isDirectory() || NON_SOURCE_DIRS.has(e.name)) continue;
      const hit = walk(join(dir, e.name), left - 1);
      if (hit) return hit;
    }
    return undefined;
  };
  const hit = walk(workspace, depth);
  return hit ? relative(workspace, hit).split(sep).join('/') : undefined;
}

/** `app/docker/Dockerfile` built with dockerFile `docker/Dockerfile` → `app/`. */
function contextFolderOf(dockerfileLabel: string, dockerfileName: string): string {
  const rel = dockerfileName.split(sep).join('/');
  const folder = dockerfileLabel.endsWith(rel) ? dockerfileLabel.slice(0, dockerfileLabel.length - rel.length) : dirname(dockerfileLabel) + '/';
  return folder === '' || folder === './' ? './' : folder;
}
