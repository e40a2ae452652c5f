// The handler enters the imported store and never puts the previous one back.
// recognize: requestContext=async-local-storage
import { requestContext } from './context.js';

export function onRequest(requestId: string, userId: string | undefined, next: () => void): void {
  requestContext.enterWith({ requestId, userId }); // expect(eslint,typed): remove-in-finally/enterWithWithoutRestore expect(scan): enter-with-not-restored
  next();
}
