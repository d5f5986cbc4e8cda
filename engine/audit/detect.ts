// What `lab audit <path>` was given: a CDK app folder (cdk.json), an entry file, a synthesized
// cdk.out folder, or a CloudFormation template file. Decided from the file system alone — nothing
// runs here — and anything else is a one-line input error.
import { existsSync, lstatSync, statSync } from 'node:fs';
import { basename, dirname, extname, join, relative, resolve } from 'node:path';
import { LabError } from '../errors';
import { ENTRY_EXTENSIONS, readCdkJson } from './cdk-json';

export type AuditInput =
  | { kind: 'cdk-app'; root: string; entry: string; context: Record<string, unknown> }
  | { kind: 'entry'; root: string; entry: string; context: Record<string, unknown> }
  | { kind: 'cdk-out'; root: string; dir: string }
  | { kind: 'template'; root: string; file: string };

/** How far above an entry file its app folder (cdk.json) is looked for. */
const MAX_APP_ROOT_LEVELS = 4;

export function detectInput(path: string, cwd: string): AuditInput {
  const abs = resolve(cwd, path);
  const shown = path;
  if (!existsSync(abs)) throw new LabError('E_USAGE', `${shown} does not exist — give a CDK app folder, an entry file, a cdk.out folder or a CloudFormation template`);
  const st = statSync(abs);
  if (st.isDirectory()) return detectFolder(abs, shown);
  if (!st.isFile()) throw new LabError('E_USAGE', `${shown} is neither a file nor a folder`);
  if (ENTRY_EXTENSIONS.includes(extname(abs).toLowerCase()) && !abs.endsWith('.d.ts')) {
    const root = appRootOf(dirname(abs));
    const context = existsSync(join(root, 'cdk.json')) ? safeContext(root) : {};
    return { kind: 'entry', root, entry: relative(root, abs), context };
  }
  return { kind: 'template', root: dirname(abs), file: abs };
}

function detectFolder(dir: string, shown: string): AuditInput {
  if (isFile(join(dir, 'cdk.json'))) {
    const { entry, context } = readCdkJson(dir, shown.replace(/\/+$/, ''));
    if (!isFile(join(dir, entry))) {
      throw new LabError('E_USAGE', `${shown}/cdk.json runs ${entry}, which is not in the folder — is the app complete?`);
    }
    return { kind: 'cdk-app', root: dir, entry, context };
  }
  if (isFile(join(dir, 'manifest.json'))) return { kind: 'cdk-out', root: dir, dir };
  if (isFile(join(dir, 'cdk.out', 'manifest.json'))) return { kind: 'cdk-out', root: dir, dir: join(dir, 'cdk.out') };
  throw new LabError(
    'E_USAGE',
    `${shown} is not a CDK app, a cdk.out folder or a template: it has no cdk.json and no manifest.json — give the app's folder, its entry file, its cdk.out or a template file`,
  );
}

/**
 * The app folder of an entry: the nearest folder above it that holds cdk.json, else the entry's
 * own folder. Its imports must resolve inside it (a package.json is not taken as the app's root:
 * in a monorepo it would let the app read the whole repository).
 */
function appRootOf(dir: string): string {
  let d = dir;
  for (let i = 0; i <= MAX_APP_ROOT_LEVELS; i++) {
    if (isFile(join(d, 'cdk.json'))) return d;
    const up = dirname(d);
    if (up === d || basename(d) === 'node_modules') break;
    d = up;
  }
  return dir;
}

/** An entry given directly still gets its app's context; a cdk.json that cannot be read adds none. */
function safeContext(root: string): Record<string, unknown> {
  try {
    return readCdkJson(root, root).context;
  } catch {
    return {};
  }
}

function isFile(p: string): boolean {
  try {
    return lstatSync(p).isFile();
  } catch {
    return false;
  }
}
