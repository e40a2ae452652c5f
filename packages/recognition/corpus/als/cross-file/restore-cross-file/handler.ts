// The handler saves the outer store and restores it in a finally.
// recognize: requestContext=async-local-storage
import { requestContext } from './context.js';

export function onRequest<R>(requestId: string, next: () => R): R {
  const previous = requestContext.getStore();
  requestContext.enterWith({ requestId });
  try {
    return next();
  } finally {
    requestContext.enterWith(previous!);
  }
}
