// Helpers around synthesis that run in the grader's own process: aws-cdk-lib for trusted code
// (the check library, tests), mapping the learner's stack traces to their file:line, and the
// construct origins of stacks built in-process by tests. The learner's own app never runs here:
// see isolated.ts and child/synth-child.cjs.
import { relative } from 'node:path';
import type { SourceLocation } from '../types';
import { LabError } from '../errors';
import type { ResourceOrigin } from '../model/model';
import { runnerRequire } from './runner-modules';
import type { BundleSourceMap } from './source-map';

type Cdk = typeof import('aws-cdk-lib');
let cdkModule: Cdk | undefined;
/** aws-cdk-lib, loaded on first use (it takes most of a second, so never at start-up). */
export function cdk(): Cdk {
  return (cdkModule ??= runnerRequire('aws-cdk-lib') as Cdk);
}

/** A LabError naming the learner's file:line where their code threw. */
export function userCodeError(
  workspaceDir: string,
  e: unknown,
  code: 'E_STACK_THREW' | 'E_SYNTH',
  sourceMap?: BundleSourceMap,
): LabError {
  if (e instanceof LabError) return e;
  const err = e instanceof Error ? e : new Error(String(e));
  const where = firstWorkspaceFrame(err.stack ?? '', workspaceDir, sourceMap);
  const firstLine = err.message.split('\n')[0];
  const at = where ? `${where.file}:${where.line}:${where.column}: ` : '';
  const verb = code === 'E_SYNTH' ? 'synthesis failed' : 'your stack threw';
  return new LabError(code, `${at}${verb}: ${firstLine} — fix it and run \`lab check\` again`);
}

/**
 * `at fn (/abs/file.ts:12:5)`, `at /abs/file.ts:12:5` or `file:///abs/file.ts:12:5` → its parts.
 * Scanned by hand, not with a regular expression: the learner's app writes these lines, and a
 * backtracking pattern over a long crafted line would stall the grader.
 */
export function parseFrame(raw: string): SourceLocation | undefined {
  let s = raw.trim();
  if (s.length > 4000) return undefined;
  if (s.endsWith(')')) s = s.slice(0, -1);
  const colon2 = s.lastIndexOf(':');
  const colon1 = colon2 > 0 ? s.lastIndexOf(':', colon2 - 1) : -1;
  if (colon1 < 0) return undefined;
  const line = s.slice(colon1 + 1, colon2);
  const column = s.slice(colon2 + 1);
  if (!isDigits(line) || !isDigits(column)) return undefined;
  const start = Math.max(s.lastIndexOf('(', colon1), s.lastIndexOf(' ', colon1)) + 1;
  let file = s.slice(start, colon1);
  if (file.startsWith('file://')) file = file.slice('file://'.length);
  if (!file.startsWith('/') || file.includes(':')) return undefined;
  return { file, line: Number(line), column: Number(column) };
}

const isDigits = (t: string) => t.length > 0 && t.length < 10 && [...t].every((ch) => ch >= '0' && ch <= '9');

/**
 * The first stack frame inside the workspace (not in its node_modules), relative to it. Frames in
 * the bundle are mapped back to the learner's .ts files through its source map.
 */
export function firstWorkspaceFrame(
  stack: string | string[],
  workspaceDir: string,
  sourceMap?: BundleSourceMap,
): SourceLocation | undefined {
  const lines = Array.isArray(stack) ? stack : stack.split('\n');
  for (const line of lines) {
    let loc = parseFrame(line);
    if (!loc) continue;
    // The bundle runs under the entry's own name: its positions are mapped back to the .ts files.
    if (sourceMap && loc.file === sourceMap.bundleFile) loc = sourceMap.original(loc.line, loc.column);
    if (!loc || !loc.file.startsWith(workspaceDir + '/') || loc.file.includes('/node_modules/')) continue;
    return { ...loc, file: relative(workspaceDir, loc.file) };
  }
  return undefined;
}

/** Logical id → construct path and the learner's source line that created it. */
export function collectOrigins(
  stack: import('aws-cdk-lib').Stack,
  workspaceDir?: string,
  sourceMap?: BundleSourceMap,
): Map<string, ResourceOrigin> {
  const { CfnResource } = cdk();
  const out = new Map<string, ResourceOrigin>();
  for (const c of stack.node.findAll()) {
    if (!CfnResource.isCfnResource(c)) continue;
    const logicalId = stack.resolve(c.logicalId) as string;
    const trace = c.node.metadata.find((m) => m.type === 'aws:cdk:creationStack')?.data as string[] | undefined;
    out.set(logicalId, {
      constructPath: c.node.path,
      location: workspaceDir && trace ? firstWorkspaceFrame(trace, workspaceDir, sourceMap) : undefined,
    });
  }
  return out;
}
