// The .gitignore every workspace carries, so committing it (to grade it in CI, or a workshop's
// repository) takes the learner's files and .lab/state.json and nothing the machine makes again.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const WORKSPACE_GITIGNORE = [
  '# Written by ecs-lab: what a committed workspace leaves out.',
  '# The editor link to the runner\'s packages, an absolute path on this machine (`lab check` makes it again).',
  '# Anchored: app/node_modules of a lab is the learner\'s own and stays.',
  '/node_modules',
  '# Synthesized output, wherever a tool writes it.',
  'cdk.out/',
  '.lab/cdk.out/',
  '# Half-written files and caches.',
  '.lab/*.tmp-*',
  '*.tsbuildinfo',
  '.cache/',
  '.eslintcache',
  '',
].join('\n');

/** What ecs-lab wrote before: replaced when found as it is, never when the learner changed it. */
const EARLIER = ['.lab/cdk.out/\nnode_modules\n'];

export function writeGitignore(dir: string): void {
  writeFileSync(join(dir, '.gitignore'), WORKSPACE_GITIGNORE);
}

/** A resumed workspace gets today's .gitignore when it still has one ecs-lab wrote earlier. */
export function upgradeGitignore(dir: string): void {
  const file = join(dir, '.gitignore');
  if (!existsSync(file)) return writeGitignore(dir);
  if (EARLIER.includes(readFileSync(file, 'utf8'))) writeGitignore(dir);
}
