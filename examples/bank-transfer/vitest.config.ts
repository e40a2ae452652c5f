import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'example-bank-transfer',
    include: ['src/**/*.test.ts'],
    globalSetup: ['./src/test-utils/globalSetup.ts'],
    // Hang guards, not performance expectations: on a loaded 2-core machine PGlite's WASM start and
    // the demo's ESLint and TypeScript loads take several times what they take on an idle one, and a
    // slow run must not fail. Every test's work is bounded by itself (fixed bursts, no polling).
    testTimeout: 300_000,
    hookTimeout: 300_000,
  },
});
