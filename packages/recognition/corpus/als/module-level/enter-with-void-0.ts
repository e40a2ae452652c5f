// `enterWith(void 0)` at module level is the same clearing of the root context as enterWith(undefined): safe.
// recognize: traceStore=async-local-storage
import { AsyncLocalStorage } from 'node:async_hooks';

const traceStore = new AsyncLocalStorage<string | undefined>();

traceStore.enterWith(void 0);

export function traceId(): string | undefined {
  return traceStore.getStore();
}
