import type { Thread } from '../Thread.js';

/**
 * Started, not yet terminated threads, held weakly so that inspection never keeps a forgotten
 * thread (and so its map) alive. A thread whose task can never settle and that nothing references
 * is collected like any object; the registry then drops its slot.
 */
const live = new Map<number, WeakRef<Thread>>();
const forget = new FinalizationRegistry<number>((id) => {
  live.delete(id);
});

/** Records a thread that has just started. */
export function addLiveThread(thread: Thread): void {
  live.set(thread.id, new WeakRef(thread));
  forget.register(thread, thread.id, thread);
}

/** Forgets a thread that has terminated. */
export function removeLiveThread(thread: Thread): void {
  live.delete(thread.id);
  forget.unregister(thread);
}

/** The live threads still reachable, in start order. */
export function liveThreadList(): Thread[] {
  const out: Thread[] = [];
  for (const ref of live.values()) {
    const thread = ref.deref();
    if (thread !== undefined) out.push(thread);
  }
  return out;
}
