// A pool task that uses runWith(): nothing is left on the pooled thread: safe.
// recognize: traceId=thread-local, workers=thread-pool
import { ThreadLocal, ThreadPool } from '@tlkit/core';

const traceId = new ThreadLocal<string>();
const workers = new ThreadPool({ size: 2 });

export function trace(id: string, task: () => void): void {
  workers.execute(() => traceId.runWith(id, task));
}
