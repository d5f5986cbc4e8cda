// Compiler options shared by the engine's type check and the tsconfig.json written into every
// workspace, so the learner's editor and `lab check` agree on what is an error.
export const WORKSPACE_COMPILER_OPTIONS = {
  target: 'ES2022',
  // TypeScript 7 has no node10 resolution; `bundler` resolves as esbuild (which bundles the
  // workspace) does, and editors on TypeScript 5.4 or later read the same settings.
  module: 'preserve',
  moduleResolution: 'bundler',
  lib: ['ES2022'],
  types: ['node'],
  strict: true,
  esModuleInterop: true,
  skipLibCheck: true,
  noEmit: true,
  forceConsistentCasingInFileNames: true,
} as const;
