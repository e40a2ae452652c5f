// An InheritableThreadLocal read on the submitting thread and passed to the task as a plain value; and one the task gives its own value first: safe.
// recognize: tenant=thread-local, pool=thread-pool
import { InheritableThreadLocal, ThreadPool } from '@tlkit/core';

const tenant = new InheritableThreadLocal<string>();
const pool = new ThreadPool({ size: 2 });

export function render(print: (line: string) => void): void {
  const current = tenant.get();
  pool.execute(() => print(`report for ${current}`));
  pool.execute(() => tenant.runWith(current, () => print(`again for ${tenant.get()}`)));
}
