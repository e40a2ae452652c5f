import { formatReport, readCorpus } from '@tlkit/testing/corpus';
import { beforeAll, describe, expect, it } from 'vitest';
import { ESLINT_MODES, kindsOf, lintCorpus, reportsOf } from './corpusRunner.js';
import type { LintedFile } from './corpusRunner.js';

// The shared construct corpus is the spec: each case must get exactly the reports its
// `expect(mode)` markers name, and each `recognize:` binding must be recognized as the kind it names.
// A failure here is the rules disagreeing with the corpus, never a reason to edit an expectation to
// match the rules.
const cases = readCorpus();

describe.each(ESLINT_MODES)('construct corpus, %s', (mode) => {
  let linted: Map<string, LintedFile>;

  // One lint of the whole corpus; the typed run builds the program once for every case.
  beforeAll(async () => {
    linted = await lintCorpus(mode);
  }, 180_000);

  it.each(cases.map((corpusCase) => [corpusCase.name, corpusCase] as const))('%s', (_name, corpusCase) => {
    expect.soft(reportsOf(corpusCase, linted), corpusCase.description).toEqual(corpusCase.expected[mode].map(formatReport));
    const { expected, actual } = kindsOf(corpusCase, linted);
    expect.soft(actual, `recognize: ${corpusCase.description}`).toEqual(expected);
  });
});
