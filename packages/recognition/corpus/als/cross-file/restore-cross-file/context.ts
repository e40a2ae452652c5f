// An AsyncLocalStorage exported from context.ts, entered in handler.ts with the saved store put back in a finally: safe.
// recognize: requestContext=async-local-storage
import { AsyncLocalStorage } from 'node:async_hooks';

export interface RequestContext {
  readonly requestId: string;
  readonly userId?: string;
}

export const requestContext = new AsyncLocalStorage<RequestContext>();
