// The handler uses run(): the store is scoped to the callback.
// recognize: requestContext=async-local-storage
import { requestContext } from './context.js';

export function onRequest<R>(requestId: string, next: () => R): R {
  return requestContext.run({ requestId }, next);
}
