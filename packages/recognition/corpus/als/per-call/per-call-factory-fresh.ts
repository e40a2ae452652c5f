// A factory that creates a new AsyncLocalStorage on every call, called per request.
import { AsyncLocalStorage } from 'node:async_hooks';

function makeStore(): AsyncLocalStorage<string> {
  return new AsyncLocalStorage<string>(); // expect(eslint,typed): static-thread-local/createdRepeatedly
}

export function handle<R>(user: string, fn: () => R): R {
  const store = makeStore(); // expect(scan): per-call-factory
  return store.run(user, fn);
}
