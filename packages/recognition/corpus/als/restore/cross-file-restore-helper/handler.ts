// The caller: the single-file rules cannot see that restoreContext() restores; the scan follows it.
import { requestContext, restoreContext } from './context.js';

export async function handle(requestId: string, work: () => Promise<void>): Promise<void> {
  const previous = requestContext.getStore();
  requestContext.enterWith({ requestId }); // expect(eslint,typed): remove-in-finally/enterWithWithoutRestore
  try {
    await work();
  } finally {
    restoreContext(previous);
  }
}
