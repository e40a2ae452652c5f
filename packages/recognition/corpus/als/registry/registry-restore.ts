// A store from a same-file registry, entered and restored in a finally: safe.
// recognize: stores=none
import { AsyncLocalStorage } from 'node:async_hooks';

type Store = { readonly feature: string };

const stores = new Map<string, AsyncLocalStorage<Store>>();

function storage(name: string): AsyncLocalStorage<Store> {
  let found = stores.get(name);
  if (!found) {
    found = new AsyncLocalStorage<Store>();
    stores.set(name, found);
  }
  return found;
}

export function withFeature<R>(feature: string, fn: () => R): R {
  const s = storage('flags');
  const previous = s.getStore();
  s.enterWith({ feature });
  try {
    return fn();
  } finally {
    s.enterWith(previous!);
  }
}
