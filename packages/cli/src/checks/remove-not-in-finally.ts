import type { Project } from 'ts-morph';
import type { CheckMeta, Finding } from '../Finding.js';
import { isFinallyCovered } from '../analysis/coverage.js';
import { locationOf, setSites } from '../analysis/location.js';
import { functionName, threadLocalIndex } from '../analysis/threadLocalIndex.js';
import { describeScopedForms, describeSet } from '../analysis/wording.js';

/** Metadata of the `remove-not-in-finally` check. */
export const removeNotInFinallyMeta: CheckMeta = {
  id: 'remove-not-in-finally',
  level: 'warning',
  shortDescription: 'A thread-local is removed only in functions that no finally block calls.',
  fullDescription:
    'A remove() in a helper (clearContext(), endRequest()) protects against the leak only if the helper runs in a ' +
    'finally: called on the normal path only, it is skipped by any exception thrown between the set() and the call, ' +
    'and the value stays on the thread. The check follows calls across files from every finally block and ' +
    '.finally() callback, and reports a thread-local none of whose removes can run from one.',
};

/**
 * Reports the removes of a thread-local (of the `thread-local` kind) when none of its removes is finally-covered (see
 * `analysis/coverage.ts`). Only removes in helper functions (functions that do not also set the
 * thread-local) are reported: a set and a remove in one function is the ESLint rule
 * `@tlkit/remove-in-finally`'s case, which sees it within one file.
 *
 * @param project - the program to check
 * @returns one finding per remove site in a helper that no finally reaches
 */
export function removeNotInFinally(project: Project): Finding[] {
  const index = threadLocalIndex(project);
  const findings: Finding[] = [];
  for (const threadLocal of index.threadLocals) {
    // AsyncLocalStorage has no remove: its restores are judged by `enter-with-not-restored`.
    if (threadLocal.family !== 'thread-local') continue;
    const { sets, removes } = index.operationsOf(threadLocal);
    if (sets.length === 0 || removes.length === 0) continue;
    if (removes.some((op) => isFinallyCovered(index, op))) continue;
    const setFunctions = new Set(sets.map((op) => op.fn));
    for (const remove of removes) {
      if (remove.fn === undefined || setFunctions.has(remove.fn)) continue;
      const helper = functionName(remove.fn);
      const call = helper === '(anonymous function)' ? 'this function' : `\`${helper}()\``;
      findings.push({
        checkId: 'remove-not-in-finally',
        message:
          `\`${threadLocal.name}.${remove.method}()\` runs only in ${call}, which no \`finally\` block calls, so an ` +
          `exception after \`${describeSet(threadLocal)}\` at {0} skips it and the value stays on the thread. ` +
          `Call ${call} from a \`finally\` that covers the set, or use ${describeScopedForms(threadLocal)}.`,
        location: locationOf(remove.call, remove.sourceFile),
        related: setSites(sets),
      });
    }
  }
  return findings;
}
