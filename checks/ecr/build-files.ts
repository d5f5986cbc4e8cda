// What the workspace's image builds produce, read from the files that run them: docker buildx
// bake files (HCL or JSON) and GitHub Actions workflow steps (docker/build-push-action, a
// docker/bake-action `set` of platforms, or a `docker buildx build --platform …` command). Every
// file is the learner's and is only read, never run; a file that cannot be read is a one-line
// LabError at file:line.
import { existsSync, lstatSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import { LabError } from '../../engine/errors';
import { LIMITS, readCapped } from '../../engine/limits';
import { parseHcl, parseHclValue, type HclBlock, type HclValue } from './bake-hcl';

/** One build of one or more images. */
export interface ImageBuild {
  /** `docker-bake.hcl:4`: where the build is defined. */
  where: string;
  file: string;
  line: number;
  /** `linux/arm64`…; empty when the build names none (it builds for the machine it runs on). */
  platforms: string[];
  /** Image references it pushes; may hold `${…}` placeholders. */
  tags: string[];
}

// The file names `docker buildx bake` reads by default (docs.docker.com/build/bake/reference/).
const BAKE_FILES = ['docker-bake.hcl', 'docker-bake.json', 'docker-bake.override.hcl', 'docker-bake.override.json'];
const WORKFLOWS = '.github/workflows';

/** Every image build defined in the workspace. */
export function workspaceBuilds(workspace: string): ImageBuild[] {
  const out: ImageBuild[] = [];
  for (const name of BAKE_FILES) {
    const path = join(workspace, name);
    if (!isRegularFile(path)) continue;
    const text = readCapped(path, LIMITS.dockerTextBytes, name, 'a bake file is a few dozen lines');
    out.push(...(name.endsWith('.json') ? bakeJsonBuilds(text, name) : bakeHclBuilds(text, name)));
  }
  const dir = join(workspace, WORKFLOWS);
  if (existsSync(dir) && lstatSync(dir).isDirectory()) {
    for (const name of readdirSync(dir).filter((f) => /\.ya?ml$/.test(f) && isRegularFile(join(dir, f))).sort()) {
      const file = `${WORKFLOWS}/${name}`;
      out.push(...workflowBuilds(readCapped(join(dir, name), LIMITS.dockerTextBytes, file, 'a workflow is a few hundred lines'), file));
    }
  }
  return out;
}

/** A file of the workspace itself: a symlink (which could point outside it) is not followed. */
function isRegularFile(path: string): boolean {
  try {
    return lstatSync(path).isFile();
  } catch {
    return false;
  }
}

const strings = (v: HclValue | undefined): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : typeof v === 'string' ? [v] : []);

/** Targets of a bake HCL file, with `inherits` followed for platforms and tags. */
export function bakeHclBuilds(text: string, file: string): ImageBuild[] {
  const targets = new Map<string, HclBlock>();
  for (const b of parseHcl(text, file)) if (b.type === 'target' && b.labels[0]) targets.set(b.labels[0], b);
  const attr = (t: HclBlock, name: string, seen = new Set<string>()): HclValue | undefined => {
    if (t.attributes[name]) return t.attributes[name].value;
    for (const parent of strings(t.attributes.inherits?.value)) {
      const p = targets.get(parent);
      if (!p || seen.has(parent)) continue;
      seen.add(parent);
      const v = attr(p, name, seen);
      if (v !== undefined) return v;
    }
    return undefined;
  };
  return [...targets.entries()].map(([, t]) => ({
    where: `${file}:${t.line}`,
    file,
    line: t.line,
    platforms: strings(attr(t, 'platforms')),
    tags: strings(attr(t, 'tags')),
  }));
}

/** Targets of a bake JSON file (`{"target": {"web": {"platforms": [...]}}}`). */
export function bakeJsonBuilds(text: string, file: string): ImageBuild[] {
  // The HCL reader reads JSON values too and says at which line one goes wrong; JSON.parse then
  // applies JSON's own stricter rules.
  parseHclValue(text, file);
  let doc: any;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new LabError('E_SYNTAX', `${file}:1: not valid JSON (${e instanceof Error ? e.message.split('\n')[0] : String(e)})`);
  }
  const targets = doc && typeof doc === 'object' ? doc.target : undefined;
  if (!targets || typeof targets !== 'object') return [];
  const from = Math.max(0, text.indexOf('"target"'));
  return Object.entries(targets as Record<string, any>).map(([name, t]) => {
    const at = text.indexOf(`"${name}"`, from);
    const line = at < 0 ? 1 : text.slice(0, at).split('\n').length;
    return { where: `${file}:${line}`, file, line, platforms: strings(t?.platforms), tags: strings(t?.tags) };
  });
}

/** Image builds in a workflow's steps. */
export function workflowBuilds(text: string, file: string): ImageBuild[] {
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, prettyErrors: false });
  if (doc.errors.length) {
    const e = doc.errors[0];
    throw new LabError('E_SYNTAX', `${file}:${counter.linePos(e.pos[0]).line}: not valid YAML (${e.message.split('\n')[0]})`);
  }
  const lineOf = (n: Node | null | undefined) => (n?.range ? counter.linePos(n.range[0]).line : 1);
  const out: ImageBuild[] = [];
  const jobs = doc.get('jobs', true);
  if (!isMap(jobs)) return out;
  for (const job of jobs.items) {
    const steps = isMap(job.value) ? job.value.get('steps', true) : undefined;
    if (!isSeq(steps)) continue;
    for (const step of steps.items) {
      if (!isMap(step)) continue;
      const line = lineOf(step);
      const uses = String(step.get('uses') ?? '');
      const withs = step.get('with', true);
      const input = (key: string) => (isMap(withs) ? scalarText(withs.get(key, true)) : '');
      const build = (platforms: string[], tags: string[]) => out.push({ where: `${file}:${line}`, file, line, platforms, tags });
      if (/^docker\/build-push-action@/.test(uses)) build(list(input('platforms')), list(input('tags')));
      else if (/^docker\/bake-action@/.test(uses)) {
        // `set: *.platform=linux/amd64,linux/arm64` overrides the bake file's platforms.
        const set = input('set').split('\n').map((s) => /^\s*[^=]*\.platform\s*=\s*(.+)$/.exec(s)?.[1]).find(Boolean);
        if (set) build(list(set), []);
      } else {
        const run = scalarText(step.get('run', true));
        for (const cmd of run.split(/\n|&&|;/).filter((c) => /docker\s+(buildx\s+)?build\b/.test(c))) {
          build(flagValues(cmd, 'platform').flatMap(list), [...flagValues(cmd, 'tag'), ...flagValues(cmd, 't')]);
        }
      }
    }
  }
  return out;
}

function scalarText(n: unknown): string {
  return isScalar(n) ? String(n.value ?? '') : '';
}

/** `linux/amd64, linux/arm64` or one per line → the list. */
function list(value: string): string[] {
  return value.split(/[,\n]/).map((s) => s.trim()).filter(Boolean);
}

/** Values of `--name X`, `--name=X` (and `-t X` for one-letter names) in a shell command. */
function flagValues(cmd: string, name: string): string[] {
  const flag = name.length === 1 ? `-${name}` : `--${name}`;
  const re = new RegExp(`(?:^|\\s)${flag}(?:=|\\s+)("[^"]*"|'[^']*'|\\S+)`, 'g');
  return [...cmd.matchAll(re)].map((m) => m[1].replace(/^["']|["']$/g, ''));
}
