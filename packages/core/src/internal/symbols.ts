/**
 * Lets the map ask an InheritableThreadLocal for a child value without a runtime import of that
 * class (which would create an import cycle) and without making `childValue` public.
 */
export const childValueOf: unique symbol = Symbol('tlkit.childValueOf');

/** The shape the map relies on when it copies inheritable entries into a new thread. */
export interface ChildValueSource {
  [childValueOf](parentValue: unknown): unknown;
}
