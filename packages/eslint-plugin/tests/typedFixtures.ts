import { fileURLToPath } from 'node:url';
import type { RuleTesterConfig } from '@typescript-eslint/rule-tester';

/** The fixture project the typed rule tests lint against. */
export const typedFixturesDir = fileURLToPath(new URL('./fixtures/', import.meta.url));

/** The file name every typed case uses; its text is replaced by the case's code. */
export const typedFixtureFile = fileURLToPath(new URL('./fixtures/file.ts', import.meta.url));

/** RuleTester config with type information from the fixture project. */
export const typedRuleTesterConfig: RuleTesterConfig = {
  languageOptions: {
    parserOptions: {
      projectService: true,
      tsconfigRootDir: typedFixturesDir,
    },
  },
};
