// Where a finding is best read, when the construct trace points near it but not at it. ECS
// container settings such as the health check live inside `addContainer(…)`, which is not a
// CloudFormation resource of its own, so the trace of a health-check finding points at the task
// definition: the line to open is the `healthCheck` property, or the `addContainer` call to add
// it to. This moves the location only; the verdict is the check's, judged on the template.
import type { SourceLocation } from '../types';

/** Lines after the task definition a container's settings may reasonably be on. */
const LOOKAHEAD_LINES = 60;

const CHECKS_AT_HEALTH_CHECK = new Set(['ecs.container-health-check']);

const isComment = (line: string) => /^\s*(\/\/|\*)/.test(line);

/**
 * The `healthCheck:` line inside the first `addContainer(…)` call after `from` (1-based), else
 * that call's line (where to add one), else undefined. Only inside the call: a load balancer's
 * target group has a `healthCheck` too.
 */
export function healthCheckLine(source: string, from: number): number | undefined {
  const lines = source.split('\n').slice(from - 1, from - 1 + LOOKAHEAD_LINES);
  const start = lines.findIndex((l) => /\.addContainer\s*\(/.test(l) && !isComment(l));
  if (start < 0) return undefined;
  let depth = 0;
  for (let i = start; i < lines.length; i++) {
    const line = isComment(lines[i]) ? '' : lines[i];
    if (i > start && /\bhealthCheck\s*:/.test(line)) return from + i;
    // The call's parentheses: once they close, its settings are over.
    const code = i === start ? line.slice(line.search(/\.addContainer\s*\(/)) : line;
    for (const ch of code) depth += ch === '(' ? 1 : ch === ')' ? -1 : 0;
    if (depth <= 0) break;
  }
  return from + start;
}

/** A better location for a finding of `checkId`, given a way to read the learner's file; undefined to keep it. */
export function refinedLocation(checkId: string, location: SourceLocation | undefined, read: (file: string) => string | undefined): SourceLocation | undefined {
  if (!location || !CHECKS_AT_HEALTH_CHECK.has(checkId) || !/\.[cm]?[jt]s$/.test(location.file)) return undefined;
  const source = read(location.file);
  const line = source === undefined ? undefined : healthCheckLine(source, location.line);
  if (line === undefined) return undefined;
  const column = (source!.split('\n')[line - 1].search(/\S/) ?? 0) + 1;
  return { file: location.file, line, column };
}
