#!/usr/bin/env node
// The `lab` command. The engine is bundled into dist/ by `npm run build` (which `npm ci` runs).
import { existsSync } from 'node:fs';

const entry = new URL('../dist/bin.js', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write('✗ ecs-lab is not built — run `npm run build` (or `npm ci`, which builds it)\n');
  process.exit(2);
}
await import(entry.href);
