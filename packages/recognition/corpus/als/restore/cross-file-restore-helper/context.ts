// A restore in a helper of another file, called from the finally that covers the enterWith: safe.
// recognize: requestContext=async-local-storage
import { AsyncLocalStorage } from 'node:async_hooks';

export interface RequestContext {
  readonly requestId: string;
}

export const requestContext = new AsyncLocalStorage<RequestContext>();

/** Puts back the store read before an enterWith: a restore, never itself a leak. */
export function restoreContext(previous: RequestContext | undefined): void {
  requestContext.enterWith(previous!);
}
