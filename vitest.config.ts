import { defineConfig } from 'vitest/config';

// Lets `npx vitest` from the root run every package; `npm test` goes through turbo instead,
// which runs each package's own vitest project after building its dependencies.
export default defineConfig({
  test: {
    projects: ['packages/*', 'examples/*', 'tools/*'],
  },
});
