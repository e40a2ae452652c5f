// An AsyncLocalStorage exported from context.ts and entered with run() in handler.ts: safe.
// recognize: requestContext=async-local-storage
import { AsyncLocalStorage } from 'node:async_hooks';

export interface RequestContext {
  readonly requestId: string;
  readonly userId?: string;
}

export const requestContext = new AsyncLocalStorage<RequestContext>();
