// A TransmittableThreadLocal read in a pool task: its value is captured when the task is submitted, so the task sees its submitter's: safe.
// recognize: tenant=thread-local, pool=thread-pool
import { ThreadPool, TransmittableThreadLocal } from '@tlkit/core';

const tenant = new TransmittableThreadLocal<string>();
const pool = new ThreadPool({ size: 2 });

export function render(tenantId: string, print: (line: string) => void): void {
  tenant.runWith(tenantId, () => {
    pool.execute(() => print(`report for ${tenant.get()}`));
  });
}
