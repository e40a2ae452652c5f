import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'example-bank-transfer',
    include: ['src/**/*.test.ts'],
    // Real databases: PGlite's WASM start takes seconds on a loaded machine, a burst of 200 transfers a few more.
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
