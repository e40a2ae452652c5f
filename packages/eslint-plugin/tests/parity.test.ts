import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import plugin from '../src/index.js';

// rules = docs = tests = index: every rule has a source file, a test file beside it, a doc page,
// an entry in the plugin's index and a row in the README's rule list, and nothing else has.
const root = new URL('../', import.meta.url);
const list = (dir: string, suffix: string): string[] =>
  readdirSync(new URL(dir, root))
    .filter((name) => name.endsWith(suffix))
    .map((name) => name.slice(0, -suffix.length))
    .sort();

describe('parity', () => {
  const indexed = Object.keys(plugin.rules).sort();

  it('rule sources = index', () => {
    const sources = list('src/rules/', '.ts').filter((name) => name !== 'index' && !name.endsWith('.test'));
    expect(sources).toEqual(indexed);
  });

  it('rule tests = index', () => {
    expect(list('src/rules/', '.test.ts')).toEqual(indexed);
  });

  it('rule docs = index', () => {
    expect(list('docs/rules/', '.md')).toEqual(indexed);
  });

  it('README rule list = index', () => {
    const readme = readFileSync(new URL('README.md', root), 'utf8');
    // Absolute links (.eslint-doc-generatorrc.js `urlRuleDoc`): the README is also read on npm.
    const listed = [
      ...readme.matchAll(/^\| \[([a-z-]+)\]\(https:\/\/github\.com\/tlkit\/tlkit\/blob\/main\/packages\/eslint-plugin\/docs\/rules\/\1\.md\)/gmu),
    ]
      .map((match) => match[1])
      .sort();
    expect(listed).toEqual(indexed);
  });

  it('each rule name matches its id', () => {
    for (const [id, rule] of Object.entries(plugin.rules)) expect(rule.name).toBe(id);
  });
});
