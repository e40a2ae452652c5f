// A lazy singleton behind `if (!storage) storage = new …` (a logger's per-request bindings): created once, safe.
// recognize: bindingsStore=async-local-storage
import { AsyncLocalStorage } from 'node:async_hooks';

type Bindings = Record<string, string>;

let bindingsStore: AsyncLocalStorage<Bindings> | undefined;

export function withBindings<R>(bindings: Bindings, fn: () => R): R {
  if (!bindingsStore) bindingsStore = new AsyncLocalStorage<Bindings>();
  return bindingsStore.run({ ...bindingsStore.getStore(), ...bindings }, fn);
}
