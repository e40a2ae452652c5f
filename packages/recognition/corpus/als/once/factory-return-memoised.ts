// A registry memoised per key (created once per key, never per call); its result is an AsyncLocalStorage.
// recognize: legacy=async-local-storage
import { AsyncLocalStorage } from 'node:async_hooks';

const stores: Record<string, AsyncLocalStorage<string>> = {};

export function storage(namespace: string): AsyncLocalStorage<string> {
  return (stores[namespace] ??= new AsyncLocalStorage<string>());
}

const legacy = storage('legacy');

export function enterLegacy(user: string): void {
  legacy.enterWith(user); // expect(eslint,typed): remove-in-finally/enterWithWithoutRestore expect(scan): enter-with-not-restored
}

export function inRequest<R>(user: string, fn: () => R): R {
  return storage('request').run(user, fn);
}
