import type { Thread } from '../Thread.js';
import { onEntryExpunged } from './hooks.js';
import { childValueOf, type ChildValueSource } from './symbols.js';
import type { ThreadLocalKey } from './ThreadLocalKey.js';

/** Some TransmittableThreadLocal in the frame overrides `copy()`: a capture must call them. */
export const COPIES = 1;
/** Some TransmittableThreadLocal in the frame overrides `beforeExecute()`/`afterExecute()`. */
export const HOOKS = 2;
/** Some TransmittableThreadLocal in the frame overrides `childValue()`: inheriting must call them. */
export const CHILD_VALUES = 4;

/**
 * The TransmittableThreadLocal values of one thread, *immutable*: a `set()` or `remove()` builds a
 * new frame and puts it on the thread. That is what makes the transmission O(1) whatever the number
 * of values: a capture keeps a reference to the submitter's frame (nothing can change it later), a
 * replay puts it on the pool thread and keeps the thread's own frame as the backup, a restore puts
 * that back. Values a task set or removed went into frames of its own, dropped by the restore.
 *
 * Java's TTL keeps the values in the thread's map and copies them in and out around each task
 * (O(n) per task); a frame costs O(n) per `set()` instead, and values are set far less often than
 * tasks are submitted. Kept apart from the thread's `ThreadLocalMap`, so plain ThreadLocals pay
 * nothing for it (docs/decisions/0007-transmittable-frames.md).
 *
 * Keys are the ThreadLocals' weak {@link ThreadLocalKey}s, so a frame (or a task holding one) keeps
 * no TransmittableThreadLocal alive. An entry whose key was collected is *stale*, as in the map,
 * and is dropped (and reported as expunged) by the next frame built from this one on a thread.
 */
export class TransmittableFrame {
  /** `[key, value, key, value, …]`, each key once. Frames are small: lookups scan it. */
  readonly entries: readonly unknown[];
  /** {@link COPIES} | {@link HOOKS} | {@link CHILD_VALUES}, for any key ever in the frames this one was built from. */
  readonly flags: number;

  /**
   * @param entries - `[key, value, …]`, never empty (an empty frame is `null` on the thread)
   * @param flags - the union of the keys' flags
   */
  constructor(entries: readonly unknown[], flags: number) {
    this.entries = entries;
    this.flags = flags;
  }

  /** @returns the index of `key`'s entry (even), or -1 */
  indexOf(key: ThreadLocalKey): number {
    const entries = this.entries;
    for (let i = 0; i < entries.length; i += 2) if (entries[i] === key) return i;
    return -1;
  }
}

/**
 * Builds the frame `frame` plus `key → value`, dropping stale entries (reported as expunged on
 * `thread`, which the new frame is for).
 *
 * @param flags - the flags of `key`'s TransmittableThreadLocal
 */
export function frameWith(
  frame: TransmittableFrame | null,
  key: ThreadLocalKey,
  value: unknown,
  flags: number,
  thread: Thread,
): TransmittableFrame {
  if (frame === null) return new TransmittableFrame([key, value], flags);
  const entries = liveEntries(frame, key, thread);
  entries.push(key, value);
  return new TransmittableFrame(entries, frame.flags | flags);
}

/**
 * @returns the frame without `key`'s entry (and without stale ones), or `null` when nothing is left
 */
export function frameWithout(frame: TransmittableFrame, key: ThreadLocalKey, thread: Thread): TransmittableFrame | null {
  const entries = liveEntries(frame, key, thread);
  return entries.length === 0 ? null : new TransmittableFrame(entries, frame.flags);
}

/**
 * The frame a thread constructed now inherits from its parent's: the same frame, unless a
 * TransmittableThreadLocal in it overrides `childValue()`.
 */
export function inheritFrame(frame: TransmittableFrame | null): TransmittableFrame | null {
  if (frame === null || (frame.flags & CHILD_VALUES) === 0) return frame;
  const entries: unknown[] = [];
  const source = frame.entries;
  for (let i = 0; i < source.length; i += 2) {
    const threadLocal = (source[i] as ThreadLocalKey).deref() as ChildValueSource | undefined;
    if (threadLocal !== undefined) entries.push(source[i], threadLocal[childValueOf](source[i + 1]));
  }
  return entries.length === 0 ? null : new TransmittableFrame(entries, frame.flags);
}

/** The entries of `frame` other than `key`'s, without stale ones (reported as expunged on `thread`). */
function liveEntries(frame: TransmittableFrame, key: ThreadLocalKey, thread: Thread): unknown[] {
  const out: unknown[] = [];
  const source = frame.entries;
  for (let i = 0; i < source.length; i += 2) {
    const k = source[i] as ThreadLocalKey;
    if (k === key) continue;
    if (k.deref() === undefined) {
      if (onEntryExpunged !== null) onEntryExpunged(thread, k, source[i + 1]);
      continue;
    }
    out.push(k, source[i + 1]);
  }
  return out;
}

/**
 * Threads whose {@link Thread.transmitted} is not `null`: counted by {@link putFrame}, the only
 * writer of that field. Never less than the true number (a thread collected without exiting stays
 * counted), so `0` proves that no thread has a transmittable value and a submit can skip the
 * capture with one compare.
 */
export let frameHolders = 0;

/** Puts `frame` on `thread` (its transmittable values), keeping {@link frameHolders}. */
export function putFrame(thread: Thread, frame: TransmittableFrame | null): void {
  if ((thread.transmitted === null) !== (frame === null)) frameHolders += frame === null ? -1 : 1;
  thread.transmitted = frame;
}
