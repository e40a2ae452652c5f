import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RuleTester } from '@typescript-eslint/rule-tester';
import type { ValidTestCase } from '@typescript-eslint/rule-tester';
import { rules } from '../src/rules/index.js';
import { typedFixturesDir, typedRuleTesterConfig } from './typedFixtures.js';

// The precision corpus: unrelated set()/remove()/disable() (Map, WeakMap, Set, URLSearchParams, Headers,
// ORM query builders and repositories, fixer.remove(), OpenTelemetry's context.disable(), DOM, signals)
// must produce zero reports from every rule, with and without type information.
const corpusDir = join(typedFixturesDir, 'unrelated');
const corpus = readdirSync(corpusDir)
  .filter((name) => name.endsWith('.ts'))
  .sort()
  .map((name) => ({ name: join(corpusDir, name), code: readFileSync(join(corpusDir, name), 'utf8') }));

const untyped = new RuleTester();
const typed = new RuleTester(typedRuleTesterConfig);

for (const [id, rule] of Object.entries(rules)) {
  const cases = (options: readonly [Record<string, unknown>] | []): ValidTestCase<never>[] =>
    corpus.map(({ name, code }) => ({ name: `${id}: ${name}`, code, filename: name, options: options as never }));
  untyped.run(`${id} on the unrelated corpus`, rule as never, { valid: cases([]), invalid: [] });
  typed.run(`${id} on the unrelated corpus (typed)`, rule as never, { valid: cases([{ checkTypes: true }]), invalid: [] });
}
