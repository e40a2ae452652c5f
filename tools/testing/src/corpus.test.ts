import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCorpus } from './corpus.js';

function corpus(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'tlkit-corpus-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

describe('readCorpus', () => {
  it('reads single-file and multi-file cases with their markers', () => {
    const root = corpus({
      'als/leak.ts': '// An enterWith left in place.\n// recognize: als=async-local-storage, x=none\nals.enterWith(1); // expect(eslint,typed): remove-in-finally/enterWithWithoutRestore expect(scan): enter-with-not-restored\n',
      'tl/cross/context.ts': '// A thread-local exported here, set there.\nexport const user = 1; // expect(scan): never-removed\n',
      'tl/cross/handler.ts': 'user.set(1); // expect(eslint): remove-in-finally/missingRemove\n',
      'tl/README.md': 'not a case',
    });
    const cases = readCorpus(root);
    expect(cases.map((each) => each.name)).toEqual(['als/leak', 'tl/cross']);
    const [leak, cross] = cases;
    expect(leak?.description).toBe('An enterWith left in place.');
    expect([...(leak?.recognize ?? [])]).toEqual([
      ['als', 'async-local-storage'],
      ['x', 'none'],
    ]);
    expect(leak?.expected.typed).toEqual([{ file: 'als/leak.ts', line: 3, id: 'remove-in-finally/enterWithWithoutRestore' }]);
    expect(leak?.expected.scan).toEqual([{ file: 'als/leak.ts', line: 3, id: 'enter-with-not-restored' }]);
    expect(cross?.files).toHaveLength(2);
    expect(cross?.expected.eslint).toEqual([{ file: 'tl/cross/handler.ts', line: 1, id: 'remove-in-finally/missingRemove' }]);
    expect(cross?.expected.typed).toEqual([]);
  });

  it('rejects an unknown mode and an empty corpus', () => {
    expect(() => readCorpus(corpus({ 'g/a.ts': 'x(); // expect(eslnt): r/m\n' }))).toThrow(/unknown corpus mode 'eslnt'/u);
    expect(() => readCorpus(corpus({ 'g/README.md': '' }))).toThrow(/no corpus case/u);
  });

  it('reads this repository’s corpus', () => {
    expect(readCorpus().length).toBeGreaterThan(0);
  });
});
