// One AsyncLocalStorage memoised per namespace name (`if (!stores[ns]) stores[ns] = new …`), looked up per request: created once per key, safe.
// recognize: stores=none
import { AsyncLocalStorage } from 'node:async_hooks';

type Namespace = Map<string, unknown>;

const stores: Record<string, AsyncLocalStorage<Namespace>> = {};

export function namespaceStorage(name: string): AsyncLocalStorage<Namespace> {
  if (!stores[name]) stores[name] = new AsyncLocalStorage<Namespace>();
  return stores[name];
}

export function runInNamespace<R>(name: string, fn: () => R): R {
  return namespaceStorage(name).run(new Map(), fn);
}
