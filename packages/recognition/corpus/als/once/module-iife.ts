// A module-level IIFE creates and returns the AsyncLocalStorage (feature detection at load time): runs once, safe.
// recognize: storage=async-local-storage
import { AsyncLocalStorage } from 'node:async_hooks';

interface Store {
  readonly traceparent?: string;
}

const storage = (() => {
  const created = new AsyncLocalStorage<Store>();
  return created;
})();

export function traceparent(): string | undefined {
  return storage.getStore()?.traceparent;
}

export function withTraceparent<R>(traceparent: string, fn: () => R): R {
  return storage.run({ traceparent }, fn);
}
