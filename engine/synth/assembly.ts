// Reads the cloud assembly the learner's app left in the scratch folder: every stack of the app
// (siblings, stacks inside Stages, nested stacks) with its template, and the warnings and errors
// CDK attached to constructs. The assembly was written by untrusted code, so every path it names
// must stay inside the folder, no file may be a link, and sizes are capped; anything else is an
// E_ASSEMBLY error rather than a read somewhere else on disk.
import { lstatSync, readFileSync, realpathSync } from 'node:fs';
import { isAbsolute, join, normalize, relative, sep } from 'node:path';
import { z } from 'zod';
import { LabError } from '../errors';
import type { CfnTemplate } from '../types';

/** CloudFormation accepts templates up to 1 MB from S3; anything far larger is not a real app. */
export const MAX_JSON_BYTES = 16 * 1024 * 1024;
const MAX_STACKS = 200;

export interface AssemblyStack {
  /** How people name it: `IamRolesLab`, `Prod/Db` (a stack in a Stage), `IamRolesLab/Nest` (nested). */
  name: string;
  /** The template file, relative to the assembly's root folder. */
  templatePath: string;
  template: CfnTemplate;
  /** For a nested stack: the stack that holds it and its AWS::CloudFormation::Stack resource. */
  parent?: { name: string; logicalId: string };
  /** The cloud assembly artifact id (top-level and Stage stacks). */
  artifactId?: string;
}

export interface Annotation {
  level: 'error' | 'warning';
  message: string;
  constructPath: string;
}

export interface AppAssembly {
  dir: string;
  stacks: AssemblyStack[];
  annotations: Annotation[];
}

const MetadataEntry = z.object({ type: z.string(), data: z.unknown().optional() }).passthrough();
const Metadata = z.record(z.string(), z.array(MetadataEntry));
const Artifact = z
  .object({
    type: z.string(),
    displayName: z.string().optional(),
    properties: z.record(z.string(), z.unknown()).optional(),
    metadata: Metadata.optional(),
    additionalMetadataFile: z.string().optional(),
  })
  .passthrough();
const Manifest = z.object({ version: z.string(), artifacts: z.record(z.string(), Artifact).optional() }).passthrough();

const invalid = (why: string) =>
  new LabError('E_ASSEMBLY', `the synthesized app cannot be read: ${why} — synthesize with plain CDK constructs (the app must not write into its output folder)`);

/** A path the assembly names, resolved inside `root`; anything pointing elsewhere is refused. */
function inside(root: string, dir: string, name: unknown): string {
  if (typeof name !== 'string' || name === '' || isAbsolute(name)) throw invalid(`it names a file outside its folder (${String(name).slice(0, 80)})`);
  const p = normalize(join(dir, name));
  const rel = relative(root, p);
  if (rel.startsWith('..') || isAbsolute(rel)) throw invalid(`it names a file outside its folder (${name.slice(0, 80)})`);
  return p;
}

/** Reads a JSON file the app wrote: a regular file (no link), inside the root, of bounded size. */
export function readUntrustedJson(root: string, file: string): unknown {
  let st;
  try {
    st = lstatSync(file);
  } catch {
    throw invalid(`${relative(root, file)} is missing`);
  }
  if (!st.isFile()) throw invalid(`${relative(root, file)} is not a regular file`);
  if (st.size > MAX_JSON_BYTES) throw invalid(`${relative(root, file)} is larger than ${MAX_JSON_BYTES / 1024 / 1024} MB`);
  const real = realpathSync(file);
  const rootReal = realpathSync(root);
  if (real !== rootReal && !real.startsWith(rootReal + sep)) throw invalid(`${relative(root, file)} lies outside the assembly`);
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    throw invalid(`${relative(root, file)} is not valid JSON`);
  }
}

const TemplateShape = z.object({ Resources: z.record(z.string(), z.object({ Type: z.string() }).passthrough()).optional() }).passthrough();

function readTemplate(root: string, file: string): CfnTemplate {
  const parsed = TemplateShape.safeParse(readUntrustedJson(root, file));
  if (!parsed.success) throw invalid(`${relative(root, file)} is not a CloudFormation template`);
  return parsed.data as CfnTemplate;
}

export function readAssembly(root: string): AppAssembly {
  const out: AppAssembly = { dir: root, stacks: [], annotations: [] };
  readFolder(root, root, out, 0);
  return out;
}

function readFolder(root: string, dir: string, out: AppAssembly, depth: number): void {
  if (depth > 8) throw invalid('Stages are nested too deeply');
  const parsed = Manifest.safeParse(readUntrustedJson(root, join(dir, 'manifest.json')));
  if (!parsed.success) throw invalid(`${relative(root, join(dir, 'manifest.json'))} is not a cloud assembly manifest`);
  for (const [id, artifact] of Object.entries(parsed.data.artifacts ?? {})) {
    if (artifact.type === 'cdk:cloud-assembly') {
      readFolder(root, inside(root, dir, artifact.properties?.directoryName), out, depth + 1);
    } else if (artifact.type === 'aws:cloudformation:stack') {
      const templateFile = inside(root, dir, artifact.properties?.templateFile);
      const name = artifact.displayName ?? id;
      addStack(root, out, { name, templatePath: relative(root, templateFile), template: readTemplate(root, templateFile), artifactId: id });
      collectAnnotations(out, artifact.metadata);
      if (artifact.additionalMetadataFile) {
        const meta = Metadata.safeParse(readUntrustedJson(root, inside(root, dir, artifact.additionalMetadataFile)));
        if (meta.success) collectAnnotations(out, meta.data);
      }
      addNestedStacks(root, dir, out, out.stacks[out.stacks.length - 1]);
    }
  }
}

function addStack(_root: string, out: AppAssembly, stack: AssemblyStack): void {
  if (out.stacks.length >= MAX_STACKS) throw invalid(`it has more than ${MAX_STACKS} stacks`);
  out.stacks.push(stack);
}

/** Nested stacks' templates sit beside their parent's, named by the resource's asset metadata. */
function addNestedStacks(root: string, dir: string, out: AppAssembly, parent: AssemblyStack): void {
  for (const [logicalId, res] of Object.entries(parent.template.Resources ?? {})) {
    if (res.Type !== 'AWS::CloudFormation::Stack') continue;
    const assetPath = res.Metadata?.['aws:asset:path'];
    if (typeof assetPath !== 'string') continue; // a template from elsewhere: judged unverifiable by the model
    const file = inside(root, dir, assetPath);
    const cdkPath = res.Metadata?.['aws:cdk:path'];
    const shortName = typeof cdkPath === 'string' ? cdkPath.split('/').slice(-2, -1)[0]?.replace(/\.NestedStack$/, '') : undefined;
    const nested: AssemblyStack = {
      name: `${parent.name}/${shortName || logicalId}`,
      templatePath: relative(root, file),
      template: readTemplate(root, file),
      parent: { name: parent.name, logicalId },
    };
    addStack(root, out, nested);
    addNestedStacks(root, dir, out, nested);
  }
}

function collectAnnotations(out: AppAssembly, metadata: z.infer<typeof Metadata> | undefined): void {
  for (const [path, entries] of Object.entries(metadata ?? {})) {
    for (const e of entries) {
      if (e.type !== 'aws:cdk:warning' && e.type !== 'aws:cdk:error') continue;
      out.annotations.push({
        level: e.type === 'aws:cdk:error' ? 'error' : 'warning',
        message: String(typeof e.data === 'string' ? e.data : JSON.stringify(e.data)).slice(0, 2000),
        constructPath: path.replace(/^\//, ''),
      });
    }
  }
}
