import type { Thread } from '../Thread.js';

/**
 * Lets the map ask an InheritableThreadLocal for a child value without a runtime import of that
 * class (which would create an import cycle) and without making `childValue` public.
 */
export const childValueOf: unique symbol = Symbol('tlkit.childValueOf');

/** The shape the map relies on when it copies inheritable entries into a new thread. */
export interface ChildValueSource {
  [childValueOf](parentValue: unknown): unknown;
}

/**
 * Internal entry points of every ThreadLocal for the transmission (internal/transmission.ts): set
 * or remove the value of a given thread, which is not always the current one (a restore after an
 * async task runs wherever the promise settled), with the usual observer events.
 */
export const setOnThread: unique symbol = Symbol('tlkit.setOnThread');
export const removeFromThread: unique symbol = Symbol('tlkit.removeFromThread');

/** What the transmission needs of any ThreadLocal. */
export interface ThreadBoundAccess {
  [setOnThread](thread: Thread, value: unknown): void;
  [removeFromThread](thread: Thread): void;
}

/**
 * Lets the map and the transmission recognise a TransmittableThreadLocal, and call its protected
 * `copy()`, `beforeExecute()` and `afterExecute()`, without a runtime import of that class.
 */
export const copyValueOf: unique symbol = Symbol('tlkit.copyValueOf');
export const beforeExecuteOf: unique symbol = Symbol('tlkit.beforeExecuteOf');
export const afterExecuteOf: unique symbol = Symbol('tlkit.afterExecuteOf');

/** The shape of a TransmittableThreadLocal as the transmission sees it. */
export interface TransmittableSource extends ThreadBoundAccess {
  [copyValueOf](parentValue: unknown): unknown;
  [beforeExecuteOf](): void;
  [afterExecuteOf](): void;
}
