import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    globalSetup: ['./test/globalSetup.ts'],
    // Loading a TypeScript program takes a second or two on a shared 2-core machine.
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
