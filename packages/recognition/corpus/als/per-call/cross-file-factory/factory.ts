// An exported factory returning a new AsyncLocalStorage, called per request from another file: only the whole-program scan connects them: reported by the scan.
// ESLint reports nothing: in factory.ts the factory has no caller, and in middleware.ts there is no creation site; connecting an exported factory
// to its callers in other files is the scan's per-call-factory.
import { AsyncLocalStorage } from 'node:async_hooks';

export interface RequestContext {
  readonly requestId: string;
}

export function createContextStorage(): AsyncLocalStorage<RequestContext> {
  return new AsyncLocalStorage<RequestContext>();
}
