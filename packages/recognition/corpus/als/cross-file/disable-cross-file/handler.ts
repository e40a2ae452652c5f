// The handler "undoes" its enterWith with disable(), which never puts the outer store back.
// recognize: requestContext=async-local-storage
import { requestContext } from './context.js';

export function onRequest<R>(requestId: string, next: () => R): R {
  requestContext.enterWith({ requestId });
  try {
    return next();
  } finally {
    requestContext.disable(); // expect(eslint,typed): remove-in-finally/disableIsNotUndo expect(scan): enter-with-not-restored
  }
}
