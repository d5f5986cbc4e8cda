// A Dockerfile as the docker checks need it: build stages with their base images resolved
// (ARG defaults and build args substituted, `FROM <stage>` linked to the earlier stage) and the
// variables in scope at any instruction. Parsing itself is dockerfile-ast's job.
import { DockerfileParser, type Instruction } from 'dockerfile-ast';

export interface DockerInstruction {
  keyword: string;
  /** 1-based line in the Dockerfile. */
  line: number;
  node: Instruction;
}

export interface Stage {
  index: number;
  /** The `AS <name>` of the stage, lower-cased (stage names are case-insensitive). */
  name?: string;
  line: number;
  /** The FROM image as written, e.g. `node:${NODE_VERSION}-slim`. */
  imageAsWritten: string;
  /** The FROM image with variables substituted. */
  image: string;
  /** Variables in the FROM image that have no value (an ARG without default or build arg). */
  unresolved: string[];
  /** The earlier stage this one builds on (`FROM build`), when it does. */
  parent?: number;
  /** Instructions after FROM, up to the next FROM. */
  instructions: DockerInstruction[];
}

export interface DockerfileModel {
  stages: Stage[];
  /** ARGs declared before the first FROM (in scope for FROM lines), with their effective values. */
  globalArgs: Map<string, string | undefined>;
  /** ARG instructions before the first FROM. */
  globalArgInstructions: DockerInstruction[];
  buildArgs: Record<string, string>;
  /**
   * The `# syntax=` frontend when it is not Docker's own Dockerfile frontend: such a file is
   * written in another language (INCLUDE, templating…) that this parser cannot read.
   */
  customFrontend?: string;
}

export interface ImageRef {
  registry?: string;
  repository: string;
  tag?: string;
  digest?: string;
}

export function parseDockerfile(text: string, buildArgs: Record<string, string> = {}): DockerfileModel {
  const df = DockerfileParser.parse(text);
  const globalArgs = new Map<string, string | undefined>();
  const globalArgInstructions: DockerInstruction[] = [];
  const stages: Stage[] = [];
  for (const node of df.getInstructions()) {
    const ins: DockerInstruction = { keyword: node.getKeyword().toUpperCase(), line: node.getRange().start.line + 1, node };
    if (ins.keyword === 'FROM') {
      stages.push(stageFrom(ins, stages, globalArgs));
    } else if (stages.length === 0) {
      if (ins.keyword !== 'ARG') continue;
      globalArgInstructions.push(ins);
      for (const [name, value] of properties(node)) {
        globalArgs.set(name, buildArgs[name] ?? (value !== null ? expand(value, globalArgs).value : undefined));
      }
    } else {
      stages[stages.length - 1].instructions.push(ins);
    }
  }
  const syntax = df.getDirectives().find((d) => d.getName().toLowerCase() === 'syntax')?.getValue()?.trim();
  const customFrontend = syntax && !OFFICIAL_FRONTEND.test(syntax) ? syntax : undefined;
  return { stages, globalArgs, globalArgInstructions, buildArgs, customFrontend };
}

// Docker's Dockerfile frontend, any version, tag or digest (docs.docker.com/build/buildkit/frontend/).
const OFFICIAL_FRONTEND = /^(docker\.io\/)?docker\/dockerfile(-upstream)?(:[\w.-]+)?(@sha256:[0-9a-f]{64})?$/i;

function stageFrom(ins: DockerInstruction, earlier: Stage[], globalArgs: Map<string, string | undefined>): Stage {
  // dockerfile-ast leaves flags such as --platform out of the arguments: [image, AS, name].
  const args = ins.node.getArguments().map((a) => a.getValue());
  const imageAsWritten = args[0] ?? '';
  const { value, unresolved } = expand(imageAsWritten, globalArgs);
  const name = args.length >= 3 && args[1].toLowerCase() === 'as' ? args[2].toLowerCase() : undefined;
  const parent = earlier.find((s) => s.name !== undefined && s.name === value.toLowerCase())?.index;
  return { index: earlier.length, name, line: ins.line, imageAsWritten, image: value, unresolved, parent, instructions: [] };
}

/** Name/value pairs of an ARG or ENV instruction (value null when none is given). */
export function properties(node: Instruction): [string, string | null][] {
  const withProps = node as Instruction & { getProperties?: () => { getName(): string; getValue(): string | null }[] };
  return (withProps.getProperties?.() ?? []).map((p) => [p.getName(), p.getValue()]);
}

/**
 * Substitutes `$VAR`, `${VAR}`, `${VAR:-default}` and `${VAR:+alt}` the way the Docker builder
 * does; variables without a value are reported rather than guessed.
 */
