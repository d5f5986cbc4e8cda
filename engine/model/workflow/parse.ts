// Parses one workflow file. GitHub's own parser (@actions/workflow-parser, the one behind the
// Actions language service) decides whether GitHub would accept the file; the `yaml` package then
// gives every node its line, and the model (types.ts) is read from that document. Nothing in the
// file is ever run: it is untrusted input.
import { convertWorkflowTemplate, NoOperationTraceWriter, parseWorkflow } from '@actions/workflow-parser';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node, type YAMLMap } from 'yaml';
import { parseUses } from './uses';
import type { Concurrency, Permissions, Where, Workflow, WorkflowJob, WorkflowStep } from './types';

/** Why GitHub would not run a workflow file, at the line it names. */
export class WorkflowSyntaxError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly column: number,
    readonly reason: string,
  ) {
    super(`${file}:${line}:${column}: ${reason}`);
    this.name = 'WorkflowSyntaxError';
  }
}

/** `file`: how messages name it (the workspace-relative path). */
export async function parseWorkflowText(file: string, text: string): Promise<Workflow> {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: false });
  const yamlError = doc.errors[0];
  if (yamlError) {
    const pos = lines.linePos(yamlError.pos[0]);
    throw new WorkflowSyntaxError(file, pos.line, pos.col, firstLine(yamlError.message));
  }
  const parsed = validateWithGitHubParser(file, text);
  // The converter adds what the schema alone cannot see (a `needs` naming no job, a cycle).
  const template = await convertWorkflowTemplate(parsed.context, parsed.value!);
  const converted = template.errors?.[0];
  if (converted) throw located(file, converted.Message);
  const root = doc.contents;
  if (!isMap(root)) throw new WorkflowSyntaxError(file, 1, 1, 'a workflow is a mapping with `on` and `jobs`');
  return readWorkflow(file, root, lines);
}

function validateWithGitHubParser(file: string, text: string) {
  const result = parseWorkflow({ name: file, content: text }, new NoOperationTraceWriter());
  const first = result.context.errors.getErrors()[0];
  if (!first && result.value) return result;
  if (!first) throw new WorkflowSyntaxError(file, 1, 1, 'the file holds no workflow');
  const range = (first as { range?: { start: { line: number; column: number } } }).range;
  const message = stripPrefix(file, first.message);
  throw new WorkflowSyntaxError(file, range?.start.line ?? 1, range?.start.column ?? 1, message);
}

// The parser prefixes messages with `<file> (Line: 5, Col: 5): `; the location is given apart.
function stripPrefix(file: string, message: string): string {
  const escaped = file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return firstLine(message.replace(new RegExp(`^${escaped}(?: \\(Line: \\d+, Col: \\d+\\))?:\\s*`), ''));
}

function located(file: string, message: string): WorkflowSyntaxError {
  const m = /\(Line: (\d+), Col: (\d+)\)/.exec(message);
  return new WorkflowSyntaxError(file, m ? Number(m[1]) : 1, m ? Number(m[2]) : 1, stripPrefix(file, message));
}

function firstLine(text: string): string {
  return text.split('\n')[0].trim();
}

// ---------------------------------------------------------------- reading the document

type Lines = LineCounter;

function where(node: Node | null | undefined, lines: Lines): Where {
  const offset = node?.range?.[0] ?? 0;
  const pos = lines.linePos(offset);
  return { line: pos.line, column: pos.col };
}

function get(map: YAMLMap, key: string): Node | undefined {
  for (const pair of map.items) {
    if (isScalar(pair.key) && String(pair.key.value) === key) return (pair.value ?? undefined) as Node | undefined;
  }
  return undefined;
}

/** The line of the key itself (`permissions:`), which is where a reader looks. */
function keyWhere(map: YAMLMap, key: string, lines: Lines): Where | undefined {
  for (const pair of map.items) {
    if (isScalar(pair.key) && String(pair.key.value) === key) return where(pair.key as Node, lines);
  }
  return undefined;
}

function text(node: Node | undefined): string | undefined {
  return isScalar(node) && node.value !== null && node.value !== undefined ? String(node.value) : undefined;
}

function strings(node: Node | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!isMap(node)) return out;
  for (const pair of node.items) {
    if (isScalar(pair.key)) out[String(pair.key.value)] = text(pair.value as Node) ?? '';
  }
  return out;
}

