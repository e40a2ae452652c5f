// An enterWith undone by putting the saved store back in a finally (tracing SDKs): safe.
// recognize: storage=async-local-storage
import { AsyncLocalStorage } from 'node:async_hooks';

interface Context {
  readonly span?: string;
}

const storage = new AsyncLocalStorage<Context>();

export function withSpan<R>(span: string, fn: () => R): R {
  const previous = storage.getStore();
  storage.enterWith({ ...previous, span });
  try {
    return fn();
  } finally {
    storage.enterWith(previous!);
  }
}
