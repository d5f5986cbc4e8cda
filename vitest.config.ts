import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['engine/**/*.test.ts', 'checks/**/*.test.ts', 'labs/**/*.test.ts', 'scripts/**/*.test.ts'],
    // End-to-end tests run the real `lab` binary, so dist/ is built once before any test.
    globalSetup: ['./scripts/vitest-global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    reporters: ['default', './scripts/plain-summary-reporter.ts'],
  },
});
