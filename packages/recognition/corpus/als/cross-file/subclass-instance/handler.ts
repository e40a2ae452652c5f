// The handler enters the subclass instance and never puts the previous store back.
// recognize: requestStorage=async-local-storage
import { requestStorage } from './context.js';

export function tagRequest(requestId: string): void {
  requestStorage.enterWith({ requestId }); // expect(eslint,typed): remove-in-finally/enterWithWithoutRestore expect(scan): enter-with-not-restored
}
