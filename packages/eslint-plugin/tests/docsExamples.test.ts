import { readFileSync } from 'node:fs';
import { Linter } from 'eslint';
import { describe, expect, it } from 'vitest';
import plugin from '../src/index.js';

interface Example {
  readonly kind: 'incorrect' | 'correct';
  readonly code: string;
  readonly line: number;
}

/** The ```ts blocks under `### ❌ Incorrect` and `### ✅ Correct` of a rule doc. */
function examplesOf(markdown: string): Example[] {
  const examples: Example[] = [];
  let kind: Example['kind'] | null = null;
  const lines = markdown.split('\n');
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index] ?? '';
    if (/^#{1,3} /u.test(line)) {
      kind = /^### ❌ Incorrect/u.test(line) ? 'incorrect' : /^### ✅ Correct/u.test(line) ? 'correct' : null;
    } else if (kind && line === '```ts') {
      const start = index + 1;
      let end = start;
      while (end < lines.length && lines[end] !== '```') end++;
      examples.push({ kind, code: `${lines.slice(start, end).join('\n')}\n`, line: start + 1 });
      index = end;
    }
  }
  return examples;
}

const linter = new Linter({ configType: 'flat' });
const config = plugin.configs.recommended;

for (const id of Object.keys(plugin.rules)) {
  const doc = readFileSync(new URL(`../docs/rules/${id}.md`, import.meta.url), 'utf8');
  const examples = examplesOf(doc);

  describe(`docs/rules/${id}.md examples`, () => {
    it('has both incorrect and correct examples', () => {
      expect(examples.some((example) => example.kind === 'incorrect')).toBe(true);
      expect(examples.some((example) => example.kind === 'correct')).toBe(true);
    });

    for (const example of examples) {
      it(`${example.kind} example at line ${example.line}`, () => {
        const messages = linter.verify(example.code, [config], { filename: 'example.ts' });
        expect(messages.filter((message) => message.fatal === true)).toEqual([]);
        const own = messages.filter((message) => message.ruleId === `@tlkit/${id}`);
        if (example.kind === 'incorrect') {
          expect(own.length).toBeGreaterThan(0);
        } else {
          expect(messages.filter((message) => message.ruleId?.startsWith('@tlkit/'))).toEqual([]);
        }
      });
    }
  });
}
