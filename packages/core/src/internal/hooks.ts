import type { ThreadLocalObserver } from '../observer.js';
import { badArgument } from './describe.js';

/**
 * The names of every `ThreadLocalObserver` event, for observers that forward or filter
 * events generically (chaining to a previous observer, enabling a subset per level).
 */
export const THREAD_LOCAL_OBSERVER_EVENTS = [
  'threadLocalCreated',
  'threadStarted',
  'threadExiting',
  'taskSubmitted',
  'taskStarted',
  'taskEnded',
  'entrySet',
  'entryRemoved',
  'entryExpunged',
  'terminatedThreadAccess',
] as const satisfies readonly (keyof ThreadLocalObserver)[];

/** The signature of one observer event. */
type Hook<K extends keyof ThreadLocalObserver> = NonNullable<ThreadLocalObserver[K]>;

/**
 * One slot per event, `null` unless the installed observer implements that event: a hot path
 * pays one predictable branch for an event nobody listens to, whether or not an observer is
 * installed, and calls only what was asked for. Each slot is a fixed-arity closure that calls the
 * observer's method with the observer as `this`; one shape per slot keeps the call inlinable.
 * Module-level bindings: a plain context-slot load in V8.
 */
export let onThreadLocalCreated: Hook<'threadLocalCreated'> | null = null;
export let onThreadStarted: Hook<'threadStarted'> | null = null;
export let onThreadExiting: Hook<'threadExiting'> | null = null;
export let onTaskSubmitted: Hook<'taskSubmitted'> | null = null;
export let onTaskStarted: Hook<'taskStarted'> | null = null;
export let onTaskEnded: Hook<'taskEnded'> | null = null;
export let onEntrySet: Hook<'entrySet'> | null = null;
export let onEntryRemoved: Hook<'entryRemoved'> | null = null;
export let onEntryExpunged: Hook<'entryExpunged'> | null = null;
export let onTerminatedThreadAccess: Hook<'terminatedThreadAccess'> | null = null;

let installed: ThreadLocalObserver | null = null;

type Slots = { [K in keyof ThreadLocalObserver]-?: Hook<K> | null };

const NO_SLOTS: Slots = {
  threadLocalCreated: null,
  threadStarted: null,
  threadExiting: null,
  taskSubmitted: null,
  taskStarted: null,
  taskEnded: null,
  entrySet: null,
  entryRemoved: null,
  entryExpunged: null,
  terminatedThreadAccess: null,
};

/**
 * The slots built for each observer ever installed, with the methods they were built from:
 * installing the same observer again, unchanged, reuses the same closures, so call sites V8 has
 * specialised on them stay specialised; a changed method rebuilds them.
 */
const built = new WeakMap<ThreadLocalObserver, { methods: readonly unknown[]; slots: Slots }>();

function slotsFor(o: ThreadLocalObserver): Slots {
  const created = o.threadLocalCreated;
  const started = o.threadStarted;
  const exiting = o.threadExiting;
  const submitted = o.taskSubmitted;
  const taskStarted = o.taskStarted;
  const taskEnded = o.taskEnded;
  const set = o.entrySet;
  const removed = o.entryRemoved;
  const expunged = o.entryExpunged;
  const late = o.terminatedThreadAccess;
  return {
    threadLocalCreated: created ? (threadLocal, key) => created.call(o, threadLocal, key) : null,
    threadStarted: started ? (thread) => started.call(o, thread) : null,
    threadExiting: exiting ? (thread) => exiting.call(o, thread) : null,
    taskSubmitted: submitted ? (task) => submitted.call(o, task) : null,
    taskStarted: taskStarted ? (thread, task) => taskStarted.call(o, thread, task) : null,
    taskEnded: taskEnded ? (thread, task, failed) => taskEnded.call(o, thread, task, failed) : null,
    entrySet: set ? (thread, threadLocal, key, value, initial) => set.call(o, thread, threadLocal, key, value, initial) : null,
    entryRemoved: removed ? (thread, threadLocal, key) => removed.call(o, thread, threadLocal, key) : null,
    entryExpunged: expunged ? (thread, key, value) => expunged.call(o, thread, key, value) : null,
    terminatedThreadAccess: late ? (thread, threadLocal, access) => late.call(o, thread, threadLocal, access) : null,
  };
}

/** Validates `observer` and returns its slots, reusing those built before if its methods are unchanged. */
function slotsOf(observer: ThreadLocalObserver): Slots {
  if (typeof observer !== 'object' || Array.isArray(observer)) {
    throw new TypeError(badArgument('observer', observer, 'an object implementing ThreadLocalObserver, or null'));
  }
  const methods = THREAD_LOCAL_OBSERVER_EVENTS.map((name) => {
    const method: unknown = observer[name];
    if (method !== undefined && typeof method !== 'function') {
      throw new TypeError(badArgument(`observer.${name}`, method, 'a function or undefined'));
    }
    return method;
  });
  const previous = built.get(observer);
  if (previous !== undefined && previous.methods.every((method, i) => method === methods[i])) return previous.slots;
  const slots = slotsFor(observer);
  built.set(observer, { methods, slots });
  return slots;
}

/** See `setThreadLocalObserver` in observer.ts, the public entry point. */
export function installObserver(next: ThreadLocalObserver | null): ThreadLocalObserver | null {
  const slots = next === null ? NO_SLOTS : slotsOf(next);
  onThreadLocalCreated = slots.threadLocalCreated;
  onThreadStarted = slots.threadStarted;
  onThreadExiting = slots.threadExiting;
  onTaskSubmitted = slots.taskSubmitted;
  onTaskStarted = slots.taskStarted;
  onTaskEnded = slots.taskEnded;
  onEntrySet = slots.entrySet;
  onEntryRemoved = slots.entryRemoved;
  onEntryExpunged = slots.entryExpunged;
  onTerminatedThreadAccess = slots.terminatedThreadAccess;
  const previous = installed;
  installed = next;
  return previous;
}
