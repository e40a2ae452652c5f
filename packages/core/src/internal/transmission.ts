import { Thread } from '../Thread.js';
import {
  afterExecuteOf,
  beforeExecuteOf,
  copyValueOf,
  removeFromThread,
  setOnThread,
  type ThreadBoundAccess,
  type TransmittableSource,
} from './symbols.js';
import type { ThreadLocalKey } from './ThreadLocalKey.js';
import { type ThreadLocalMap, transmittableEntries } from './ThreadLocalMap.js';

/*
 * Alibaba TTL's capture → replay → restore, on tlkit's maps.
 *
 * TTL keeps, per thread, a `WeakHashMap` of the TransmittableThreadLocals that have a value there,
 * so that a capture need not visit every ThreadLocal. Here the thread's own map already is that
 * registry: its keys are weak (a TransmittableThreadLocal stays collectable), each key says whether
 * it is transmittable, and each map counts its transmittable entries, so a thread with none is
 * skipped with one compare and a process with none at all with one compare of a module binding.
 *
 * Entries lists are flat, `[key, value, key, value, …]`: no object per entry, as in the map itself.
 */

/** A value in a captured or backed-up list meaning "no entry": private, so never a user value. */
export const ABSENT: unique symbol = Symbol('tlkit.transmission.absent');

/** Turns a submitter's value of a registered plain ThreadLocal into the value a task receives. */
export type Copier = (parentValue: unknown) => unknown;

/**
 * Plain ThreadLocals registered for transmission (TTL's `threadLocalHolder`), by key. Keys are weak
 * references, so the registry keeps no ThreadLocal alive; entries whose ThreadLocal was collected
 * are dropped by the next capture.
 */
const registered = new Map<ThreadLocalKey, Copier>();

/** Bumped for every replay or restore; see {@link ThreadLocalKey.mark}. */
let epoch = 0;

/** What a capture took from a thread: transmittable values (already copied) and registered ones. */
export class Captured {
  /** `[key, value, …]`; `value` is {@link ABSENT} for a registered ThreadLocal that had no entry. @internal */
  readonly entries: readonly unknown[];

  /** @internal Use `Transmitter.capture()`. */
  constructor(entries: readonly unknown[]) {
    this.entries = entries;
  }
}

/** The state a replay replaced on a thread, to be put back by a restore on that same thread. */
export class Backup {
  /** The thread the replay ran on; the restore goes there. @internal */
  readonly thread: Thread;
  /** `[key, value, …]` as found by the replay; `null` once restored. @internal */
  entries: readonly unknown[] | null;

  /** @internal Use `Transmitter.replay()`. */
  constructor(thread: Thread, entries: readonly unknown[]) {
    this.thread = thread;
    this.entries = entries;
  }
}

const NOTHING: readonly unknown[] = [];

/**
 * Takes the transmittable values of `thread` (through each one's `copy()`) and the state of every
 * registered ThreadLocal there.
 *
 * @returns the captured list, empty when there is nothing to transmit
 */
export function captureFrom(thread: Thread): unknown[] {
  const map = thread.threadLocals ?? thread.lateThreadLocals;
  // Collect first, copy after: `copy()` is user code and may touch (and so reshape) the table.
  const out = liveTransmittables(map);
  for (let i = 0; i < out.length; i += 2) {
    const threadLocal = (out[i] as ThreadLocalKey).deref() as TransmittableSource;
    out[i + 1] = threadLocal[copyValueOf](out[i + 1]);
  }
  if (registered.size === 0) return out;
  const copiers: Copier[] = [];
  for (const [key, copier] of registered) {
    if (key.deref() === undefined) {
      registered.delete(key);
      continue;
    }
    out.push(key, valueIn(map, key));
    copiers.push(copier);
  }
  for (let i = out.length - copiers.length * 2, c = 0; i < out.length; i += 2, c++) {
    if (out[i + 1] !== ABSENT) out[i + 1] = (copiers[c] as Copier)(out[i + 1]);
  }
  return out;
}

/**
 * Makes `thread` hold exactly the captured values for the transmittable and registered
 * ThreadLocals: captured ones are set (or removed, for a registered one that had no entry), and the
 * thread's other transmittable values are removed, so that a task sees its submitter's values and
 * nothing else. Then calls each captured TransmittableThreadLocal's `beforeExecute()`.
 *
 * @returns the state replaced, for {@link restoreOn}
 */
export function replayOn(thread: Thread, captured: readonly unknown[]): unknown[] {
  const onThread = liveTransmittables(thread.threadLocals);
  const backedUp = ++epoch;
  for (let i = 0; i < onThread.length; i += 2) (onThread[i] as ThreadLocalKey).mark = backedUp;
  const backup = onThread.slice();
  const replayed = ++epoch;
  for (let i = 0; i < captured.length; i += 2) {
    const key = captured[i] as ThreadLocalKey;
    // A registered ThreadLocal, or a transmittable one the thread does not hold: back up its state too.
    if (key.mark !== backedUp) backup.push(key, valueIn(thread.threadLocals, key));
    key.mark = replayed;
  }
  for (let i = 0; i < onThread.length; i += 2) {
    const key = onThread[i] as ThreadLocalKey;
    if (key.mark !== replayed) accessOf(key)?.[removeFromThread](thread);
  }
  for (let i = 0; i < captured.length; i += 2) {
    const access = accessOf(captured[i] as ThreadLocalKey);
    if (access === undefined) continue;
    const value = captured[i + 1];
    if (value === ABSENT) access[removeFromThread](thread);
    else access[setOnThread](thread, value);
  }
  for (let i = 0; i < captured.length; i += 2) {
    const key = captured[i] as ThreadLocalKey;
    if (key.transmittable) callHook(thread, key, beforeExecuteOf);
  }
  return backup;
}

