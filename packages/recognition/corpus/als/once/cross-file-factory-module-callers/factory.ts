// Next.js-style createAsyncLocalStorage() exported from one module and called only at module level by others: each store is created once: safe.
// ESLint cannot see an exported factory's callers from its own file and must not guess "per call"; the scan sees only module-level calls.
import { AsyncLocalStorage } from 'node:async_hooks';

export function createAsyncLocalStorage<T>(): AsyncLocalStorage<T> {
  return new AsyncLocalStorage<T>();
}
