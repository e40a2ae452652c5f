// The handler imports the store from the barrel and leaves its store on the chain.
// recognize: requestContext=async-local-storage
import { requestContext } from './index.js';

export function authenticate(requestId: string, userId: string): void {
  requestContext.enterWith({ requestId, userId }); // expect(eslint,typed): remove-in-finally/enterWithWithoutRestore expect(scan): enter-with-not-restored
}
