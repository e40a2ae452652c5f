// An AsyncLocalStorage re-exported through a barrel index.ts and entered without a restore in handler.ts: reported, untyped too.
// recognize: requestContext=async-local-storage
import { AsyncLocalStorage } from 'node:async_hooks';

export interface RequestContext {
  readonly requestId: string;
  readonly userId?: string;
}

export const requestContext = new AsyncLocalStorage<RequestContext>();
