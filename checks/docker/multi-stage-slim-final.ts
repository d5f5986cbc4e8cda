import type { StackModel } from '../../engine/model/model';
import { defineCheck, type Finding } from '../../engine/types';
import { ancestry, copySources, finalStage, isWholeFilesystem, parseImageRef, rootStage, stageNamed, stageSources, type DockerfileModel, type ImageRef, type Stage } from './dockerfile';
import { at, containerName, judgeImages, unreadable, type ImageContainer, type Unknown, dockerfileFinding } from './image-assets';

/**
 * The image is built in stages and ships only the last one: a small base image (slim, alpine,
 * distroless…) pinned to a version or digest, with the build's results copied in from an
 * earlier stage. Judged on the staged Dockerfile CDK hands to `docker build`.
 */
export const multiStageSlimFinal = defineCheck({
  id: 'docker.multi-stage-slim-final',
  title: 'The image is a multi-stage build whose final stage is a small, pinned base image',
  severity: 'medium',
  why:
    'Compilers, package managers and dev dependencies are needed to build an app, not to run it: a multi-stage build leaves them ' +
    'behind, so the image pulls faster, starts faster and carries fewer packages with vulnerabilities. Pinning the base image to a ' +
    'version or digest makes every build start from the same bytes instead of whatever `latest` means today.',
  refs: {
    wellArchitected: ['SEC 6: How do you protect your compute resources?', 'PERF 2: How do you select and use compute resources in your workload?'],
    docs: ['https://docs.docker.com/build/building/multi-stage/', 'https://docs.docker.com/build/building/best-practices/'],
  },
  offline(ctx) {
    return judgeImages(ctx, judgeStages);
  },
});

function judgeStages(c: ImageContainer, model: StackModel): Finding[] | Unknown {
  const cannot = unreadable(c, model);
  if (cannot) return cannot;
  const df = c.dockerfile;
  const who = containerName(c, model);
  const final = finalStage(df, c.image.target);
  if (!final) return [model.finding(c.taskDefinitionId, `${who}: ${c.dockerfileLabel} has no FROM instruction`, 'Start the Dockerfile with a FROM line.')];
  const findings: Finding[] = [];
  const whole = wholeStageCopies(df, final);
  for (const w of whole) {
    findings.push(
      dockerfileFinding(
        c,
        model,
        w.line,
        `${who}: ${at(c, w.line)}: the final stage copies the whole filesystem of stage \`${w.from}\` (\`COPY --from=${w.from} ${w.sources} ${w.dest}\`), so every build tool and dev dependency of that stage ships in the image`,
        'Copy only what the app needs to run from the build stage, e.g. COPY --from=build /app/dist ./dist.',
      ),
    );
  }
  if (whole.length === 0 && !copiesFromEarlierStage(df, final)) {
    findings.push(
      dockerfileFinding(
        c,
        model,
        final.line,
        df.stages.length < 2
          ? `${who}: ${at(c, final.line)}: the image is built in a single stage, so every build tool and dev dependency ships with it`
          : `${who}: ${at(c, final.line)}: the final stage copies nothing from an earlier stage, so it is still a single-stage build`,
        'Build in a first stage (FROM … AS build) and COPY --from=build only what the app needs to run into a small final stage.',
      ),
    );
  }
  const base = rootStage(df, final);
  const problem = baseImageProblem(base);
  if (problem) findings.push(dockerfileFinding(c, model, base.line, `${who}: ${at(c, base.line)}: ${problem.message}`, problem.hint));
  return findings;
}

/** A real multi-stage build: the shipped stage copies from a stage it does not itself build on. */
function copiesFromEarlierStage(df: DockerfileModel, final: Stage): boolean {
  const own = new Set(ancestry(df, final).map((s) => s.index));
  return ancestry(df, final).some((s) =>
    s.instructions.some((ins) => stageSources(ins).some((ref) => {
      const src = stageNamed(df, ref);
      return src !== undefined && !own.has(src.index);
    })),
  );
}

