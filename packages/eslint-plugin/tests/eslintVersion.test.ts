import { createRequire } from 'node:module';
import { Linter } from 'eslint';
import { describe, expect, it } from 'vitest';

// The suite runs on ESLint 10 (`npm test`) and on ESLint 9 (`npm run test:eslint9`): prove which one
// both the tests and the rule tester actually loaded, so a broken switch cannot pass silently.
const expectedMajor = process.env['TLKIT_ESLINT'] ?? '10';

describe(`ESLint ${expectedMajor}`, () => {
  it('is the ESLint the tests load', () => {
    expect(Linter.version.split('.')[0]).toBe(expectedMajor);
  });

  it('is the ESLint the rule tester loads', () => {
    const fromRuleTester = createRequire(createRequire(import.meta.url).resolve('@typescript-eslint/rule-tester'));
    const { Linter: TesterLinter } = fromRuleTester('eslint') as typeof import('eslint');
    expect(TesterLinter.version.split('.')[0]).toBe(expectedMajor);
  });
});
