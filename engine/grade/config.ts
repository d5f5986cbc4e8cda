// grading.json: read, validated with zod, and every problem said in one line. A grading.json that
// cannot be used is a problem of the class report, not a crash: grading goes on without it.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { GradingConfigSchema, type GradingConfig } from './schema';
import { firstIssue, oneLine } from './one-line';

/** A grading.json is a handful of fields. */
const MAX_CONFIG_BYTES = 64 * 1024;

export type ConfigResult = { config: GradingConfig; problem?: undefined } | { config: GradingConfig; problem: string };

/** `file` as given on the command line (or the default `grading.json`); `explicit`: the user named it. */
export function loadGradingConfig(path: string, shown: string, explicit: boolean): ConfigResult {
  if (!existsSync(path)) return explicit ? { config: {}, problem: `${shown}: not found — graded without it` } : { config: {} };
  let text: string;
  try {
    if (statSync(path).size > MAX_CONFIG_BYTES) return { config: {}, problem: `${shown}: larger than 64 KB, not a grading.json — graded without it` };
    text = readFileSync(path, 'utf8');
  } catch (e) {
    return { config: {}, problem: `${shown}: cannot be read (${oneLine((e as Error).message)}) — graded without it` };
  }
  return parseGradingConfig(text, shown);
}

export function parseGradingConfig(text: string, shown: string): ConfigResult {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return { config: {}, problem: `${shown}: not JSON (${oneLine((e as Error).message)}) — graded without it` };
  }
  const parsed = GradingConfigSchema.safeParse(json);
  if (!parsed.success) return { config: {}, problem: `${shown}: ${firstIssue(parsed.error)} — graded without it` };
  return { config: parsed.data };
}
