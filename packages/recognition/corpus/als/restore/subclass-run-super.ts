// An AsyncLocalStorage subclass overrides enterWith() and run(): its enterWith calls super.enterWith (the implementation, not a use), and run() restores with super.enterWith(prior) in a finally (dd-trace's storage): safe.
// recognize: storage=async-local-storage
import { AsyncLocalStorage } from 'node:async_hooks';

const handles = new WeakMap<object, object>();

class HandleStorage extends AsyncLocalStorage<object> {
  override enterWith(store: object): void {
    const handle = {};
    handles.set(handle, store);
    super.enterWith(handle);
  }

  override run<R>(store: object, fn: () => R): R {
    const prior = super.getStore();
    this.enterWith(store);
    try {
      return fn();
    } finally {
      super.enterWith(prior!);
    }
  }
}

export const storage = new HandleStorage();
