import type { LocalStateKind } from './vocabulary.js';

/*
 * How each kind is spoken of in messages. An AsyncLocalStorage is never described in a ThreadLocal's
 * words: its store belongs to an async chain, not to a thread, it is put in place with `enterWith`,
 * undone by putting the earlier store back, and scoped with `run` or `withScope`. `disable()` is never
 * offered as an undo.
 */

/** What the rules and checks may say about a kind. */
export interface KindWording {
  /** What an instance is called in prose: "thread-local", "AsyncLocalStorage". */
  readonly noun: string;
  /** Where its value lives: "the current thread", "the current async chain". */
  readonly holder: string;
}

/** The wording of each kind. */
export const WORDING: Readonly<Record<LocalStateKind, KindWording>> = {
  'thread-local': { noun: 'thread-local', holder: 'the current thread' },
  'async-local-storage': { noun: 'AsyncLocalStorage', holder: 'the current async chain' },
};

/**
 * @param name - how the code names the instance (`requestUser`, `Context.als`).
 * @param kind - its kind.
 * @returns the call that puts a value in place: `user.set()`, `als.enterWith()`.
 */
export function describeSet(name: string, kind: LocalStateKind): string {
  return `${name}.${kind === 'thread-local' ? 'set' : 'enterWith'}()`;
}

/**
 * @param name - how the code names the instance.
 * @param kind - its kind.
 * @returns the undo, as code: `user.remove()`; for AsyncLocalStorage, putting the earlier store back
 *   (`als.enterWith(previous)` after `const previous = als.getStore()`).
 */
export function describeUndo(name: string, kind: LocalStateKind): string {
  return kind === 'thread-local' ? `${name}.remove()` : `${name}.enterWith(previous)`;
}

/**
 * @param name - how the code names the instance.
 * @param kind - its kind.
 * @param withScope - whether the target Node has `AsyncLocalStorage#withScope` (Node ≥ 24).
 * @returns the scoped forms that cannot leak, as code, joined with "or".
 */
export function describeScopedForms(name: string, kind: LocalStateKind, withScope: boolean): string {
  if (kind === 'thread-local') return `\`${name}.runWith(value, fn)\` or \`using _ = ${name}.scope(value)\``;
  return withScope
    ? `\`using _ = ${name}.withScope(store)\` or \`${name}.run(store, fn)\``
    : `\`${name}.run(store, fn)\``;
}
