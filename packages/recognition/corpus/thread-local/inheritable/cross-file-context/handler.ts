// The handler submits a task that logs the imported request id.
// recognize: requestId=thread-local, pool=thread-pool
import { pool, requestId } from './context.js';

export function audit(log: (line: string) => void): Promise<void> {
  return pool.submit(() => log(`request ${requestId.get()}`)); // expect(eslint,typed): no-inheritable-in-pool/inheritableReadInPool expect(scan): inheritable-in-pool
}
