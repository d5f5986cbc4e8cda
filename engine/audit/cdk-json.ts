// A CDK app folder's cdk.json: which file the `app` command runs (the entry), and the context the
// CDK CLI would hand the app (cdk.json's `context`, then cdk.context.json's cached lookups).
import { existsSync } from 'node:fs';
import { isAbsolute, join, normalize } from 'node:path';
import { LabError } from '../errors';
import { readCapped } from '../limits';

/** cdk.json and cdk.context.json are small configuration files; a larger one is not one. */
const MAX_CONFIG_BYTES = 1024 * 1024;
/** Extensions of an entry the runner can bundle (esbuild's loaders for TypeScript and JavaScript). */
export const ENTRY_EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.mjs', '.cjs'];

export interface CdkJson {
  /** The entry, relative to the app folder (`bin/app.ts`). */
  entry: string;
  context: Record<string, unknown>;
}

/**
 * The script an `app` command runs: the last word that names a TypeScript or JavaScript file
 * (`npx ts-node --prefer-ts-exts bin/app.ts`, `npx ts-node -P tsconfig.dev.json src/main.ts`,
 * `npx tsx bin/app.ts`, `node bin/app.js`). Undefined for any other command (`python3 app.py`).
 */
export function entryFromAppCommand(command: string): string | undefined {
  const words = command
    .trim()
    .split(/\s+/)
    .map((w) => w.replace(/^["']|["']$/g, ''));
  for (let i = words.length - 1; i >= 0; i--) {
    const w = words[i];
    if (!w.startsWith('-') && ENTRY_EXTENSIONS.some((ext) => w.endsWith(ext))) return w;
  }
  return undefined;
}

/** Reads `<dir>/cdk.json` (it must exist) and the context beside it. */
export function readCdkJson(dir: string, shown: string): CdkJson {
  const config = readJsonObject(join(dir, 'cdk.json'), `${shown}/cdk.json`);
  if (typeof config.app !== 'string' || config.app.trim() === '') {
    throw new LabError('E_USAGE', `${shown}/cdk.json has no "app" command — a CDK app's cdk.json says how to run it, e.g. "app": "npx ts-node --prefer-ts-exts bin/app.ts"`);
  }
  const entry = entryFromAppCommand(config.app);
  if (!entry) {
    throw new LabError(
      'E_USAGE',
      `${shown}/cdk.json runs \`${config.app.slice(0, 120)}\`, which is not a TypeScript or JavaScript entry ecs-lab can synthesize — run \`cdk synth\` there and audit the cdk.out folder instead`,
    );
  }
  const rel = normalize(entry);
  if (isAbsolute(rel) || rel.startsWith('..')) {
    throw new LabError('E_USAGE', `${shown}/cdk.json runs ${entry}, outside the app folder — audit the folder that holds it`);
  }
  const context = {
    ...contextOf(config.context),
    ...(existsSync(join(dir, 'cdk.context.json')) ? contextOf(readJsonObject(join(dir, 'cdk.context.json'), `${shown}/cdk.context.json`)) : {}),
  };
  return { entry: rel, context };
}

function contextOf(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function readJsonObject(file: string, shown: string): Record<string, unknown> {
  const text = readCapped(file, MAX_CONFIG_BYTES, shown, 'is it really a CDK configuration file?');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new LabError('E_SYNTAX', `${shown} is not valid JSON (${(e as Error).message.split('\n')[0]})`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new LabError('E_SYNTAX', `${shown} is not a JSON object`);
  return value as Record<string, unknown>;
}
