import type { ThreadLocalDecl } from '../analysis/threadLocalIndex.js';

/**
 * The call that sets a thread-local, as code: `ctx.set()` or `als.enterWith()`.
 *
 * @param threadLocal - the thread-local
 * @returns the call, for messages
 */
export function describeSet(threadLocal: ThreadLocalDecl): string {
  return `${threadLocal.name}.${threadLocal.family === 'thread-local' ? 'set' : 'enterWith'}()`;
}

/**
 * The call that removes a thread-local's value, as code: `ctx.remove()` or `als.disable()`.
 *
 * @param threadLocal - the thread-local
 * @returns the call, for messages
 */
export function describeRemove(threadLocal: ThreadLocalDecl): string {
  return `${threadLocal.name}.${threadLocal.family === 'thread-local' ? 'remove' : 'disable'}()`;
}

/**
 * The scoped form that cannot leak: `ctx.runWith(value, fn)` or `als.run(store, fn)`.
 *
 * @param threadLocal - the thread-local
 * @returns the call, for messages
 */
export function describeSafeForm(threadLocal: ThreadLocalDecl): string {
  return threadLocal.family === 'thread-local'
    ? `${threadLocal.name}.runWith(value, fn)`
    : `${threadLocal.name}.run(value, fn)`;
}
