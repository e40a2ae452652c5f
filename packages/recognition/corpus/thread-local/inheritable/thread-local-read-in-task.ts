// A plain ThreadLocal read in a pool task: nothing is inherited, the task reads its own thread's value: not this rule's concern: safe.
// recognize: user=thread-local, pool=thread-pool
import { ThreadLocal, ThreadPool } from '@tlkit/core';

const user = new ThreadLocal<string>();
const pool = new ThreadPool({ size: 2 });

export function userOfTask(): Promise<string | undefined> {
  return pool.submit(() => user.get());
}
