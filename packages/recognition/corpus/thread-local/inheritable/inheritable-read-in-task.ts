// An InheritableThreadLocal read in a pool task: the pooled thread copied the value when it was created, not when this task was submitted: reported by every tool.
// recognize: tenant=thread-local, pool=thread-pool
import { InheritableThreadLocal, ThreadPool } from '@tlkit/core';

const tenant = new InheritableThreadLocal<string>();
const pool = new ThreadPool({ size: 2, name: 'reports' });

export function render(tenantId: string, print: (line: string) => void): void {
  tenant.runWith(tenantId, () => {
    pool.execute(() => print(`report for ${tenant.get()}`)); // expect(eslint,typed): no-inheritable-in-pool/inheritableReadInPool expect(scan): inheritable-in-pool
  });
}
