import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['engine/**/*.test.ts', 'checks/**/*.test.ts', 'labs/**/*.test.ts', 'scripts/**/*.test.ts'],
    // End-to-end tests run the real `lab` binary, so dist/ is built once before any test.
    globalSetup: ['./scripts/vitest-global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // @actions/workflow-parser imports its JSON schema without an import attribute, which Node
    // refuses; inlined, vite transforms it (the build bundles it for the same reason).
    server: { deps: { inline: ['@actions/workflow-parser'] } },
    // vitest leaves one core free by default, which on a 2-core CI machine runs every file in
    // series; most of the suite waits on child processes (synthesis, the lab binary), so both
    // cores are used.
    maxWorkers: 2,
    reporters: ['default', './scripts/plain-summary-reporter.ts'],
  },
});