/**
 * COPY --from=<earlier stage> of that stage's whole filesystem into the shipped image: the
 * final stage is then the build stage under another name (`COPY --from=build / /`).
 */
function wholeStageCopies(df: DockerfileModel, final: Stage): { line: number; from: string; sources: string; dest: string }[] {
  const own = new Set(ancestry(df, final).map((s) => s.index));
  const out: { line: number; from: string; sources: string; dest: string }[] = [];
  for (const s of ancestry(df, final)) {
    for (const ins of s.instructions) {
      if (ins.keyword !== 'COPY' && ins.keyword !== 'ADD') continue;
      for (const ref of stageSources(ins)) {
        const src = stageNamed(df, ref);
        const sources = copySources(ins);
        if (src === undefined || own.has(src.index) || !sources.some(isWholeFilesystem)) continue;
        const args = ins.node.getArguments().map((a) => a.getValue());
        out.push({ line: ins.line, from: ref, sources: sources.join(' '), dest: args[args.length - 1] });
      }
    }
  }
  return out;
}

function baseImageProblem(base: Stage): { message: string; hint: string } | undefined {
  if (base.unresolved.length) {
    return {
      message: `the final base image \`${base.imageAsWritten}\` depends on ${base.unresolved.map((v) => `$${v}`).join(', ')}, which has no default value`,
      hint: 'Give the ARG a default (ARG NAME=value) so every build starts from the same image.',
    };
  }
  if (base.image === 'scratch') return undefined; // empty by definition, nothing to pin
  const ref = parseImageRef(base.image);
  if (!isSmallImage(ref)) {
    return {
      message: `the final stage runs on \`${base.image}\`, a full OS image with compilers and tools the app never uses at run time`,
      hint: 'Use a slim, alpine or distroless variant for the final stage, e.g. node:24-bookworm-slim.',
    };
  }
  if (!isPinned(ref)) {
    const why = ref.tag === undefined ? 'has no tag, so it means `latest`' : ref.tag === 'latest' ? 'is `latest`' : `tag \`${ref.tag}\` names no version`;
    return {
      message: `the final base image \`${base.image}\` ${why}: the next build may silently start from a different image`,
      hint: 'Pin the final base image to a version tag (node:24-bookworm-slim) or a digest (@sha256:…).',
    };
  }
  return undefined;
}

// Words that mark a minimal image variant, in a tag (node:24-slim) or in a repository name
// (gcr.io/distroless/nodejs24-debian12, cgr.dev/chainguard/node).
const SMALL_TAG = /^(slim|alpine\d*|minimal|micro|distroless|chiseled)$/;
const SMALL_REPO = /^(alpine|busybox|distroless|chainguard|wolfi-base|ubi\d*-(minimal|micro)|minimal|micro)$/;

export function isSmallImage(ref: ImageRef): boolean {
  const words = (s: string) => s.toLowerCase().split(/[-_.]/);
  if (ref.tag && words(ref.tag).some((w) => SMALL_TAG.test(w))) return true;
  const repoParts = [...(ref.registry ? [ref.registry] : []), ...ref.repository.toLowerCase().split('/')];
  return repoParts.some((p) => SMALL_REPO.test(p) || p.startsWith('distroless') || p === 'cgr.dev');
}

/**
 * Pinned: a digest, or a tag other than `latest` that names a version — in the tag itself
 * (node:24-slim) or, for a variant tag, in the repository name that carries the version
 * (gcr.io/distroless/nodejs24-debian12:nonroot).
 */
export function isPinned(ref: ImageRef): boolean {
  if (ref.digest) return /^sha256:[0-9a-f]{64}$/.test(ref.digest);
  if (ref.tag === undefined || ref.tag === 'latest') return false;
  const name = ref.repository.split('/').pop() ?? '';
  return /\d/.test(ref.tag) || /\d/.test(name);
}
