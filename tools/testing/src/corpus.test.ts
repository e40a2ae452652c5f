import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CORPUS_MODES, readCorpus } from './corpus.js';

// The ids a corpus expectation may name: the fixed messageIds of the ESLint rules and the scan's
// check ids. A typo (or a retired id such as `enterWithWithoutUndo`) in a marker would otherwise
// only show up as a puzzling failure in both tools' runners.
const ESLINT_IDS = new Set([
  'remove-in-finally/missingRemove',
  'remove-in-finally/missingRemoveInPool',
  'remove-in-finally/setNullish',
  'remove-in-finally/setAtModuleLevel',
  'remove-in-finally/preferScopedForm',
  'remove-in-finally/enterWithWithoutRestore',
  'remove-in-finally/disableIsNotUndo',
  'remove-in-finally/enterWithAtModuleLevel',
  'static-thread-local/createdRepeatedly',
  'static-thread-local/instanceField',
  'static-thread-local/staticNotReadonly',
  'static-thread-local/mutableBinding',
  'no-inheritable-in-pool/inheritableReadInPool',
]);
const SCAN_IDS = new Set(['never-removed', 'remove-not-in-finally', 'per-call-factory', 'pool-task-set', 'enter-with-not-restored', 'inheritable-in-pool']);
const KINDS = new Set(['thread-local', 'async-local-storage', 'thread-pool', 'none']);

describe('the shared corpus', () => {
  const cases = readCorpus();

  it('lays cases out as kind/group/case', () => {
    for (const corpusCase of cases) expect(corpusCase.name).toMatch(/^(?:als|thread-local)\/[a-z-]+\/[a-z0-9-]+$/u);
  });

  it('holds at least 45 AsyncLocalStorage and 15 ThreadLocal cases', () => {
    expect(cases.filter((corpusCase) => corpusCase.name.startsWith('als/')).length).toBeGreaterThanOrEqual(45);
    expect(cases.filter((corpusCase) => corpusCase.name.startsWith('thread-local/')).length).toBeGreaterThanOrEqual(15);
  });

  it.each(cases.map((corpusCase) => [corpusCase.name, corpusCase] as const))('%s is well-formed', (_name, corpusCase) => {
    expect(corpusCase.description).not.toBe('');
    for (const kind of corpusCase.recognize.values()) expect(KINDS).toContain(kind);
    for (const mode of CORPUS_MODES) {
      const ids = mode === 'scan' ? SCAN_IDS : ESLINT_IDS;
      for (const report of corpusCase.expected[mode]) expect(ids, `${report.file}:${report.line}`).toContain(report.id);
    }
    // The two ESLint modes differ only where type information legitimately adds a finding.
    const untyped = corpusCase.expected.eslint.map((report) => `${report.file}:${report.line} ${report.id}`);
    const typed = corpusCase.expected.typed.map((report) => `${report.file}:${report.line} ${report.id}`);
    expect(typed).toEqual(expect.arrayContaining(untyped));
  });
});

describe('readCorpus', () => {
  const root = mkdtempSync(join(tmpdir(), 'tlkit-corpus-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('reads file cases and directory cases, with markers per mode', () => {
    mkdirSync(join(root, 'als', 'restore'), { recursive: true });
    mkdirSync(join(root, 'als', 'cross-file', 'exported'), { recursive: true });
    writeFileSync(
      join(root, 'als', 'restore', 'one.ts'),
      '// A first line.\n// recognize: s=async-local-storage\ns.enterWith(1); // expect(eslint,typed): a/b expect(scan): c\n',
    );
    writeFileSync(join(root, 'als', 'cross-file', 'exported', 'a.ts'), '// Declares.\nexport const x = 1;\n');
    writeFileSync(join(root, 'als', 'cross-file', 'exported', 'b.ts'), '// Uses.\nx; // expect(scan): d\n');
    const [directory, file] = readCorpus(root);
    expect(directory?.name).toBe('als/cross-file/exported');
    expect(directory?.description).toBe('Declares.');
    expect(directory?.files).toHaveLength(2);
    expect(directory?.expected.scan).toEqual([{ file: 'als/cross-file/exported/b.ts', line: 2, id: 'd' }]);
    expect(file?.name).toBe('als/restore/one');
    expect(file?.recognize).toEqual(new Map([['s', 'async-local-storage']]));
    expect(file?.expected.eslint).toEqual([{ file: 'als/restore/one.ts', line: 3, id: 'a/b' }]);
    expect(file?.expected.typed).toEqual(file?.expected.eslint);
    expect(file?.expected.scan).toEqual([{ file: 'als/restore/one.ts', line: 3, id: 'c' }]);
  });

  it('rejects an unknown mode', () => {
    mkdirSync(join(root, 'bad', 'group'), { recursive: true });
    writeFileSync(join(root, 'bad', 'group', 'x.ts'), '// x\n// expect(lint): a/b\n');
    expect(() => readCorpus(root)).toThrow(/unknown corpus mode 'lint'/u);
  });
});
