// An AsyncLocalStorage exported from context.ts; handler.ts uses disable() in a finally as the undo: reported at the disable().
// recognize: requestContext=async-local-storage
import { AsyncLocalStorage } from 'node:async_hooks';

export interface RequestContext {
  readonly requestId: string;
  readonly userId?: string;
}

export const requestContext = new AsyncLocalStorage<RequestContext>();
