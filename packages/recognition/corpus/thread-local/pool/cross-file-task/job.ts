// The task body: the set is removed at the end of the function, not in a finally, so a throw leaves it on the pooled thread.
// ESLint cannot know this file runs on a pool: it reports missingRemove; pool-task-set is the scan's.
// recognize: batch=thread-local
import { ThreadLocal } from '@tlkit/core';

const batch = new ThreadLocal<string>();

function load(batchId: string): number {
  return batchId.length;
}

export function importBatch(batchId: string): number {
  batch.set(batchId); // expect(eslint,typed): remove-in-finally/missingRemove expect(scan): pool-task-set
  const count = load(batchId);
  batch.remove();
  return count;
}
