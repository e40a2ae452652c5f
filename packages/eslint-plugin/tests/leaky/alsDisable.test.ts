import { AsyncLocalStorage } from 'node:async_hooks';
import { describe, expect, it } from 'vitest';

// The facts behind `remove-in-finally`'s `disableIsNotUndo` (docs/rules/remove-in-finally.md, "Why
// `disable()` is not an undo"), checked on the Node that runs the tests: `disable()` in a `finally`
// does not put the previous store back, and on Node 20 and 22 it also empties other chains' stores.
// It lives under `leaky/` because it does on purpose what the tlkit rules report (they are off here).
const major = Number(process.versions.node.split('.')[0]);

describe('AsyncLocalStorage#disable() is not the undo of enterWith()', () => {
  it('leaves the chain without the outer store', async () => {
    const als = new AsyncLocalStorage<string>();
    const seen = await als.run('outer', async () => {
      try {
        als.enterWith('inner');
      } finally {
        als.disable();
      }
      await Promise.resolve();
      return als.getStore();
    });
    expect(seen).toBeUndefined();
  });

  it('puts the outer store back with the save/restore pair', async () => {
    const als = new AsyncLocalStorage<string>();
    const seen = await als.run('outer', async () => {
      const previous = als.getStore();
      try {
        als.enterWith('inner');
      } finally {
        als.enterWith(previous as string);
      }
      await Promise.resolve();
      return als.getStore();
    });
    expect(seen).toBe('outer');
  });

  it.runIf(major <= 22)('on Node 20 and 22, empties the store of another in-flight chain', async () => {
    const als = new AsyncLocalStorage<string>();
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const other = als.run('B', async () => {
      await gate;
      return als.getStore();
    });
    als.run('A', () => {
      try {
        als.enterWith('inner');
      } finally {
        als.disable();
      }
    });
    release();
    expect(await other).toBeUndefined();
  });
});
