import { mainThread, type Thread } from '../Thread.js';
import { carrier } from './carrier.js';
import { ISOLATE_BOUND } from './isolateBound.js';
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
import { COPIES, frameHolders, HOOKS, putFrame, TransmittableFrame } from './TransmittableFrame.js';

/*
 * Alibaba TTL's capture → replay → restore, on tlkit's threads.
 *
 * TTL keeps, per thread, a `WeakHashMap` of the TransmittableThreadLocals that have a value there,
 * and copies values in and out of the thread's map around every task. Here a thread's
 * transmittable values are one immutable frame (internal/TransmittableFrame.ts) keyed by weak
 * keys: a capture is a reference to the submitter's frame, a replay and a restore swap frames on
 * the pool thread — O(1) whatever the number of values, unless a `copy()` or hook is overridden.
 *
 * Plain ThreadLocals registered for transmission (TTL's `registerThreadLocal`) live in the
 * thread's map: they are captured and replayed one by one, as TTL does.
 */

/** A value in a captured or backed-up list meaning "no entry": private, so never a user value. */
export const ABSENT: unique symbol = Symbol('tlkit.transmission.absent');

/** Turns a submitter's value of a registered plain ThreadLocal into the value a task receives. */
export type Copier = (parentValue: unknown) => unknown;

/**
 * Plain ThreadLocals registered for transmission, by key. Keys are weak references, so the
 * registry keeps no ThreadLocal alive; entries whose ThreadLocal was collected are dropped by the
 * next capture.
 */
const registered = new Map<ThreadLocalKey, Copier>();

/** What a capture took from a thread: its frame (copied where `copy()` says so) and registered values. */
export class Captured {
  /** Makes `structuredClone()`/`postMessage()` throw instead of sending an empty capture. @internal */
  readonly isolateBound = ISOLATE_BOUND.captured;
  /** @internal */
  readonly frame: TransmittableFrame | null;
  /** `[key, value, …]` of the registered ThreadLocals; `value` is {@link ABSENT} when there was none. @internal */
  readonly registered: readonly unknown[] | null;

  /** @internal Use `Transmitter.capture()`. */
  constructor(frame: TransmittableFrame | null, registeredValues: readonly unknown[] | null) {
    this.frame = frame;
    this.registered = registeredValues;
  }
}

/** The state a replay replaced on a thread, to be put back by a restore on that same thread. */
export class Backup {
  /** Makes `structuredClone()`/`postMessage()` throw instead of sending a detached backup. @internal */
  readonly isolateBound = ISOLATE_BOUND.backup;
  /** The thread the replay ran on; the restore goes there. @internal */
  readonly thread: Thread;
  /** The thread's own frame. @internal */
  readonly frame: TransmittableFrame | null;
  /** The registered ThreadLocals' previous state, as in {@link Captured.registered}. @internal */
  readonly registered: readonly unknown[] | null;
  /** Set by the first restore: a second one does nothing. @internal */
  restored = false;

  /** @internal Use `Transmitter.replay()`. */
  constructor(thread: Thread, frame: TransmittableFrame | null, registeredValues: readonly unknown[] | null) {
    this.thread = thread;
    this.frame = frame;
    this.registered = registeredValues;
  }
}

/** The part of a pool job the transmission uses; see `Job` in ThreadPool.ts. */
export interface TransmissionSlots {
  /** The captured frame until the task starts, then the pool thread's own frame until it settles. */
  transmitted: TransmittableFrame | null;
  /** Registered ThreadLocals: captured values, then the pool thread's previous state. */
  registered: readonly unknown[] | null;
}

// ---- capture, replay, restore -------------------------------------------------------------------

/**
 * @returns `thread`'s frame as a task must receive it: the frame itself (immutable, so a later
 *   change on the submitter cannot reach the task), or a copy through `copy()` where overridden
 */
export function captureFrame(thread: Thread): TransmittableFrame | null {
  const frame = thread.transmitted;
  if (frame === null || (frame.flags & COPIES) === 0) return frame;
  const source = frame.entries;
  const entries: unknown[] = [];
  for (let i = 0; i < source.length; i += 2) {
    const threadLocal = (source[i] as ThreadLocalKey).deref() as TransmittableSource | undefined;
    // A collected ThreadLocal's value is not transmitted: no code can read it any more.
    if (threadLocal !== undefined) entries.push(source[i], threadLocal[copyValueOf](source[i + 1]));
  }
  return entries.length === 0 ? null : new TransmittableFrame(entries, frame.flags);
}

/** @returns the registered ThreadLocals' values on `thread`, through their copiers; `null` when none is registered */
export function captureRegistered(thread: Thread): unknown[] | null {
  if (registered.size === 0) return null;
  const out: unknown[] = [];
  const copiers: Copier[] = [];
  for (const [key, copier] of registered) {
    if (key.deref() === undefined) {
      registered.delete(key);
      continue;
    }
    out.push(key, valueOn(thread, key));
    copiers.push(copier);
  }
  // Copy after the walk: a copier is user code and may register or unregister.
  for (let i = 0; i < out.length; i += 2) {
    if (out[i + 1] !== ABSENT) out[i + 1] = (copiers[i / 2] as Copier)(out[i + 1]);
  }
  return out;
}

