import { fileURLToPath } from 'node:url';
import type { RuleTesterConfig } from '@typescript-eslint/rule-tester';

/** The fixture project the typed rule tests lint against. */
export const typedFixturesDir = fileURLToPath(new URL('./fixtures/', import.meta.url));

/**
 * RuleTester config with type information from the fixture project. A case without a `filename` is
 * linted as `fixtures/file.ts` (its text replaced by the case's code), so it can import the fixtures.
 */
export const typedRuleTesterConfig: RuleTesterConfig = {
  defaultFilenames: {
    ts: fileURLToPath(new URL('./fixtures/file.ts', import.meta.url)),
    tsx: fileURLToPath(new URL('./fixtures/react.tsx', import.meta.url)),
  },
  languageOptions: {
    parserOptions: {
      projectService: true,
      tsconfigRootDir: typedFixturesDir,
    },
  },
};
