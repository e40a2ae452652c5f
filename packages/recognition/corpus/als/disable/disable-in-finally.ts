// disable() in a finally is not an undo: the outer store is lost (and on Node 20/22 other chains' too).
// recognize: storage=async-local-storage
import { AsyncLocalStorage } from 'node:async_hooks';

const storage = new AsyncLocalStorage<{ user: string }>();

export function asUser<R>(user: string, fn: () => R): R {
  storage.enterWith({ user });
  try {
    return fn();
  } finally {
    storage.disable(); // expect(eslint,typed): remove-in-finally/disableIsNotUndo expect(scan): enter-with-not-restored
  }
}
