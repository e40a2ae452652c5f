import { describe, expect, it } from 'vitest';
import { fixtureProject, sites } from '../test-utils/fixtures.js';
import { enterWithNotRestored } from './enter-with-not-restored.js';

describe('enter-with-not-restored', () => {
  const findings = () => enterWithNotRestored(fixtureProject('enter-with-not-restored'));

  it('reports each enterWith that no covering finally restores, and disable() used as its undo', () => {
    expect(sites(findings(), 'enter-with-not-restored')).toEqual([
      'boot.ts:5:1 enter-with-not-restored', // a store entered at module level
      'handler.ts:22:3 enter-with-not-restored', // never restored
      'handler.ts:32:5 enter-with-not-restored', // disable() in the finally, reported at the disable()
      'handler.ts:39:3 enter-with-not-restored', // work() may throw before the try
    ]);
  });

  it('accepts restores through helpers in other files, handed-off undos, run() callbacks and enterWith(undefined) at module level', () => {
    const lines = findings().map((f) => `${f.location.file.split('/').pop()}:${f.location.line}`);
    for (const safe of ['handler.ts:6', 'handler.ts:44', 'handler.ts:51', 'context.ts:12', 'context.ts:18', 'context.ts:21', 'boot.ts:4']) {
      expect(lines).not.toContain(safe);
    }
  });

  it('speaks AsyncLocalStorage words and never advises disable()', () => {
    const leaked = findings().find((f) => f.location.line === 22);
    expect(leaked?.message).toContain('`context.enterWith(previous)`');
    expect(leaked?.message).toContain('`context.run(store, fn)`');
    expect(leaked?.message).toContain('async chain');
    expect(leaked?.message).not.toMatch(/remove|runWith|thread/u);
    const disabled = findings().find((f) => f.location.line === 32);
    expect(disabled?.message).toMatch(/^`context\.disable\(\)` in this `finally` is not the undo/u);
    expect(disabled?.message).toContain('Node 20 and 22');
    expect(disabled?.related[0]?.line).toBe(28);
    for (const finding of findings()) expect(finding.message).not.toMatch(/(?:use|call) `context\.disable\(\)`/u);
  });

  it('reports nothing on projects without AsyncLocalStorage', () => {
    expect(enterWithNotRestored(fixtureProject('clean'))).toEqual([]);
  });
});
