// An AsyncLocalStorage subclass declared and instantiated in context.ts, entered without a restore in handler.ts: reported in handler.ts, untyped too.
// recognize: requestStorage=async-local-storage
import { AsyncLocalStorage } from 'node:async_hooks';

export interface RequestInfo {
  readonly requestId: string;
}

export class RequestStorage extends AsyncLocalStorage<RequestInfo> {
  requestId(): string | undefined {
    return this.getStore()?.requestId;
  }
}

export const requestStorage = new RequestStorage();
