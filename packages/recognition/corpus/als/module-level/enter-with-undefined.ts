// `enterWith(undefined)` at module level clears the root context once, at load (an SDK's init resetting stale context): safe.
// recognize: scopeStore=async-local-storage
import { AsyncLocalStorage } from 'node:async_hooks';

interface Scope {
  readonly user?: string;
}

const scopeStore = new AsyncLocalStorage<Scope | undefined>();

scopeStore.enterWith(undefined);

export function withScope<R>(scope: Scope, fn: () => R): R {
  return scopeStore.run(scope, fn);
}
