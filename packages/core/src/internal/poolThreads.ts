import type { Thread } from '../Thread.js';
import type { ThreadPool } from '../ThreadPool.js';

/** Which pool a thread works for; weak, so a terminated pool thread is not kept alive by it. */
const poolByThread = new WeakMap<Thread, ThreadPool>();

/** Records that `thread` is one of `pool`'s workers. */
export function markPoolThread(thread: Thread, pool: ThreadPool): void {
  poolByThread.set(thread, pool);
}

/** @returns the pool `thread` works for, or `undefined` for a thread that is not a pool worker */
export function poolOfThread(thread: Thread): ThreadPool | undefined {
  return poolByThread.get(thread);
}
