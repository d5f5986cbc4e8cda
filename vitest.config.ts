import { defineConfig } from 'vitest/config';

const ALL = ['engine/**/*.test.ts', 'checks/**/*.test.ts', 'labs/**/*.test.ts', 'scripts/**/*.test.ts'];
const E2E = '**/*.e2e.test.ts';
// Tests that mock the AWS SDK (aws-sdk-client-mock patches the clients' prototypes) or the clock
// keep a fresh module state per file, as end-to-end tests do.
const OWN_PROCESS = ['engine/aws/**/*.test.ts', 'engine/cli/commands/aws-live.test.ts', 'engine/cli/commands/sweep.test.ts', 'checks/app/no-drift.test.ts'];

export default defineConfig({
  test: {
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
    projects: [
      {
        extends: true,
        // Unit and lab tests share a worker's loaded modules (aws-cdk-lib, the engine) from file to
        // file instead of importing them again for each of ~240 files: 2.5× faster on 2 cores.
        // Tests keep no state between files (mocks are reset in afterEach, temp folders are their own).
        test: { name: 'unit', include: ALL, exclude: [E2E, ...OWN_PROCESS, '**/node_modules/**'], isolate: false },
      },
      {
        extends: true,
        // End-to-end tests spawn the lab binary; they and the SDK-mocking tests keep a process per file.
        test: { name: 'isolated', include: [E2E, ...OWN_PROCESS], exclude: ['**/node_modules/**'] },
      },
    ],
  },
});
