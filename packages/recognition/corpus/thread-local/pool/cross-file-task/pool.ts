// A pool task from another file set()s and removes on the normal path only: the scan follows the task and reports the set; each file's lint sees a missing remove.
// recognize: pool=thread-pool
import { ThreadPool } from '@tlkit/core';
import { importBatch } from './job.js';

const pool = new ThreadPool({ size: 2, name: 'importers' });

export function enqueue(batchId: string): Promise<number> {
  return pool.submit(() => importBatch(batchId));
}
