import { describe, expect, it } from 'vitest';
import { fixtureProject, sites } from '../test-utils/fixtures.js';
import { neverRemoved } from './never-removed.js';

describe('never-removed', () => {
  it('reports thread-locals set in one module and removed in none, however they are imported or created', () => {
    const findings = neverRemoved(fixtureProject('never-removed'));
    expect(sites(findings, 'never-removed')).toEqual([
      'context.ts:12:19 never-removed', // static readonly field, namespace import of InheritableThreadLocal
      'context.ts:6:14 never-removed', // aliased named import
      'context.ts:7:14 never-removed', // ThreadLocal.withInitial through a namespace import
      'context.ts:8:14 never-removed', // subclass declared in another file
    ]);
    // `store`, an AsyncLocalStorage entered and never restored, is enter-with-not-restored's: it
    // has no remove, and disable() is not its undo.
  });

  it('names the thread-local, points at the set sites and says how to fix it', () => {
    const findings = neverRemoved(fixtureProject('never-removed'));
    const requestUser = findings.find((f) => f.message.startsWith('`requestUser`'));
    expect(requestUser?.message).toContain('`requestUser.remove()` is called nowhere in the program');
    expect(requestUser?.message).toContain('`requestUser.runWith(value, fn)`');
    expect(requestUser?.related).toHaveLength(1);
    expect(requestUser?.related[0]).toMatchObject({ line: 4, column: 3 });
    expect(requestUser?.related[0]?.file).toMatch(/login\.ts$/);
    expect(findings.some((f) => f.message.startsWith('`store`'))).toBe(false);
    expect(findings.every((f) => !f.message.includes('disable()'))).toBe(true);
  });

  it('does not report a thread-local removed in another module, nor same-named maps', () => {
    const messages = neverRemoved(fixtureProject('never-removed')).map((f) => f.message);
    expect(messages.some((m) => m.includes('correlation'))).toBe(false);
  });

  it('reports nothing on a clean project', () => {
    expect(neverRemoved(fixtureProject('clean'))).toEqual([]);
  });
});