/**
 * Puts `frame` on `thread` for a task, then calls the captured values' `beforeExecute()`.
 *
 * @returns the thread's own frame, the backup
 */
export function replayFrame(thread: Thread, frame: TransmittableFrame | null): TransmittableFrame | null {
  const own = thread.transmitted;
  putFrame(thread, frame);
  if (frame !== null && (frame.flags & HOOKS) !== 0) callHooks(thread, frame, beforeExecuteOf);
  return own;
}

/** Calls `afterExecute()` of the values `thread` holds, then puts its own frame back. */
export function restoreFrame(thread: Thread, own: TransmittableFrame | null): void {
  const frame = thread.transmitted;
  if (frame !== null && (frame.flags & HOOKS) !== 0) callHooks(thread, frame, afterExecuteOf);
  putFrame(thread, own);
}

/** Sets (or removes) the registered ThreadLocals on `thread` as captured. @returns their previous state */
export function replayRegistered(thread: Thread, captured: readonly unknown[]): unknown[] {
  const backup: unknown[] = [];
  for (let i = 0; i < captured.length; i += 2) {
    const key = captured[i] as ThreadLocalKey;
    backup.push(key, valueOn(thread, key));
  }
  applyRegistered(thread, captured);
  return backup;
}

/** Puts the registered ThreadLocals back as backed up (or as a capture says). */
export function applyRegistered(thread: Thread, values: readonly unknown[]): void {
  for (let i = 0; i < values.length; i += 2) {
    const access = (values[i] as ThreadLocalKey).deref() as ThreadBoundAccess | undefined;
    if (access === undefined) continue;
    const value = values[i + 1];
    if (value === ABSENT) access[removeFromThread](thread);
    else access[setOnThread](thread, value);
  }
}

/** @returns what a capture of nothing holds for the registered ThreadLocals: each one absent */
export function clearedRegistered(): unknown[] | null {
  if (registered.size === 0) return null;
  const out: unknown[] = [];
  for (const key of registered.keys()) out.push(key, ABSENT);
  return out;
}

// ---- the pool's three calls ---------------------------------------------------------------------

/**
 * At `execute()`/`submit()`, in the submitter's context: fills the job's slots. With no thread
 * holding a transmittable value and nothing registered (the common case), two compares.
 */
export function captureForTask(job: TransmissionSlots): void {
  if (frameHolders === 0 && registered.size === 0) return;
  // `Thread.currentThread()` inlined, as in ThreadLocal.get(): this runs on every submit.
  const thread = carrier.getStore() ?? mainThread;
  const frame = thread.transmitted;
  if (frame !== null) job.transmitted = (frame.flags & COPIES) === 0 ? frame : captureFrame(thread);
  if (registered.size !== 0) job.registered = captureRegistered(thread);
}

/**
 * On the pool thread, before the task starts (and before the observer's `taskStarted`, so that an
 * audit counts the transmitted values as found by the task, not as left by it). The pool thread's
 * own values are hidden for the task, as TTL's replay does; the job keeps them.
 */
export function replayForTask(thread: Thread, job: TransmissionSlots): void {
  const captured = job.transmitted;
  if (captured !== null || thread.transmitted !== null) job.transmitted = replayFrame(thread, captured);
  if (job.registered !== null) job.registered = replayRegistered(thread, job.registered);
}

/**
 * On the pool thread, after the task settled (and after the observer's `taskEnded`, so that an
 * audit still sees a transmittable value the task set and did not remove): puts the thread's own
 * values back and drops what the task set or removed, so the transmission leaves nothing behind.
 */
export function restoreAfterTask(thread: Thread, job: TransmissionSlots): void {
  const own = job.transmitted;
  if (own !== null || thread.transmitted !== null) restoreFrame(thread, own);
  job.transmitted = null;
  if (job.registered !== null) {
    applyRegistered(thread, job.registered);
    job.registered = null;
  }
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

/** @returns the value of `key`'s entry in `thread`'s map, or {@link ABSENT} */
function valueOn(thread: Thread, key: ThreadLocalKey): unknown {
  const map = thread.threadLocals ?? thread.lateThreadLocals;
  const index = map === null ? -1 : map.indexOf(key);
  return map === null || index < 0 ? ABSENT : map.table[index + 1];
}

/**
 * Calls `beforeExecute()`/`afterExecute()` of each value in `frame`. An error there is user code
 * failing outside any task: it goes to the thread's uncaught exception handler, and the
 * transmission goes on, because an interrupted replay or restore would leave values behind.
 */
function callHooks(thread: Thread, frame: TransmittableFrame, hook: typeof beforeExecuteOf | typeof afterExecuteOf): void {
  const entries = frame.entries;
  for (let i = 0; i < entries.length; i += 2) {
    const threadLocal = (entries[i] as ThreadLocalKey).deref() as TransmittableSource | undefined;
    if (threadLocal === undefined) continue;
    try {
      threadLocal[hook]();
    } catch (error) {
      thread.dispatchUncaughtException(error);
    }
  }
}
