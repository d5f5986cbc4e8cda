// The opt-in live smoke test against a real AWS account: `npm run test:live` (see docs/aws.md).
// Its files end in `.live.ts`, so neither `vitest run` nor CI ever picks them up.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['engine/**/*.live.ts'],
    globalSetup: ['./scripts/vitest-global-setup.ts'],
    testTimeout: 30 * 60 * 1000,
    hookTimeout: 30 * 60 * 1000,
    pool: 'forks',
    fileParallelism: false,
  },
});
