// Where a finding is best read, when the construct trace points near it but not at it. ECS
// container settings such as the health check live inside `addContainer(…)`, which is not a
// CloudFormation resource of its own, so the trace of a health-check finding points at the task
// definition: the line to open is the `healthCheck` property, or the `addContainer` call to add
// it to. This moves the location only; the verdict is the check's, judged on the template.
import type { SourceLocation } from '../types';

/** Lines after the task definition a container's settings may reasonably be on. */
const LOOKAHEAD_LINES = 60;

const CHECKS_AT_HEALTH_CHECK = new Set(['ecs.container-health-check']);

/** The `healthCheck:` line after `from` (1-based), else the `addContainer(` line, else undefined. */
export function healthCheckLine(source: string, from: number): number | undefined {
  const lines = source.split('\n').slice(from - 1, from - 1 + LOOKAHEAD_LINES);
  const find = (re: RegExp) => {
    const i = lines.findIndex((l) => re.test(l) && !/^\s*\/\//.test(l));
    return i < 0 ? undefined : from + i;
  };
  return find(/\bhealthCheck\s*:/) ?? find(/\.addContainer\s*\(/);
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
