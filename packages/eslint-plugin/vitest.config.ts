import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: '@tlkit/eslint-plugin',
    include: ['src/**/*.test.ts', 'tests/**/*.test.ts'],
    setupFiles: ['./tests/setupRuleTester.ts'],
    // Typed rule tests start a TypeScript program; give them room on a shared machine.
    testTimeout: 60_000,
  },
});
