// A context manager assigns `this.storage = new AsyncLocalStorage()` in its constructor: one instance per object, a per-instance field: reported.
// The scan has no finding: no factory call (per-call-factory covers factory calls only).
import { AsyncLocalStorage } from 'node:async_hooks';

type Context = ReadonlyMap<string, unknown>;

export class ContextManager {
  private readonly storage: AsyncLocalStorage<Context>;

  constructor() {
    this.storage = new AsyncLocalStorage<Context>(); // expect(eslint,typed): static-thread-local/instanceField
  }

  with<R>(context: Context, fn: () => R): R {
    return this.storage.run(context, fn);
  }
}
