// Node 24's `using _ = als.withScope(store)`: the store is put back when the block exits, whatever the path: safe.
// recognize: requestStore=async-local-storage
import { AsyncLocalStorage } from 'node:async_hooks';

// @types/node 20.x does not declare withScope (Node >= 24): declared here for the type checker.
declare module 'node:async_hooks' {
  interface AsyncLocalStorage<T> {
    withScope(store: T): Disposable;
  }
}

interface RequestStore {
  readonly requestId: string;
}

const requestStore = new AsyncLocalStorage<RequestStore>();

export function handle(requestId: string, work: () => string): string {
  using _ = requestStore.withScope({ requestId });
  return work();
}