/**
 * Undoes a replay on `thread`: calls `afterExecute()` of every TransmittableThreadLocal the thread
 * holds, removes the transmittable values that were not there before the replay (set by the task
 * itself), and puts back every backed-up state — values the task changed or removed included.
 */
export function restoreOn(thread: Thread, backup: readonly unknown[]): void {
  const onThread = liveTransmittables(thread.threadLocals);
  for (let i = 0; i < onThread.length; i += 2) callHook(thread, onThread[i] as ThreadLocalKey, afterExecuteOf);
  const kept = ++epoch;
  for (let i = 0; i < backup.length; i += 2) (backup[i] as ThreadLocalKey).mark = kept;
  for (let i = 0; i < onThread.length; i += 2) {
    const key = onThread[i] as ThreadLocalKey;
    if (key.mark !== kept) accessOf(key)?.[removeFromThread](thread);
  }
  for (let i = 0; i < backup.length; i += 2) {
    const access = accessOf(backup[i] as ThreadLocalKey);
    if (access === undefined) continue;
    const value = backup[i + 1];
    if (value === ABSENT) access[removeFromThread](thread);
    else access[setOnThread](thread, value);
  }
}

// ---- the pool's three calls ---------------------------------------------------------------------

/**
 * At `execute()`/`submit()`, in the submitter's context.
 *
 * @returns what the task must receive, or `null` when there is nothing: with no transmittable value
 *   on any thread and nothing registered (the common case), after two compares
 */
export function captureForTask(): unknown[] | null {
  if (transmittableEntries === 0 && registered.size === 0) return null;
  const captured = captureFrom(Thread.currentThread());
  return captured.length === 0 ? null : captured;
}

/**
 * On the pool thread, before the task starts (and before the observer's `taskStarted`, so that an
 * audit counts the transmitted values as found by the task, not as left by it).
 *
 * @param captured - from {@link captureForTask}
 * @returns the backup for {@link restoreAfterTask}, or `null` when the replay changed nothing
 */
export function replayForTask(thread: Thread, captured: readonly unknown[] | null): unknown[] | null {
  if (captured === null && !holdsTransmittable(thread.threadLocals)) return null;
  return replayOn(thread, captured ?? NOTHING);
}

/**
 * On the pool thread, after the task settled (and after the observer's `taskEnded`, so that an
 * audit still sees a transmittable value the task set and did not remove): puts the thread's own
 * values back and removes what the task added, so the transmission leaves nothing behind.
 *
 * @param backup - from {@link replayForTask}
 */
export function restoreAfterTask(thread: Thread, backup: readonly unknown[] | null): void {
  if (backup === null && !holdsTransmittable(thread.threadLocals)) return;
  restoreOn(thread, backup ?? NOTHING);
}

// ---- registration -------------------------------------------------------------------------------

/** @returns whether the key was newly registered */
export function register(key: ThreadLocalKey, copier: Copier): boolean {
  if (registered.has(key)) return false;
  registered.set(key, copier);
  return true;
}

/** @returns whether the key was registered */
export function unregister(key: ThreadLocalKey): boolean {
  return registered.delete(key);
}

/** @returns whether `key`'s ThreadLocal is registered for transmission */
export function isRegistered(key: ThreadLocalKey): boolean {
  return registered.has(key);
}

// ---- helpers ------------------------------------------------------------------------------------

function holdsTransmittable(map: ThreadLocalMap | null): boolean {
  return transmittableEntries !== 0 && map !== null && map.transmittable !== 0;
}

/** `[key, value, …]` of the live transmittable entries of `map`, in table order. */
function liveTransmittables(map: ThreadLocalMap | null): unknown[] {
  const out: unknown[] = [];
  if (map === null || map.transmittable === 0) return out;
  const table = map.table;
  for (let i = 0; i < table.length; i += 2) {
    const key = table[i] as ThreadLocalKey | null;
    if (key !== null && key.transmittable && key.deref() !== undefined) out.push(key, table[i + 1]);
  }
  return out;
}

function valueIn(map: ThreadLocalMap | null, key: ThreadLocalKey): unknown {
  const index = map === null ? -1 : map.indexOf(key);
  return index < 0 ? ABSENT : (map as ThreadLocalMap).table[index + 1];
}

/** @returns the key's ThreadLocal, or `undefined` once it has been collected (nothing to set then) */
function accessOf(key: ThreadLocalKey): ThreadBoundAccess | undefined {
  return key.deref() as ThreadBoundAccess | undefined;
}

/**
 * Calls `beforeExecute()`/`afterExecute()`. An error there is user code failing outside any task:
 * it goes to the thread's uncaught exception handler, and the transmission goes on, because an
 * interrupted replay or restore would leave values behind.
 */
function callHook(thread: Thread, key: ThreadLocalKey, hook: typeof beforeExecuteOf | typeof afterExecuteOf): void {
  const threadLocal = key.deref() as TransmittableSource | undefined;
  if (threadLocal === undefined) return;
  try {
    threadLocal[hook]();
  } catch (error) {
    thread.dispatchUncaughtException(error);
  }
}
