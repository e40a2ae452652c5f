import type { Project } from 'ts-morph';
import type { CheckMeta, Finding } from '../Finding.js';
import { isSetCovered, reachableFrom } from '../analysis/coverage.js';
import { enclosingFunctions, locationOf, relatedOf } from '../analysis/location.js';
import type { FunctionNode, PoolSubmission } from '../analysis/threadLocalIndex.js';
import { functionName, threadLocalIndex } from '../analysis/threadLocalIndex.js';
import { describeScopedForms, describeUndo } from '../analysis/wording.js';

/** Metadata of the `pool-task-set` check. */
export const poolTaskSetMeta: CheckMeta = {
  id: 'pool-task-set',
  level: 'error',
  shortDescription: 'A function run by a thread pool sets a thread-local and does not remove it in a finally.',
  fullDescription:
    "A ThreadPool reuses its threads: whatever a task leaves in a thread-local stays on the pooled thread, keeps " +
    'its value alive and is seen by the next task that runs there. The check starts from every task passed to ' +
    'ThreadPool#execute and #submit, follows calls across files, and reports each set() in another file than the ' +
    "submission that is not undone by a remove() in a covering finally: that file's own lint cannot know the " +
    'function runs on a pool.',
};

/**
 * Reports sets of thread-locals in functions reachable from a pool task when the set is in another
 * file than the submission and is not covered (see `analysis/coverage.ts`).
 *
 * @param project - the program to check
 * @returns one finding per uncovered set site (reported once, for the first submission reaching it)
 */
export function poolTaskSet(project: Project): Finding[] {
  const index = threadLocalIndex(project);
  const submittedBy = new Map<FunctionNode, PoolSubmission>();
  for (const submission of index.poolSubmissions) {
    for (const fn of reachableFrom(index, submission.task)) {
      if (!submittedBy.has(fn)) submittedBy.set(fn, submission);
    }
  }
  const findings: Finding[] = [];
  if (submittedBy.size === 0) return findings;
  for (const set of index.operations) {
    // An AsyncLocalStorage's enterWith is judged wherever it runs by `enter-with-not-restored`.
    if (set.kind !== 'set' || set.fn === undefined || set.threadLocal.family !== 'thread-local') continue;
    const runner = enclosingFunctions(set.call).find((fn) => submittedBy.has(fn));
    const submission = runner === undefined ? undefined : submittedBy.get(runner);
    if (submission === undefined || submission.sourceFile === set.sourceFile) continue;
    if (isSetCovered(index, set)) continue;
    const threadLocal = set.threadLocal;
    const pool = submission.call.expression.getText(submission.sourceFile);
    findings.push({
      checkId: 'pool-task-set',
      message:
        `\`${threadLocal.name}.${set.method}()\` in \`${functionName(set.fn)}\` runs on a pooled thread (the task ` +
        `passed to \`${pool}()\` at {0}) and is not undone by \`${describeUndo(threadLocal)}\` in a covering ` +
        `\`finally\`, so the value stays on the pool thread and the next task sees it. Use ` +
        `${describeScopedForms(threadLocal)}, or call \`${describeUndo(threadLocal)}\` in a \`finally\`.`,
      location: locationOf(set.call, set.sourceFile),
      related: [relatedOf(submission.call, `task passed to \`${pool}()\` here`)],
    });
  }
  return findings;
}
