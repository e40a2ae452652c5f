import type { Project } from 'ts-morph';
import type { CheckMeta, Finding } from '../Finding.js';
import { locationOf, setSites } from '../analysis/location.js';
import { threadLocalIndex } from '../analysis/threadLocalIndex.js';
import { describeScopedForms, describeSet, describeUndo } from '../analysis/wording.js';

/** Metadata of the `never-removed` check. */
export const neverRemovedMeta: CheckMeta = {
  id: 'never-removed',
  level: 'error',
  shortDescription: 'A thread-local is set somewhere in the program and removed nowhere.',
  fullDescription:
    'A thread-local that is set but never removed keeps its last value reachable from every thread that set it, ' +
    'for as long as the thread lives; on a pooled thread that is the life of the pool, and the next task sees the ' +
    'value. The check follows every reference to the thread-local across the whole program, so it also sees a ' +
    'set() in one module whose remove() was forgotten in all the others.',
};

/**
 * Reports each thread-local (of the `thread-local` kind) that has at least one `set()` and no
 * `remove()` anywhere in the program. The finding sits on the declaration, with the set sites as
 * related locations. An AsyncLocalStorage has no undo by name (its undo puts the saved store back
 * with `enterWith`), so it is judged per call by `enter-with-not-restored` instead.
 *
 * @param project - the program to check
 * @returns one finding per thread-local that is never removed
 */
export function neverRemoved(project: Project): Finding[] {
  const index = threadLocalIndex(project);
  const findings: Finding[] = [];
  for (const threadLocal of index.threadLocals) {
    if (threadLocal.family !== 'thread-local') continue;
    const { sets, removes } = index.operationsOf(threadLocal);
    if (sets.length === 0 || removes.length > 0) continue;
    const others = sets.length > 1 ? ` (and ${sets.length - 1} more)` : '';
    findings.push({
      checkId: 'never-removed',
      message:
        `\`${threadLocal.name}\` is set with \`${describeSet(threadLocal)}\` at {0}${others} but ` +
        `\`${describeUndo(threadLocal)}\` is called nowhere in the program, so every thread that sets it keeps the ` +
        `value alive and a pooled thread hands it to its next task. Call \`${describeUndo(threadLocal)}\` in a ` +
        `\`finally\` that covers the set, or use ${describeScopedForms(threadLocal)}.`,
      location: locationOf(threadLocal.node.name, threadLocal.sourceFile),
      related: setSites(sets),
    });
  }
  return findings;
}
