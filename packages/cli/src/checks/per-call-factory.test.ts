import { describe, expect, it } from 'vitest';
import { fixtureProject, sites } from '../test-utils/fixtures.js';
import { perCallFactory } from './per-call-factory.js';

describe('per-call-factory', () => {
  it('reports calls to a factory in another file made per call or per instance', () => {
    const findings = perCallFactory(fixtureProject('per-call-factory'));
    expect(sites(findings, 'per-call-factory')).toEqual([
      'handler.ts:17:17 per-call-factory', // createLocal() inside handle()
      'handler.ts:19:3 per-call-factory', // namedLocal(): returns another factory's result
      'handler.ts:20:3 per-call-factory', // Locals.create(): a static method factory
      'handler.ts:9:34 per-call-factory', // makeStore() in an instance field initializer
    ]);
    const createLocal = findings.find((f) => f.message.startsWith('`createLocal()`'));
    expect(createLocal?.message).toContain('called here inside `handle`');
    expect(createLocal?.related[0]?.file).toMatch(/factories\.ts$/);
  });

  it('accepts factories whose result is stored once, and calls to functions that are not factories', () => {
    const messages = perCallFactory(fixtureProject('per-call-factory')).map((f) => f.message);
    expect(messages.some((m) => m.includes('createWithDefault') || m.includes('label'))).toBe(false);
    expect(perCallFactory(fixtureProject('clean'))).toEqual([]);
  });

  it('accepts factories that create once however often they are called, and factories called only at initialization', () => {
    // Memoised per key (`??=`, a local kept in a map), lazy singletons, a module-level IIFE, and a
    // plain factory whose callers are a module-level const, a static field and a static block.
    expect(perCallFactory(fixtureProject('per-call-once'))).toEqual([]);
  });

  it('speaks of an AsyncLocalStorage in its own words', () => {
    const store = perCallFactory(fixtureProject('per-call-factory')).find((f) => f.message.startsWith('`makeStore()`'));
    expect(store?.message).toContain('creates another AsyncLocalStorage');
    expect(store?.message).not.toMatch(/thread-local|stale/u);
  });
});
