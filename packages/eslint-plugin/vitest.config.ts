import { defineConfig } from 'vitest/config';

// `npm run test:eslint9` sets TLKIT_ESLINT=9: the tests' own `eslint` imports then resolve to the
// `eslint-v9` alias package (and tests/eslint9/register.mjs redirects the libraries' requires).
const eslint9 = process.env['TLKIT_ESLINT'] === '9';

export default defineConfig({
  ...(eslint9 ? { resolve: { alias: [{ find: /^eslint(?=\/|$)/u, replacement: 'eslint-v9' }] } } : {}),
  test: {
    name: eslint9 ? '@tlkit/eslint-plugin (ESLint 9)' : '@tlkit/eslint-plugin',
    include: ['src/**/*.test.ts', 'tests/**/*.test.ts'],
    setupFiles: ['./tests/setupRuleTester.ts'],
    // Typed rule tests start a TypeScript program; give them room on a shared machine.
    testTimeout: 60_000,
  },
});
