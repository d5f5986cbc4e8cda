// ecs-lab is Apache-2.0: every runtime dependency must be permissively licensed (no GPL/AGPL,
// e.g. @cloud-copilot/iam-simulate is AGPL and stays out). Dual licenses pass when one option does.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';

const PERMISSIVE = new Set(['MIT', 'Apache-2.0', 'ISC', 'BSD-2-Clause', 'BSD-3-Clause', '0BSD', 'BlueOak-1.0.0', 'CC0-1.0', 'PSF-2.0', 'Python-2.0', 'Unlicense']);

interface Node {
  version?: string;
  path?: string;
  dependencies?: Record<string, Node>;
}

function productionPackages(): Map<string, string> {
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const tree = JSON.parse(execFileSync(npm, ['ls', '--omit=dev', '--all', '--json', '--long'], { maxBuffer: 1e8, encoding: 'utf8' })) as Node;
  const out = new Map<string, string>();
  const walk = (node: Node) => {
    for (const [name, dep] of Object.entries(node.dependencies ?? {})) {
      if (!dep.path || out.has(`${name}@${dep.version}`)) continue;
      const pkg = JSON.parse(readFileSync(join(dep.path, 'package.json'), 'utf8'));
      out.set(`${name}@${dep.version}`, typeof pkg.license === 'string' ? pkg.license : JSON.stringify(pkg.license ?? pkg.licenses));
      walk(dep);
    }
  };
  walk(tree);
  return out;
}

it('every runtime dependency is permissively licensed', () => {
  const packages = productionPackages();
  expect(packages.size).toBeGreaterThan(20);
  const offending = [...packages].filter(([, license]) => {
    const options = license.replace(/[()]/g, '').split(/\s+OR\s+/);
    return !options.some((l) => PERMISSIVE.has(l.trim()));
  });
  expect(offending).toEqual([]);
}, 60_000);