function list(node: Node | undefined): string[] {
  if (isSeq(node)) return node.items.map((n) => text(n as Node)).filter((s): s is string => s !== undefined);
  const one = text(node);
  return one === undefined ? [] : [one];
}

function readWorkflow(file: string, root: YAMLMap, lines: Lines): Workflow {
  const on = get(root, 'on');
  const events = isMap(on) ? on.items.map((p) => String((p.key as { value?: unknown })?.value)) : list(on);
  const jobsNode = get(root, 'jobs');
  const jobs = isMap(jobsNode) ? jobsNode.items.map((pair) => readJob(String((pair.key as { value?: unknown }).value), pair.key as Node, pair.value as Node, lines)) : [];
  return {
    file,
    name: text(get(root, 'name')),
    on: events,
    permissions: readPermissions(root, lines),
    concurrency: readConcurrency(root, lines),
    env: strings(get(root, 'env')),
    jobs,
  };
}

function readJob(id: string, keyNode: Node, node: Node, lines: Lines): WorkflowJob {
  const map = isMap(node) ? node : undefined;
  const at = where(keyNode, lines);
  const usesText = map ? text(get(map, 'uses')) : undefined;
  const env = map ? get(map, 'environment') : undefined;
  const envName = isMap(env) ? text(get(env, 'name')) : text(env);
  const strategy = map ? get(map, 'strategy') : undefined;
  const steps = map ? get(map, 'steps') : undefined;
  return {
    id,
    kind: usesText !== undefined ? 'reusable' : 'job',
    needs: map ? list(get(map, 'needs')) : [],
    if: map ? text(get(map, 'if')) : undefined,
    permissions: map ? readPermissions(map, lines) : undefined,
    concurrency: map ? readConcurrency(map, lines) : undefined,
    environment: envName !== undefined ? { name: envName, at: where(env, lines) } : undefined,
    matrix: isMap(strategy) && get(strategy, 'matrix') !== undefined,
    uses: usesText !== undefined ? parseUses(usesText, where(get(map!, 'uses'), lines)) : undefined,
    inheritsSecrets: map ? text(get(map, 'secrets')) === 'inherit' : false,
    env: map ? strings(get(map, 'env')) : {},
    steps: isSeq(steps) ? steps.items.map((s, index) => readStep(index, s as Node, lines)) : [],
    at,
  };
}

function readStep(index: number, node: Node, lines: Lines): WorkflowStep {
  const map = isMap(node) ? node : undefined;
  const uses = map ? text(get(map, 'uses')) : undefined;
  return {
    index,
    id: map ? text(get(map, 'id')) : undefined,
    name: map ? text(get(map, 'name')) : undefined,
    uses: uses !== undefined ? parseUses(uses, where(get(map!, 'uses'), lines)) : undefined,
    run: map ? text(get(map, 'run')) : undefined,
    if: map ? text(get(map, 'if')) : undefined,
    with: map ? strings(get(map, 'with')) : {},
    env: map ? strings(get(map, 'env')) : {},
    at: where(node, lines),
  };
}

function readPermissions(map: YAMLMap, lines: Lines): Permissions | undefined {
  const node = get(map, 'permissions');
  const at = keyWhere(map, 'permissions', lines);
  if (node === undefined || !at) return undefined;
  const shorthand = text(node);
  if (shorthand === 'read-all' || shorthand === 'write-all') return { kind: 'all', level: shorthand, at };
  // `permissions: {}` grants nothing: every scope is none.
  const scopes: Record<string, 'read' | 'write' | 'none'> = {};
  for (const [scope, level] of Object.entries(strings(node))) {
    if (level === 'read' || level === 'write' || level === 'none') scopes[scope] = level;
  }
  return { kind: 'scopes', scopes, at };
}

function readConcurrency(map: YAMLMap, lines: Lines): Concurrency | undefined {
  const node = get(map, 'concurrency');
  const at = keyWhere(map, 'concurrency', lines);
  if (node === undefined || !at) return undefined;
  // `concurrency: deploy` is the group alone; cancel-in-progress defaults to false.
  if (!isMap(node)) return { group: text(node) ?? '', cancelInProgress: false, at };
  const cancel = get(node, 'cancel-in-progress');
  const value = isScalar(cancel) ? cancel.value : undefined;
  const cancelInProgress = value === undefined || value === null ? false : typeof value === 'boolean' ? value : 'expression';
  return { group: text(get(node, 'group')) ?? '', cancelInProgress, at };
}
