import { liveThreadList } from './internal/liveThreads.js';
import { poolOfThread } from './internal/poolThreads.js';
import type { ThreadLocalKey } from './internal/ThreadLocalKey.js';
import type { ThreadLocalMap } from './internal/ThreadLocalMap.js';
import type { TransmittableFrame } from './internal/TransmittableFrame.js';
import type { Thread } from './Thread.js';
import { ThreadLocal } from './ThreadLocal.js';
import type { ThreadPool } from './ThreadPool.js';

/** One entry of a thread's map, as seen at the moment of inspection. */
export interface ThreadLocalEntry {
  /** The entry's key; it outlives its ThreadLocal while entries remain. */
  readonly key: ThreadLocalKey;
  /** The ThreadLocal, or `undefined` when it has been collected (the entry is stale). */
  readonly threadLocal: ThreadLocal<unknown> | undefined;
  /** True when the ThreadLocal has been collected while the map still holds the value. */
  readonly stale: boolean;
  /** The value, held strongly by the map. */
  readonly value: unknown;
  /** True when the value was set by code that ran after the thread terminated. */
  readonly late: boolean;
}

/**
 * Lists the threads that are started, not yet terminated, and still reachable — including `main`.
 * Threads are tracked weakly: inspection never keeps one alive.
 *
 * @returns the live threads, in start order
 */
export function liveThreads(): Thread[] {
  return liveThreadList();
}

/**
 * Lists a thread's entries, live and stale, without expunging or creating anything. Also lists
 * values set after the thread terminated (`late: true`).
 *
 * @param thread - any thread
 * @returns a snapshot of the thread's entries
 */
export function threadLocalEntries(thread: Thread): ThreadLocalEntry[] {
  return [
    ...snapshot(thread.threadLocals, false),
    ...frameSnapshot(thread.transmitted, false),
    ...snapshot(thread.lateThreadLocals, true),
    ...frameSnapshot(thread.lateTransmitted, true),
  ];
}

/**
 * Counts a thread's entries, live and stale (late ones included), without allocating: cheap
 * enough to call at every task boundary, e.g. to skip {@link threadLocalEntries} on a clean thread.
 *
 * @param thread - any thread
 * @returns the number of entries `threadLocalEntries(thread)` would list
 */
export function threadLocalCount(thread: Thread): number {
  return (
    (thread.threadLocals?.size ?? 0) +
    (thread.lateThreadLocals?.size ?? 0) +
    ((thread.transmitted?.entries.length ?? 0) + (thread.lateTransmitted?.entries.length ?? 0)) / 2
  );
}

/**
 * @param threadLocal - any ThreadLocal
 * @returns its key: the handle under which its entries appear, and its stable `id`
 */
export function threadLocalKeyOf(threadLocal: ThreadLocal<unknown>): ThreadLocalKey {
  return ThreadLocal.keyOf(threadLocal);
}

/**
 * @param thread - any thread
 * @returns the pool the thread works for, or `undefined` for a thread outside every pool
 */
export function threadPoolOf(thread: Thread): ThreadPool | undefined {
  return poolOfThread(thread);
}

function snapshot(map: ThreadLocalMap | null, late: boolean): ThreadLocalEntry[] {
  if (map === null) return [];
  return map.entries().map(({ key, value }) => {
    const threadLocal = key.deref() as ThreadLocal<unknown> | undefined;
    return { key, threadLocal, stale: threadLocal === undefined, value, late };
  });
}

/** TransmittableThreadLocal values live in the thread's frame, not its map; listed the same way. */
function frameSnapshot(frame: TransmittableFrame | null, late: boolean): ThreadLocalEntry[] {
  if (frame === null) return [];
  const out: ThreadLocalEntry[] = [];
  const entries = frame.entries;
  for (let i = 0; i < entries.length; i += 2) {
    const key = entries[i] as ThreadLocalKey;
    const threadLocal = key.deref() as ThreadLocal<unknown> | undefined;
    out.push({ key, threadLocal, stale: threadLocal === undefined, value: entries[i + 1], late });
  }
  return out;
}
