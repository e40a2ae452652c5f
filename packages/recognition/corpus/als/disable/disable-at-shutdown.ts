// disable() in a context manager's shutdown, not as the undo of any enterWith (OpenTelemetry's ContextManager.disable()): safe.
// recognize: AsyncContextManager.storage=async-local-storage
import { AsyncLocalStorage } from 'node:async_hooks';

type Context = ReadonlyMap<symbol, unknown>;

export class AsyncContextManager {
  private static readonly storage = new AsyncLocalStorage<Context>();

  with<R>(context: Context, fn: () => R): R {
    return AsyncContextManager.storage.run(context, fn);
  }

  disable(): this {
    AsyncContextManager.storage.disable();
    return this;
  }
}
