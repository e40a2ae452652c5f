import { describe, expect, it } from 'vitest';
import { fixtureProject, sites } from '../test-utils/fixtures.js';
import { removeNotInFinally } from './remove-not-in-finally.js';

describe('remove-not-in-finally', () => {
  it('reports removes in helpers that no finally block calls, in any file', () => {
    const findings = removeNotInFinally(fixtureProject('remove-not-in-finally'));
    expect(sites(findings, 'remove-not-in-finally')).toEqual([
      'context.ts:11:3 remove-not-in-finally', // clearRequest(), called after an await, not in finally
    ]);
    // `store.disable()` in an arrow helper is not reported: disable() is no undo of an
    // AsyncLocalStorage, whose enterWith is enter-with-not-restored's.
    expect(findings[0]?.message).toContain('runs only in `clearRequest()`, which no `finally` block calls');
    expect(findings[0]?.related[0]?.file).toMatch(/handler\.ts$/);
  });

  it('accepts helpers called from a finally block, and from a .finally() callback through another helper', () => {
    const messages = removeNotInFinally(fixtureProject('remove-not-in-finally')).map((f) => f.message);
    expect(messages.some((m) => m.includes('transaction'))).toBe(false);
    expect(messages.some((m) => m.includes('connection'))).toBe(false);
  });

  it('leaves a thread-local that is never removed to never-removed, and a clean project alone', () => {
    expect(removeNotInFinally(fixtureProject('never-removed'))).toEqual([]);
    expect(removeNotInFinally(fixtureProject('clean'))).toEqual([]);
  });
});
