import type { ModuleId, RecognizedKind } from './vocabulary.js';

/*
 * When a thread-local's value reaches code that runs on another thread. This decides, for both tools,
 * which thread-locals are read stale in pool code: an `InheritableThreadLocal` copies its value into a
 * thread when the thread is *constructed*, and a `ThreadPool` constructs its threads once, so a task
 * reads whatever the thread inherited from the code that caused its creation, not its submitter's
 * value. A `TransmittableThreadLocal` (Alibaba TTL's model) captures its value when a task is
 * *submitted* and replays it for that task only.
 */

/**
 * How a value of a `@tlkit/core` thread-local class reaches another thread:
 * - `none`: it does not (`ThreadLocal`);
 * - `thread-creation`: copied when a thread is constructed (`InheritableThreadLocal`), frozen from
 *   then on for a pooled thread;
 * - `task-submission`: captured when a task is handed to a pool, for that task (`TransmittableThreadLocal`).
 */
export type Inheritance = 'none' | 'thread-creation' | 'task-submission';

/** The inheritance of each `@tlkit/core` thread-local class, by export name. */
export const INHERITANCE: ReadonlyMap<string, Inheritance> = new Map<string, Inheritance>([
  ['ThreadLocal', 'none'],
  ['InheritableThreadLocal', 'thread-creation'],
  ['TransmittableThreadLocal', 'task-submission'],
]);

/** The class that replaces one whose value pool code reads frozen: its value follows each task. */
export const TRANSMITTABLE_CLASS = 'TransmittableThreadLocal';

/**
 * @param className - the nearest `@tlkit/core` class in an instance's class chain (its own class, or
 *   the first base declared by `@tlkit/core`): a subclass of `TransmittableThreadLocal` is judged by
 *   `TransmittableThreadLocal`, not by the `InheritableThreadLocal` it extends in turn.
 * @returns whether a pooled thread reads that instance's value as frozen when the thread was created.
 */
export function isFrozenInPool(className: string): boolean {
  return INHERITANCE.get(className) === 'thread-creation';
}

/**
 * The classes whose instances pool code reads frozen, as a table of the same shape as `MODULE_CLASSES`:
 * a recognizer given this table recognizes exactly those instances, and their subclasses (never a
 * subclass of `TransmittableThreadLocal`, which is not in it).
 */
export const FROZEN_IN_POOL_CLASSES: Readonly<Record<ModuleId, ReadonlyMap<string, RecognizedKind>>> = {
  core: new Map<string, RecognizedKind>(
    [...INHERITANCE].filter(([name]) => isFrozenInPool(name)).map(([name]) => [name, 'thread-local']),
  ),
  async_hooks: new Map(),
};
