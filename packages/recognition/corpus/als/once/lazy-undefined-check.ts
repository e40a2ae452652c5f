// Next.js-style request store getter: `if (instance === undefined) instance = new AsyncLocalStorage()`: created once, safe.
// recognize: instance=async-local-storage
import { AsyncLocalStorage } from 'node:async_hooks';

export interface WorkStore {
  readonly route: string;
  readonly isStaticGeneration: boolean;
}

let instance: AsyncLocalStorage<WorkStore> | undefined;

export function getWorkAsyncStorage(): AsyncLocalStorage<WorkStore> {
  if (instance === undefined) {
    instance = new AsyncLocalStorage<WorkStore>();
  }
  return instance;
}

export function renderRoute<R>(route: string, render: () => R): R {
  return getWorkAsyncStorage().run({ route, isStaticGeneration: false }, render);
}
