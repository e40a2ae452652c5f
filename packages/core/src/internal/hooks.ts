import { ObserverError } from '../errors.js';
import type { ThreadLocalObserver, ThreadLocalObserverEvent, ThreadLocalObserverHook as Hook } from '../observer.js';
import { carrier } from './carrier.js';
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
] as const satisfies readonly ThreadLocalObserverEvent[];

/**
 * One slot per event, `null` unless the installed observer implements that event: a hot path
 * pays one predictable branch for an event nobody listens to, whether or not an observer is
 * installed, and calls only what was asked for. Each slot is a fixed-arity closure that calls the
 * observer's method with the observer as `this` and contains what it throws (see `slotsFor`); one
 * shape per slot keeps the call inlinable. Core's call sites never need a `try` of their own.
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
/** Whether an error thrown by the installed observer was reported since it was installed. */
let reported = false;

type Slots = { [K in ThreadLocalObserverEvent]-?: Hook<K> | null };

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

/**
 * Builds one slot per implemented event. Each slot calls the method inside a `try`: an observer
 * error must never reach core, where it would skip the work after the call (a pool task's
 * settlement, a thread's exit, a `runWith` restore). The `try` lives here, in code that exists only
 * while an observer implements the event, so a path with no observer keeps its single branch.
 * One function literal per event, not one shared factory: a shared literal shares V8's call
 * feedback, turns megamorphic across events and is no longer inlined.
 */
function slotsFor(o: ThreadLocalObserver): Slots {
  /* eslint-disable @typescript-eslint/unbound-method -- each is read once and called as `method.call(o, …)` */
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
  /* eslint-enable @typescript-eslint/unbound-method */
  return {
    threadLocalCreated: created
      ? (threadLocal, key) => {
          try {
            created.call(o, threadLocal, key);
          } catch (error) {
            contain('threadLocalCreated', error);
          }
        }
      : null,
    threadStarted: started
      ? (thread) => {
          try {
            started.call(o, thread);
          } catch (error) {
            contain('threadStarted', error);
          }
        }
      : null,
    threadExiting: exiting
      ? (thread) => {
          try {
            exiting.call(o, thread);
          } catch (error) {
            contain('threadExiting', error);
          }
        }
      : null,
    taskSubmitted: submitted
      ? (task) => {
          try {
            submitted.call(o, task);
          } catch (error) {
            contain('taskSubmitted', error);
          }
        }
      : null,
    taskStarted: taskStarted
      ? (thread, task) => {
          try {
            taskStarted.call(o, thread, task);
          } catch (error) {
            contain('taskStarted', error);
          }
        }
      : null,
    taskEnded: taskEnded
      ? (thread, task, failed) => {
          try {
            taskEnded.call(o, thread, task, failed);
          } catch (error) {
            contain('taskEnded', error);
          }
        }
      : null,
    entrySet: set
      ? (thread, threadLocal, key, value, initial) => {
          try {
            set.call(o, thread, threadLocal, key, value, initial);
          } catch (error) {
            contain('entrySet', error);
          }
        }
      : null,
    entryRemoved: removed
      ? (thread, threadLocal, key) => {
          try {
            removed.call(o, thread, threadLocal, key);
          } catch (error) {
            contain('entryRemoved', error);
          }
        }
      : null,
    entryExpunged: expunged
      ? (thread, key, value) => {
          try {
            expunged.call(o, thread, key, value);
          } catch (error) {
            contain('entryExpunged', error);
          }
        }
      : null,
    terminatedThreadAccess: late
      ? (thread, threadLocal, access) => {
          try {
            late.call(o, thread, threadLocal, access);
          } catch (error) {
            contain('terminatedThreadAccess', error);
          }
        }
      : null,
  };
}

/**
 * What core does with an error an observer method threw: nothing in core's own work changes (the
 * event's operation completes as if the call had returned), and the first error of each
 * installation becomes a process warning — once, because an observer that throws on one event
 * usually throws on every event, and a warning per `set()` would flood the output.
 */
function contain(event: ThreadLocalObserverEvent, error: unknown): void {
  if (reported) return;
  reported = true;
  const warning = new ObserverError(
    event,
    `ThreadLocalObserver.${event} threw; core ignored the error and carried on. Later errors of this observer are not reported until an observer is installed again.`,
    error,
  );
  // Warnings are delivered from a later tick, which inherits the current async context: outside
  // the carrier, a 'warning' listener runs on `main`, not on whichever thread the event happened.
  carrier.exit(() => {
    process.emitWarning(warning);
  });
}

/** Validates `observer` and returns its slots, reusing those built before if its methods are unchanged. */
function slotsOf(observer: ThreadLocalObserver): Slots {
  if (typeof observer !== 'object' || Array.isArray(observer)) {
    throw new TypeError(badArgument('observer', observer, 'an object implementing ThreadLocalObserver, or null'));
  }
  const methods = THREAD_LOCAL_OBSERVER_EVENTS.map((name) => {
    // eslint-disable-next-line @typescript-eslint/unbound-method -- read only to check its type and identity
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
  reported = false;
  return previous;
}