export function expand(text: string, vars: ReadonlyMap<string, string | undefined>): { value: string; unresolved: string[] } {
  const unresolved: string[] = [];
  const value = text.replace(/\\\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?::([-+])([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (m, braced, op, word, bare) => {
    if (m === '\\$') return '$';
    const name: string = braced ?? bare;
    const v = vars.get(name);
    const set = v !== undefined && v !== '';
    if (op === '-') return set ? v! : word;
    if (op === '+') return set ? word : '';
    if (v === undefined) unresolved.push(name);
    return v ?? '';
  });
  return { value, unresolved };
}

/** The stage the build produces: the `target` stage when one is given, else the last one. */
export function finalStage(model: DockerfileModel, target?: string): Stage | undefined {
  if (target) return model.stages.find((s) => s.name === target.toLowerCase());
  return model.stages[model.stages.length - 1];
}

/** The stage and the stages it builds on, nearest first. */
export function ancestry(model: DockerfileModel, stage: Stage): Stage[] {
  const chain: Stage[] = [stage];
  let cur = stage;
  while (cur.parent !== undefined) {
    cur = model.stages[cur.parent];
    chain.push(cur);
  }
  return chain;
}

/** The stage whose FROM names the external base image the given stage ultimately builds on. */
export function rootStage(model: DockerfileModel, stage: Stage): Stage {
  const chain = ancestry(model, stage);
  return chain[chain.length - 1];
}

/** Variables in scope at an instruction of a stage: global ARGs it re-declares, its ARGs and ENVs, inherited ENVs. */
export function scopeAt(model: DockerfileModel, stage: Stage, line: number): Map<string, string | undefined> {
  const scope = new Map<string, string | undefined>();
  const chain = ancestry(model, stage).reverse();
  for (const s of chain) {
    for (const ins of s.instructions) {
      if (s === stage && ins.line >= line) break;
      if (ins.keyword !== 'ARG' && ins.keyword !== 'ENV') continue;
      // ARGs are scoped to their own stage; ENVs are inherited by stages built FROM it.
      if (ins.keyword === 'ARG' && s !== stage) continue;
      for (const [name, raw] of properties(ins.node)) {
        if (ins.keyword === 'ARG') {
          scope.set(name, model.buildArgs[name] ?? (raw !== null ? expand(raw, scope).value : model.globalArgs.get(name)));
        } else {
          scope.set(name, expand(raw ?? '', scope).value);
        }
      }
    }
  }
  return scope;
}

/** `registry/repo/name:tag@sha256:…` split into its parts. */
export function parseImageRef(image: string): ImageRef {
  let rest = image.trim();
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  let tag: string | undefined;
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  const parts = rest.split('/');
  // The first part is a registry when it looks like a host (has a dot or port, or is localhost).
  const registry = parts.length > 1 && /[.:]|^localhost$/.test(parts[0]) ? parts.shift() : undefined;
  return { registry, repository: parts.join('/'), tag: tag || undefined, digest: digest || undefined };
}

/** The stage a `--from=` value names: a stage name or index; undefined for an external image. */
export function stageNamed(model: DockerfileModel, ref: string): Stage | undefined {
  if (/^\d+$/.test(ref)) return model.stages[Number(ref)];
  return model.stages.find((s) => s.name === ref.toLowerCase());
}

/** The `--from` stage references of COPY instructions and `RUN --mount=…,from=…` in a stage. */
export function stageSources(ins: DockerInstruction): string[] {
  const flags = (ins.node as Instruction & { getFlags?: () => { getName(): string; getValue(): string | null }[] }).getFlags?.() ?? [];
  const out: string[] = [];
  for (const f of flags) {
    const value = f.getValue() ?? '';
    if ((ins.keyword === 'COPY' || ins.keyword === 'ADD') && f.getName() === 'from') out.push(value);
    if (ins.keyword === 'RUN' && f.getName() === 'mount') {
      const from = /(?:^|,)from=([^,]+)/.exec(value);
      if (from) out.push(from[1]);
    }
  }
  return out;
}

/** The source paths of a COPY/ADD (every argument but the destination). */
export function copySources(ins: DockerInstruction): string[] {
  const args = ins.node.getArguments().map((a) => a.getValue());
  return args.slice(0, -1);
}

/**
 * A `COPY --from=<stage>` source that takes the stage's whole filesystem. Paths in a COPY --from
 * are relative to the root of that stage, so `.` is the root as much as `/` is.
 */
export function isWholeFilesystem(source: string): boolean {
  return /^(\/|\.|\.\/|\/\.|\/\*|\*|\.\/\*)$/.test(source.trim());
}
