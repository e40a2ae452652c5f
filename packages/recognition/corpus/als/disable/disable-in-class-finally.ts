// A context manager's with() enters the context and calls disable() in its finally: disable() is not an undo (the outer context is lost, and on Node 20/22 every chain's): reported at the disable().
// recognize: ManualContextManager.storage=async-local-storage
import { AsyncLocalStorage } from 'node:async_hooks';

type Context = ReadonlyMap<symbol, unknown>;

export class ManualContextManager {
  private static readonly storage = new AsyncLocalStorage<Context>();

  with<R>(context: Context, fn: () => R): R {
    ManualContextManager.storage.enterWith(context);
    try {
      return fn();
    } finally {
      ManualContextManager.storage.disable(); // expect(eslint,typed): remove-in-finally/disableIsNotUndo expect(scan): enter-with-not-restored
    }
  }
}
