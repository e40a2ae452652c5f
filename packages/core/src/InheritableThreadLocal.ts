import { childValueOf } from './internal/symbols.js';
import { ThreadLocal } from './ThreadLocal.js';

/**
 * A {@link ThreadLocal} whose value is copied into every {@link Thread} constructed on a thread that
 * has a value, through {@link InheritableThreadLocal.childValue}, as Java's `InheritableThreadLocal`.
 * The copy is taken when the child is constructed; later changes on either side are not shared.
 * A thread constructed with `inheritThreadLocals: false` inherits nothing.
 *
 * Pool threads inherit from whichever thread caused them to be created, as in Java: values seen by
 * pooled tasks through inheritance are those of the first submitter, not of each task's submitter.
 *
 * @typeParam T - the type of the value
 */
export class InheritableThreadLocal<T> extends ThreadLocal<T> {
  /**
   * Computes the child's value from the parent's when a thread is constructed.
   *
   * @param parentValue - the constructing thread's value
   * @returns the child's value; by default the same value (so mutable objects are shared)
   */
  protected childValue(parentValue: T): T {
    return parentValue;
  }

  /** @internal Called by the map when it copies entries into a new thread. */
  [childValueOf](parentValue: unknown): unknown {
    return this.childValue(parentValue as T);
  }
}
