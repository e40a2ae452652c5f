import { describe, expect, it } from 'vitest';
import { hasWithScope } from './nodeVersion.js';
import { FROZEN_IN_POOL_CLASSES, isFrozenInPool } from './inheritance.js';
import { isNeverALeak, kindOfExport, roleOf } from './vocabulary.js';
import { describeScopedForms, describeUndo } from './wording.js';

describe('vocabulary', () => {
  it('knows each module’s classes under every specifier', () => {
    expect(kindOfExport('@tlkit/core', 'InheritableThreadLocal')).toBe('thread-local');
    expect(kindOfExport('node:async_hooks', 'AsyncLocalStorage')).toBe('async-local-storage');
    expect(kindOfExport('async_hooks', 'AsyncLocalStorage')).toBe('async-local-storage');
    expect(kindOfExport('async_hooks', 'AsyncResource')).toBeNull();
    expect(kindOfExport('@tlkit/cor', 'ThreadLocal')).toBeNull();
  });

  it('never takes disable() for an undo', () => {
    expect(roleOf('async-local-storage', 'disable')).toBe('not-undo');
    expect(roleOf('async-local-storage', 'enterWith')).toBe('set');
    expect(roleOf('async-local-storage', 'withScope')).toBe('scoped');
    expect(roleOf('thread-local', 'remove')).toBe('undo');
    expect(roleOf('thread-local', 'disable')).toBeNull();
  });

  it('never takes a restore or a clear for a leak', () => {
    expect(isNeverALeak('saved-store')).toBe(true);
    expect(isNeverALeak('undefined')).toBe(true);
    expect(isNeverALeak('new-store')).toBe(false);
  });
});

describe('wording', () => {
  it('speaks of AsyncLocalStorage in its own words, and never advises disable()', () => {
    const advice = `${describeUndo('als', 'async-local-storage')} ${describeScopedForms('als', 'async-local-storage', true)}`;
    expect(advice).toContain('als.enterWith(previous)');
    expect(advice).toContain('using _ = als.withScope(store)');
    expect(advice).not.toMatch(/disable|remove|runWith|set\(/u);
    expect(describeScopedForms('als', 'async-local-storage', false)).toBe('`als.run(store, fn)`');
  });
});

describe('hasWithScope', () => {
  it.each([
    ['>=24', true],
    ['^24.1.0 || ^26', true],
    ['26.1.0', true],
    ['>=22', false],
    ['>=20.19.0', false],
    ['not a range', false],
    [undefined, false],
  ])('%s → %s', (range, expected) => {
    expect(hasWithScope(range)).toBe(expected);
  });
});

describe('inheritance', () => {
  it('freezes only InheritableThreadLocal values in pool code', () => {
    expect(isFrozenInPool('InheritableThreadLocal')).toBe(true);
    expect(isFrozenInPool('TransmittableThreadLocal')).toBe(false);
    expect(isFrozenInPool('ThreadLocal')).toBe(false);
    expect(isFrozenInPool('AsyncLocalStorage')).toBe(false);
    expect([...FROZEN_IN_POOL_CLASSES.core.keys()]).toEqual(['InheritableThreadLocal']);
    expect(FROZEN_IN_POOL_CLASSES.async_hooks.size).toBe(0);
  });
});
