// A setup function behind an `installed` guard (Sentry's async-context strategy setup): the AsyncLocalStorage is created at most once, safe.
// recognize: scopeStorage=async-local-storage
import { AsyncLocalStorage } from 'node:async_hooks';

interface Hub {
  readonly release: string;
}

let installed = false;
let scopeStorage: AsyncLocalStorage<Hub> | undefined;

export function setAsyncContextStrategy(): void {
  if (installed) return;
  installed = true;
  scopeStorage = new AsyncLocalStorage<Hub>();
}

export function withHub<R>(hub: Hub, fn: () => R): R {
  return scopeStorage ? scopeStorage.run(hub, fn) : fn();
}
