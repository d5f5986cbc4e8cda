import { existsSync, readdirSync } from 'node:fs';
import { LIMITS, readCapped } from '../../engine/limits';
import { join } from 'node:path';
import type { StackModel } from '../../engine/model/model';
import { cdk } from '../../engine/synth/synthesize';
import { defineCheck, type Finding } from '../../engine/types';
import { containerName, judgeImages, type ImageContainer } from './image-assets';

/**
 * The build context sent to `docker build` holds no repository history, no local dependencies
 * and no .env files — judged on what CDK actually staged — and the .dockerignore has rules that
 * keep them out even when they are not there today (a fresh clone, a CI checkout, `npm install`).
 */
export const dockerignore = defineCheck({
  id: 'docker.dockerignore',
  title: 'The build context excludes .git, node_modules and .env files',
  severity: 'high',
  why:
    'Everything in the build context can end up in the image through a `COPY . .`: a .env file with real credentials, the whole ' +
    'git history, or a node_modules built for your laptop instead of the image. A .dockerignore keeps them out of every build, ' +
    'by CDK or by hand, and makes builds faster because less is sent to the builder.',
  refs: {
    wellArchitected: ['SEC 6: How do you protect your compute resources?'],
    docs: ['https://docs.docker.com/build/concepts/context/#dockerignore-files'],
  },
  offline(ctx) {
    return judgeImages(ctx, judgeContext);
  },
});

/** A finding about the .dockerignore: located in that file when the workspace has it, so a click opens it. */
function atIgnoreFile(c: ImageContainer, finding: Finding): Finding {
  const file = `${c.contextLabel}.dockerignore`;
  return c.workspaceDockerfile && existsSync(join(c.image.contextDir, '.dockerignore')) ? { ...finding, location: { file, line: 1, column: 1 } } : finding;
}

function judgeContext(c: ImageContainer, model: StackModel): Finding[] {
  const who = containerName(c, model);
  const findings: Finding[] = [];
  const leaked = leakedPaths(c.image.contextDir);
  if (leaked.length) {
    const shown = leaked.slice(0, 5).join(', ') + (leaked.length > 5 ? ` and ${leaked.length - 5} more` : '');
    findings.push(
      atIgnoreFile(c, model.finding(c.taskDefinitionId, `${who}: the build context staged from ${c.contextLabel} contains ${shown}, which a COPY . . puts into the image`, `Exclude them in ${c.contextLabel}.dockerignore.`)),
    );
  }
  const ignoreFile = join(c.image.contextDir, '.dockerignore');
  if (!existsSync(ignoreFile)) {
    findings.push(model.finding(c.taskDefinitionId, `${who}: ${c.contextLabel} has no .dockerignore, so docker build sends the whole folder to the builder`, `Create ${c.contextLabel}.dockerignore excluding .git, node_modules, .env and .env.*.`));
    return findings;
  }
  const patterns = readCapped(ignoreFile, LIMITS.dockerTextBytes, `${c.contextLabel}.dockerignore`, 'keep it to the patterns the build needs').split('\n').map((l) => l.replace(/\r$/, '')).filter((l) => l.trim() !== '');
  const missing = unexcluded(c.image.contextDir, patterns);
  if (missing.length) {
    findings.push(
      atIgnoreFile(c, model.finding(c.taskDefinitionId, `${who}: ${c.contextLabel}.dockerignore does not exclude ${missing.join(', ')}`, `Add rules for ${missing.join(', ')} to ${c.contextLabel}.dockerignore (one pattern per line).`)),
    );
  }
  return findings;
}

// What a .dockerignore must keep out, each probed with paths that would appear in a context.
const PROBES: { rule: string; paths: string[] }[] = [
  { rule: '.git', paths: ['.git', '.git/HEAD', '.git/config'] },
  { rule: 'node_modules', paths: ['node_modules', 'node_modules/some-package/index.js'] },
  { rule: '.env', paths: ['.env'] },
  { rule: '.env.*', paths: ['.env.local', '.env.production'] },
];

/** The probe rules the patterns fail to exclude, evaluated with CDK's own Docker ignore strategy. */
export function unexcluded(contextDir: string, patterns: string[]): string[] {
  // Bounded: patterns become glob matchers, and the file is the learner's.
  const usable = patterns.filter((p) => p.length <= 1024).slice(0, 1000);
  const strategy = cdk().IgnoreStrategy.docker(contextDir, usable);
  return PROBES.filter((p) => !p.paths.every((rel) => strategy.ignores(join(contextDir, rel)))).map((p) => p.rule);
}

const EXAMPLE_ENV = /^\.env\.(example|sample|template)$/;

/** Paths in a staged context that must not be there, relative and `/`-separated (folders end in `/`). */
export function leakedPaths(contextDir: string): string[] {
  const out: string[] = [];
  // The staged context was written by the learner's app: its size and depth are bounded here.
  let budget = 50_000;
  const walk = (dir: string, rel: string) => {
    if (rel.split('/').length > 32) return;
    for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      if (--budget < 0) return;
      const path = rel + e.name;
      if (e.name === '.git' || (e.isDirectory() && e.name === 'node_modules')) {
        out.push(e.isDirectory() ? `${path}/` : path);
      } else if (e.isDirectory()) {
        walk(join(dir, e.name), `${path}/`);
      } else if ((e.name === '.env' || e.name.startsWith('.env.')) && !EXAMPLE_ENV.test(e.name)) {
        out.push(path);
      }
    }
  };
  walk(contextDir, '');
  return out;
}
