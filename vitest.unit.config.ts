// Unit tests only (no dist/ build, no end-to-end tests): `npx vitest run -c vitest.unit.config.ts <paths>`.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['engine/**/*.test.ts', 'checks/**/*.test.ts', 'labs/**/*.test.ts', 'scripts/**/*.test.ts'],
    exclude: ['**/*.e2e.test.ts', '**/node_modules/**'],
    testTimeout: 60_000,
    pool: 'forks',
    // Files share a worker's loaded modules (aws-cdk-lib, the engine), as in the full suite; run
    // the SDK-mocking tests (engine/aws/**) with --isolate when they run together with others.
    isolate: false,
    // @actions/workflow-parser imports its JSON schema without an import attribute, which Node
    // refuses; inlined, vite transforms it (the build bundles it for the same reason).
    server: { deps: { inline: ['@actions/workflow-parser'] } },
  },
});
