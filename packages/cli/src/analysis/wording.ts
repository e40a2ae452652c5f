import {
  WORDING,
  describeScopedForms as describeScopedFormsOf,
  describeSet as describeSetOf,
  describeUndo as describeUndoOf,
} from '@tlkit/recognition';
import type { ThreadLocalDecl } from '../analysis/threadLocalIndex.js';

/*
 * The checks' words for a declared thread-local, from @tlkit/recognition's wording so the scan and
 * the ESLint rules speak of each kind alike: an AsyncLocalStorage is put in place with `enterWith`,
 * undone by putting the earlier store back, and scoped with `run`; `disable()` is never offered.
 */

/**
 * The call that puts a value in place, as code: `ctx.set()` or `als.enterWith()`.
 *
 * @param threadLocal - the thread-local
 * @returns the call, for messages
 */
export function describeSet(threadLocal: ThreadLocalDecl): string {
  return describeSetOf(threadLocal.name, threadLocal.family);
}

/**
 * The undo, as code: `ctx.remove()`, or `als.enterWith(previous)` (the store read before the set).
 *
 * @param threadLocal - the thread-local
 * @returns the call, for messages
 */
export function describeUndo(threadLocal: ThreadLocalDecl): string {
  return describeUndoOf(threadLocal.name, threadLocal.family);
}

/**
 * The scoped forms that cannot leak, each in backticks: `` `ctx.runWith(value, fn)` or `using _ =
 * ctx.scope(value)` ``, `` `als.run(store, fn)` ``. The scan does not know the target Node, so it
 * never offers `withScope` (Node ≥ 24 only).
 *
 * @param threadLocal - the thread-local
 * @returns the forms, for messages
 */
export function describeScopedForms(threadLocal: ThreadLocalDecl): string {
  return describeScopedFormsOf(threadLocal.name, threadLocal.family, false);
}

/**
 * @param threadLocal - the thread-local
 * @returns what it is called in prose (`thread-local`, `AsyncLocalStorage`) and where its value
 *   lives (`the current thread`, `the current async chain`)
 */
export function wordingOf(threadLocal: ThreadLocalDecl): { readonly noun: string; readonly holder: string } {
  return WORDING[threadLocal.family];
}
