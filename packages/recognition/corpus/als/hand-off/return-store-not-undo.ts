// Returning the entered store is not handing off an undo: nothing the caller gets puts the previous store back, so the enterWith leaks into the rest of the chain: reported.
// recognize: requestStore=async-local-storage
import { AsyncLocalStorage } from 'node:async_hooks';

interface RequestStore {
  readonly url: string;
  readonly cookies: Map<string, string>;
}

const requestStore = new AsyncLocalStorage<RequestStore>();

export function setRequestStore(url: string): RequestStore {
  const store: RequestStore = { url, cookies: new Map() };
  requestStore.enterWith(store); // expect(eslint,typed): remove-in-finally/enterWithWithoutRestore expect(scan): enter-with-not-restored
  return store;
}
