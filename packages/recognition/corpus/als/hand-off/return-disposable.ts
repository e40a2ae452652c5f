// The enterWith's undo is handed to the caller: the function returns a disposable whose dispose puts the saved store back (the scope() pattern): safe.
// recognize: requestStore=async-local-storage
import { AsyncLocalStorage } from 'node:async_hooks';

interface RequestContext {
  readonly requestId: string;
  readonly user?: string;
}

const requestStore = new AsyncLocalStorage<RequestContext>();

export function enterRequest(context: RequestContext): Disposable {
  const previous = requestStore.getStore();
  requestStore.enterWith(context);
  return {
    [Symbol.dispose]() {
      requestStore.enterWith(previous!);
    },
  };
}

export function handle(context: RequestContext): string {
  using _ = enterRequest(context);
  return requestStore.getStore()?.user ?? 'anonymous';
}
