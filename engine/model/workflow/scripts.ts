// What a `run:` step really runs, for checks that look for a command (`cdk deploy`, the tests): a
// team often wraps them (`npm run deploy`, `./scripts/deploy.sh`), and a check that reads only
// the step's own text would fail a workflow that deploys and tests perfectly well. The scripts a
// step calls are looked up in the workspace — package.json's `scripts`, shell scripts by path —
// and their text is added to the step's, a few levels deep. Nothing is run; the files are
// untrusted input, size-capped, and paths may not leave the workspace.
import { existsSync, lstatSync, readFileSync } from 'node:fs';
import { join, normalize, relative, isAbsolute } from 'node:path';

/** A package.json or a deploy script is far below this; a larger file is not followed. */
const MAX_SCRIPT_BYTES = 256 * 1024;
/** `npm run deploy` → `./scripts/deploy.sh` → `npx cdk deploy`: three levels cover wrappers. */
const MAX_DEPTH = 3;
/** What one step's expansion may grow to. */
const MAX_EXPANDED = 64 * 1024;

/** npm's own commands, never scripts of package.json. */
const NPM_BUILTINS = new Set(['install', 'ci', 'test', 'exec', 'add', 'i', 'dlx', 'audit', 'why', 'list', 'ls', 'publish', 'version']);

/** The step's command with the text of every workspace script it calls, one after another. */
export function expandRun(run: string, workspaceDir: string | undefined): string {
  if (!workspaceDir) return run;
  const scripts = packageScripts(workspaceDir);
  const seen = new Set<string>();
  let out = run;
  const visit = (text: string, depth: number) => {
    if (depth >= MAX_DEPTH) return;
    const { npm, shell } = calls(text);
    for (const name of npm) {
      if (seen.has(`npm:${name}`) || typeof scripts[name] !== 'string') continue;
      seen.add(`npm:${name}`);
      add(scripts[name] as string, depth);
    }
    for (const file of shell) {
      if (seen.has(`sh:${file}`)) continue;
      seen.add(`sh:${file}`);
      const body = readInside(workspaceDir, file);
      if (body !== undefined) add(body, depth);
    }
  };
  const add = (text: string, depth: number) => {
    if (out.length + text.length > MAX_EXPANDED) return;
    out += `\n${text}`;
    visit(text, depth + 1);
  };
  visit(run, 0);
  return out;
}

/**
 * The package scripts (`npm run x`, `npm run-script x`, `pnpm [run] x`, `yarn [run] x`,
 * `bun run x`) and shell scripts (`./x.sh`, `bash scripts/x.sh`) a command calls. Read word by
 * word, in one pass: the text is the learner's, so no pattern here may backtrack.
 */
export function calls(text: string): { npm: string[]; shell: string[] } {
  const words = text.split(/[\s;&|()'"]+/).filter(Boolean);
  const npm: string[] = [];
  const shell: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const [w, next, after] = [words[i], words[i + 1], words[i + 2]];
    if ((w === 'npm' && (next === 'run' || next === 'run-script')) || (w === 'bun' && next === 'run')) {
      if (after) npm.push(after);
    } else if (w === 'pnpm' || w === 'yarn') {
      const name = next === 'run' ? after : next;
      if (name && !NPM_BUILTINS.has(name)) npm.push(name);
    }
    if (/^[\w./-]+\.(?:sh|bash)$/.test(w)) shell.push(w);
  }
  return { npm, shell };
}

function packageScripts(workspaceDir: string): Record<string, unknown> {
  const text = readInside(workspaceDir, 'package.json');
  if (text === undefined) return {};
  try {
    const scripts = (JSON.parse(text) as { scripts?: unknown }).scripts;
    return scripts && typeof scripts === 'object' && !Array.isArray(scripts) ? (scripts as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** A regular file of the workspace (no link, nothing outside it), or undefined. */
function readInside(workspaceDir: string, file: string): string | undefined {
  const path = join(workspaceDir, normalize(file));
  const rel = relative(workspaceDir, path);
  if (rel.startsWith('..') || isAbsolute(rel) || !existsSync(path)) return undefined;
  const st = lstatSync(path);
  if (!st.isFile() || st.size > MAX_SCRIPT_BYTES) return undefined;
  return readFileSync(path, 'utf8');
}
